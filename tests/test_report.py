"""The report sections (assen_eval.report): escaped, complete, exact, traced, both languages."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pandas as pd
import pytest

import assen_eval
from assen_eval import report
from assen_eval.build.safety import live_markup
from assen_eval.data.asof import as_of as as_of_view
from assen_eval.data.citations import Citations, split_citations
from assen_eval.data.portfolio import Portfolio
from assen_eval.errors import UsageError
from assen_eval.evaluate.allocation import funding_rows
from assen_eval.evaluate.efficiency import efficiency
from assen_eval.report.texts import TEXTS

VALID = Path(__file__).parent / "data" / "valid"
RAW = re.compile(r"\bNaN\b|\bnan\b|<NA>|\bNaT\b|\bNone\b|\bnull\b|Traceback")
EVIL = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def valid() -> Portfolio:
    return assen_eval.load(VALID)


@pytest.fixture(scope="module")
def assen() -> Portfolio:
    return assen_eval.load()


def _html(portfolio: Portfolio, contact: str | None, lang: str, charts: bool = True) -> str:
    ctx = report.context(
        portfolio, year=2010, lang=lang, build_date="2011-03-01", partnership=contact
    )
    parts = []
    for build in [*report.sections(ctx), report.sources]:
        section = build(ctx)
        if charts:
            parts.append(section.html())
        else:  # the HTML without drawing charts
            parts.append("".join(str(p) for p in section.parts if not callable(p)))
    return "".join(parts)


def _relabelled(portfolio: Portfolio) -> Portfolio:
    """The portfolio with code labels that look like raw values ("None") renamed, so that the
    check for raw values cannot be fooled by a label."""
    tables = dict(portfolio.tables)
    codes = tables["codes"].copy()
    for column in ("label_nl", "label_en"):
        raw = codes[column].str.fullmatch(RAW.pattern).fillna(False).astype(bool)
        codes.loc[raw, column] = "label " + codes.loc[raw, "code"]
    tables["codes"] = codes
    return Portfolio(tables=tables, meta=portfolio.meta, data_dir=portfolio.data_dir)


def _with(
    portfolio: Portfolio, table: str, column: str, key: str, value: str, where: str
) -> Portfolio:
    tables = dict(portfolio.tables)
    frame = tables[table].copy()
    frame.loc[frame[key] == where, column] = value
    tables[table] = frame
    return Portfolio(tables=tables, meta=portfolio.meta, data_dir=portfolio.data_dir)


# -- escaping and raw values --------------------------------------------------------------------


def test_data_text_is_escaped_everywhere(valid: Portfolio) -> None:
    evil = _with(valid, "projects", "title", "project_id", EVIL, "jobs")
    evil = _with(evil, "funding", "title_as_printed", "funding_id", EVIL, "f-2004-jobs")
    # a name lands in a chart's alt text too: quotes must not end the attribute
    evil = _with(evil, "contacts", "name", "contact_id", EVIL + '" onerror="alert(1)', "beta")
    evil = _with(evil, "discrepancies", "statement_a", "discrepancy_id", EVIL, "jobs-amount")
    for contact in (None, "beta"):
        html = _html(evil, contact, "nl")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script" not in html
        assert live_markup(html) is None  # what the exporter would refuse
        assert 'alt="&lt;script&gt;' not in html or "&quot; onerror=&quot;" in html


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_raw_missing_values_reach_any_report(
    assen: Portfolio, valid: Portfolio, lang: str
) -> None:
    for portfolio in (_relabelled(valid), _relabelled(assen)):
        for contact in [None, *portfolio.contact_ids]:
            html = _html(portfolio, contact, lang, charts=False)
            text = re.sub(r"<[^>]+>", " ", html)
            assert RAW.search(text) is None, (contact, RAW.search(text))


def test_charts_are_figures_with_a_text_alternative_and_a_link_to_their_table(
    valid: Portfolio,
) -> None:
    html = _html(valid, "beta", "en")
    figures = re.findall(r"<figure\b.*?</figure>", html, re.S)
    assert len(figures) == 2  # timeline and funding
    for fig in figures:
        img = re.search(r'<img class="ae-chart" src="data:image/svg\+xml;base64,[^"]+"[^>]*>', fig)
        assert img is not None, fig[:200]
        alt = re.search(r'alt="([^"]+)"', img.group(0))
        assert alt is not None and len(alt.group(1)) > 40
        for target in re.findall(r'<a href="#([a-z0-9_-]+)">', fig):
            assert f'<table id="{target}"' in html, target
    assert "<svg" not in html and "<?xml" not in html  # the SVG is inside the image
    assert live_markup(html) is None
    assert "Bar chart: funding by year of the grant decision for Betagrad" in html


def test_every_table_has_a_caption_and_column_headers_with_scope(assen: Portfolio) -> None:
    for contact in [None, *assen.contact_ids]:
        html = _html(assen, contact, "nl", charts=False)
        tables = re.findall(r"<table\b.*?</table>", html, re.S)
        assert tables, contact
        for tab in tables:
            assert re.search(r"^<table[^>]*><caption>[^<]+</caption>", tab), tab[:120]
            assert "<th>" not in tab and "<th " in tab
            assert all('scope="col"' in th for th in re.findall(r"<th\b[^>]*>", tab))


# -- content ------------------------------------------------------------------------------------


def test_header_shows_municipality_year_dates_and_language(valid: Portfolio) -> None:
    ctx = report.context(valid, year=2010, lang="nl", build_date="2011-03-01", partnership="alpha")
    html = report.header(ctx).html()
    for text in ("Alphastad", "Gemeente Testdorp", "Evaluatiejaar 2010", "31 december 2010"):
        assert text in html
    assert "1 maart 2011" in html and "Nederlands" in html and "<style>" in html
    ctx = report.context(valid, year=2010, lang="en", build_date="2011-03-01")
    html = report.header(ctx).html()
    assert "Municipality of Testdorp" in html and "1 March 2011" in html and "English" in html


def test_empty_sections_say_so_in_a_sentence(assen: Portfolio) -> None:
    html = _html(assen, "edr", "nl", charts=False)  # EDR: no projects, no work plan
    for key in ("profile.no_projects", "funding.none", "eff.none", "wp.none", "smart.none"):
        assert htmllib.escape(TEXTS[key][0]) in html
    assert htmllib.escape(TEXTS["ratings.none"][0]) in html
    html = _html(assen, "edr", "en", charts=False)
    assert htmllib.escape(TEXTS["profile.no_projects"][1]) in html


def test_portfolio_finance_overview_reproduces_the_nota_totals(assen: Portfolio) -> None:
    nl = report.finance(report.context(assen, year=2010, lang="nl", build_date="2011-01-01"))
    html = nl.html()
    assert "€ 4.874.851" in html and "€ 322.000" in html and "€ 104.000" in html
    assert html.count('class="ae-total"') == 1
    en = report.finance(report.context(assen, year=2010, lang="en", build_date="2011-01-01"))
    assert "€4,874,851" in en.html() and "€3,600,000" in en.html()


def test_shared_projects_are_marked_and_the_split_explained(valid: Portfolio) -> None:
    ctx = report.context(valid, year=2010, lang="nl", build_date="2011-01-01", partnership="alpha")
    html = report.funding(ctx).html()
    assert "Shared desk *" in html and htmllib.escape(TEXTS["funding.shared_mark"][0]) in html
    assert "€ 35.001" in html  # 70001 split equally: the remainder to alpha
    beta = report.context(valid, year=2010, lang="nl", build_date="2011-01-01", partnership="beta")
    assert "€ 35.000" in report.funding(beta).html()


@pytest.mark.parametrize("name", ["valid", "assen"])
def test_allocated_amounts_add_up_to_the_efficiency_figures(
    name: str, request: pytest.FixtureRequest
) -> None:
    portfolio = request.getfixturevalue(name)
    table = efficiency(portfolio, "contact").set_index("contact_id")
    for contact in portfolio.contact_ids:
        rows = funding_rows(portfolio, contact)
        subsidy = int(rows["share_subsidy_eur"].sum()) if len(rows) else 0
        own = int(rows["share_own_eur"].sum()) if len(rows) else 0
        expected = table.loc[contact] if contact in table.index else None
        assert subsidy == (0 if expected is None else int(expected["subsidy_eur"]))
        assert own == (0 if expected is None else int(expected["own_contribution_eur"]))


def test_efficiency_shows_fully_external_or_the_leverage(assen: Portfolio) -> None:
    naledi = report.context(
        assen, year=2010, lang="nl", build_date="2011-01-01", partnership="naledi"
    )
    html = report.efficiency(naledi).html()
    assert "volledig extern gefinancierd" in html and "€ 487.087" in html and "€ 26.000" in html
    poznan = report.context(
        assen, year=2010, lang="en", build_date="2011-01-01", partnership="poznan"
    )
    html = report.efficiency(poznan).html()
    assert "13.3" in html and "€322,000" in html and "7.0%" in html
    assert "€19,385.00" in html  # Workprofiler: 3.877.000 / 200 candidates (planned)


def test_english_reports_have_no_dutch_headings(assen: Portfolio) -> None:
    for contact in (None, "poznan"):
        ctx = report.context(
            assen, year=2010, lang="en", build_date="2011-01-01", partnership=contact
        )
        titles = [build(ctx).title for build in [*report.sections(ctx), report.sources]]
        dutch = {nl for key, (nl, en) in TEXTS.items() if key.startswith("section.") and nl != en}
        assert not any(title in dutch for title in titles)
        assert all(title == "" or title.isascii() or "–" in title for title in titles)


def test_contents_link_every_partnership_report(assen: Portfolio) -> None:
    html = report.contents(
        report.context(assen, year=2010, lang="nl", build_date="2011-01-01")
    ).html()
    for contact in assen.contact_ids:
        assert f'href="{contact}.html"' in html


def test_rules_ratings_and_discrepancies_of_a_partnership(valid: Portfolio) -> None:
    ctx = report.context(valid, year=2010, lang="en", build_date="2011-01-01", partnership="alpha")
    assert "Past bij het beleid." in report.ratings(ctx).html()  # the recorded rating
    assert "A memorandum every four years." in report.rules(ctx).html()
    beta = report.context(valid, year=2010, lang="en", build_date="2011-01-01", partnership="beta")
    assert "ruim een miljoen euro" in report.discrepancies(beta).html()  # about beta's funding
    assert htmllib.escape(TEXTS["disc.none"][1]) in report.discrepancies(ctx).html()
    assert htmllib.escape(TEXTS["ratings.none"][1]) in report.ratings(beta).html()


def test_werkplan_status_on_31_december(valid: Portfolio) -> None:
    ctx = report.context(valid, year=2009, lang="nl", build_date="2011-01-01", partnership="alpha")
    html = report.werkplan(ctx).html()
    assert "31 december 2009" in html and "Alphastad helpen." in html
    assert "3.000 container" in html and "75%" in html  # 3000 of 4000 measured in Nov 2009
    assert "deels gehaald" in html


def test_sources_list_every_cited_section(valid: Portfolio) -> None:
    ctx = report.context(valid, year=2010, lang="nl", build_date="2011-01-01", partnership="beta")
    html = report.sources(ctx).html()
    for section in ("par. 3.2", "hfdst. 6", "par. 3.3", "par. 4.1"):
        assert section in html
    assert "Testnota internationaal beleid" in html
    assert "bijlage 2" not in html and "hfdst. 2" not in html  # alpha's rows, not shown here


def test_context_checks_its_parameters(valid: Portfolio) -> None:
    with pytest.raises(UsageError, match="unknown partnership"):
        report.context(valid, partnership="gamma")
    with pytest.raises(UsageError, match="lang"):
        report.context(valid, lang="de")
    with pytest.raises(UsageError, match="year"):
        report.context(valid, year=1800)
    with pytest.raises(UsageError, match="build_date"):
        report.context(valid, build_date="1-3-2011")
    ctx = report.context(str(VALID), partnership="", build_date="")
    assert ctx.contact_id is None and ctx.year == 2010 and len(ctx.build_date) == 10


def test_as_of_view_leaves_out_later_funding_and_events(valid: Portfolio) -> None:
    view = as_of_view(valid, 2005)
    assert list(view.funding["funding_id"]) == ["f-2004-jobs"]
    assert int(view.events["year"].max()) <= 2005
    assert len(valid.funding) == 3  # the original is untouched


# -- metrics ------------------------------------------------------------------------------------


def test_metrics_are_tidy_deterministic_and_exact(assen: Portfolio) -> None:
    table = report.metrics(assen, 2010)
    assert tuple(table.columns) == report.METRIC_COLUMNS
    assert (table["report"] == "index").all()
    assert table.equals(report.metrics(assen, 2010))
    assert not table.duplicated(["report", "partnership", "measure"]).any()
    value = table.set_index(["partnership", "measure"])["value"]
    assert value[("", "finance.subsidy_eur")] == "4874851"
    assert value[("", "finance.own_contribution_eur")] == "322000"
    assert value[("", "budget.structureel-personeel-ontwikkeling.amount_eur")] == "104000"
    assert value[("poznan", "efficiency.own_contribution_eur")] == "322000"
    assert value[("naledi", "efficiency.leverage")] == ""  # unknown, never 0
    assert (table["source"] != "").sum() > len(table) * 0.9


def test_partnership_metrics_match_what_the_report_shows(assen: Portfolio) -> None:
    table = report.metrics(assen, 2010, "poznan")
    assert (table["report"] == "poznan").all()
    value = table.set_index("measure")["value"]
    assert value["funding.f-2004-workprofiler.subsidy_eur"] == "3600000"
    assert float(value["efficiency.leverage"]) == pytest.approx(4271097 / 322000, abs=1e-6)
    assert value["indicator.ind-poznan-mou.status"] == "no_data"
    assert pd.api.types.is_string_dtype(table["value"])


# -- citations ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "nota 2009, par. 3.1.3; hfdst. 6",
            [("nota 2009", "par. 3.1.3"), ("nota 2009", "hfdst. 6")],
        ),
        (
            "nota 2009, bijlage 2 (werkplan 2009-2010; tweemaal); audit 2008, p. 4",
            [("nota 2009", "bijlage 2 (werkplan 2009-2010; tweemaal)"), ("audit 2008", "p. 4")],
        ),
        ("hfdst. 6;nota 2009, par. 4.1", [(None, "hfdst. 6"), ("nota 2009", "par. 4.1")]),
        ("nota 2009", [("nota 2009", "")]),
        (None, []),
    ],
)
def test_split_citations(text: str | None, expected: list[tuple[str | None, str]]) -> None:
    assert split_citations(text, ["nota 2009", "audit 2008"]) == expected


def test_citations_group_per_document_in_natural_order(valid: Portfolio) -> None:
    cited = Citations(valid.documents)
    cited.add("nota test, par. 3.10; par. 3.2", ["nota test, hfdst. 6", None], "los stuk")
    grouped = cited.grouped()
    assert grouped[0][1] == ["hfdst. 6", "par. 3.2", "par. 3.10"]
    assert grouped[-1] == (None, ["los stuk"])
    assert cited.text("nota test, par. 3.1; par. 3.1; hfdst. 6") == "nota test, par. 3.1; hfdst. 6"


def test_every_report_has_unique_measures(assen: Portfolio, valid: Portfolio) -> None:
    for portfolio in (assen, valid):
        for contact in [None, *portfolio.contact_ids]:
            table = report.metrics(portfolio, 2010, contact)
            assert len(table) > 0
            assert not table.duplicated(["report", "partnership", "measure"]).any(), contact
            assert (table["report"] == (contact or "index")).all()


# -- markup -------------------------------------------------------------------------------------


def test_markup_builds_only_safe_html() -> None:
    from assen_eval.report.context import Section
    from assen_eval.report.markup import Cell, Html, badge, link, table

    html = table(["a", "b"], [[EVIL, Cell("€ 1", "x")]], numeric=(1,), totals=[["t", "2"]])
    assert "&lt;script&gt;" in html and '<td class="num x">€ 1</td>' in html
    assert '<tr class="ae-total">' in html
    with pytest.raises(ValueError):
        table(["a", "b"], [["only one"]])
    with pytest.raises(ValueError):
        link("javascript:alert(1)", "x")
    with pytest.raises(ValueError):
        link("../../etc/passwd.html", "x")
    assert link("naledi.html", "<b>") == '<a href="naledi.html">&lt;b&gt;</a>'
    with pytest.raises(ValueError):
        badge("x", "purple")
    with pytest.raises(TypeError):
        Section("k", "t").add("<p>plain strings are not trusted</p>")  # type: ignore[arg-type]
    section = Section("k", "T<")
    section.add(Html("<p>ok</p>"), lambda: Html("<p>late</p>"))
    assert section._repr_html_() == (
        '<div class="ae-report ae-section-k"><h2 id="k">T&lt;</h2>\n<p>ok</p><p>late</p></div>'
    )


def test_indicator_reasons_explain_measurements_only(valid: Portfolio) -> None:
    html = htmllib.unescape(_html(valid, "alpha", "nl", charts=False))
    assert "3.000 van de beoogde 4.000 container (75%) gemeten op 15 november 2009" in html
    assert "Memorandum ondertekend" in html  # an indicator without a measurement ...
    assert "geen meting tot en met" not in html  # ... whose status and deadline columns say it


def test_a_flagged_unit_cost_wraps_so_the_table_fits_the_page(assen: Portfolio) -> None:
    html = _html(assen, "poznan", "nl", charts=False)
    flagged = re.search(r'<td class="([^"]*)"><span class="ae-nowrap">€\xa0?\s?19\.385,00', html)
    assert flagged is not None and flagged.group(1).split() == ["num", "wrap"]
