"""The ``assen-eval`` command line: parses arguments and calls the library, nothing else.

Exit codes: 0 success, 1 invalid data or a failed build, 2 usage error, 130 interrupted (Ctrl-C),
143 stopped by SIGTERM (handled like Ctrl-C). No traceback is shown for bad input unless
``--debug`` is given.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from assen_eval.build import audit, build
from assen_eval.build.lifeline import sigterm_as_interrupt
from assen_eval.errors import AssenEvalError, BuildError, UsageError, ValidationError

__all__ = ["EXPORT_FORMATS", "main"]

#: The formats of ``assen-eval export``.
EXPORT_FORMATS: tuple[str, ...] = ("datapackage", "iati")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assen-eval",
        description="Evaluate a municipality's international cooperation, traced to its sources.",
    )
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def data_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--data", type=Path, default=None, metavar="DIR", help="data folder (default: Assen)"
        )

    p = sub.add_parser("validate", help="validate a data folder; report every problem")
    data_arg(p)

    p = sub.add_parser("list", help="list the partnership ids, one per line")
    data_arg(p)

    p = sub.add_parser("build", help="build the yearly evaluation appendix (HTML reports)")
    data_arg(p)
    p.add_argument("--year", type=int, default=None, help="evaluation year (default: data's)")
    p.add_argument("--out", type=Path, default=None, metavar="DIR", help="output folder")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="report language")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="parallel processes")
    p.add_argument("--only", nargs="+", default=None, metavar="ID", help="only these reports")
    p.add_argument("--force", action="store_true", help="rerun everything, reuse nothing")
    p.add_argument(
        "--pdf",
        action="store_true",
        help="also write the whole appendix as one archival PDF (PDF/A-3, tagged for PDF/UA)",
    )
    p.add_argument(
        "--scheduler", default=None, metavar="ADDRESS", help="run on a Dask distributed cluster"
    )
    p.add_argument("--quiet", action="store_true", help="no progress output")

    p = sub.add_parser("audit", help="build the audit report of a period (art. 213a)")
    data_arg(p)
    p.add_argument(
        "--period", required=True, metavar="FIRST-LAST", help="audit period, e.g. 2009-2013"
    )
    p.add_argument("--out", type=Path, default=None, metavar="DIR", help="output folder")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="report language")
    p.add_argument("--force", action="store_true", help="rerun even when nothing changed")
    p.add_argument(
        "--pdf",
        action="store_true",
        help="also write the report as one archival PDF (PDF/A-3, tagged for PDF/UA)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress output")

    p = sub.add_parser("export", help="export the data for researchers (datapackage or IATI)")
    data_arg(p)
    p.add_argument(
        "--format",
        required=True,
        choices=EXPORT_FORMATS,
        help="datapackage: Frictionless data package; iati: IATI 2.03 activity file",
    )
    p.add_argument("--year", type=int, default=None, help="IATI: as of 31 December of YEAR")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")

    p = sub.add_parser("template", help="write an Excel workbook to enter observations")
    data_arg(p)
    p.add_argument("--year", type=int, required=True, help="indicators due by the end of YEAR")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx")

    p = sub.add_parser("import-observations", help="merge a filled-in workbook into the data")
    data_arg(p)
    p.add_argument("workbook", type=Path, metavar="FILE.xlsx")
    p.add_argument("--replace", action="store_true", help="overwrite conflicting values")
    return parser


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        # Lazy (start-up time): the data layer imports pandas.
        from assen_eval.data.portfolio import load

        portfolio = load(args.data)
        print(f"{portfolio.data_dir}: valid ({portfolio.summary()})")
        return 0
    if args.command == "list":
        # Lazy (start-up time): the data layer imports pandas.
        from assen_eval.data.portfolio import load

        for contact_id in load(args.data).contact_ids:
            print(contact_id)
        return 0
    if args.command == "build":
        summary = build(
            data_dir=args.data,
            year=args.year,
            out=args.out,
            lang=args.lang,
            jobs=args.jobs,
            only=args.only,
            force=args.force,
            pdf=args.pdf,
            scheduler=args.scheduler,
            progress=not args.quiet,
        )
        print(summary.describe())
        return 0
    if args.command == "audit":
        summary = audit(
            args.period,
            data_dir=args.data,
            out=args.out,
            lang=args.lang,
            force=args.force,
            progress_lines=not args.quiet,
            pdf=args.pdf,
        )
        print(summary.describe())
        return 0
    if args.command == "export":
        if args.format == "datapackage":
            if args.year is not None:
                raise UsageError("--year applies to --format iati only")
            # Lazy (start-up time): the export imports pandas.
            from assen_eval.opendata.export import export_datapackage

            print(export_datapackage(args.out, data_dir=args.data).describe())
            return 0
        # Lazy (start-up time): the export imports pandas.
        from assen_eval.opendata.export import export_iati

        print(export_iati(args.out, data_dir=args.data, year=args.year).describe())
        return 0
    if args.command == "template":
        # Lazy (start-up time): the data layer imports pandas.
        from assen_eval.data.excel import write_template
        from assen_eval.data.portfolio import load

        path = write_template(load(args.data), args.year, args.output)
        print(f"wrote {path}")
        return 0
    if args.command == "import-observations":
        # Lazy (start-up time): the data layer imports pandas.
        from assen_eval.data.excel import import_observations

        result = import_observations(args.workbook, data_dir=args.data, replace=args.replace)
        print(result.describe())
        return 1 if result.conflicts and not args.replace else 0
    raise UsageError(f"unknown command {args.command!r}")  # pragma: no cover


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    received: list[int] = []
    try:
        with sigterm_as_interrupt() as received:
            return _run(args)
    except ValidationError as exc:
        if args.debug:
            raise
        for line in exc.lines():
            print(line, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s); nothing was changed.", file=sys.stderr)
        return 1
    except UsageError as exc:
        if args.debug:
            raise
        print(f"assen-eval: error: {exc}", file=sys.stderr)
        return 2
    except BuildError as exc:
        if args.debug:
            raise
        print(f"assen-eval: {exc}", file=sys.stderr)
        for failure in exc.failures:
            print(f"  {failure.get('report')}: {failure.get('error')}", file=sys.stderr)
        return 1
    except (AssenEvalError, OSError) as exc:
        if args.debug:
            raise
        print(f"assen-eval: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        signum = received[0] if received else signal.SIGINT
        how = "stopped by SIGTERM" if signum == signal.SIGTERM else "interrupted"
        print(f"assen-eval: {how}; no half-written output was left.", file=sys.stderr)
        return 128 + signum


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
