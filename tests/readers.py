"""Reading the documents with other programs: the pages in chromium, the PDF with poppler.

Playwright drives the system's ``chromium`` (``apt-get install chromium``) with axe-core, the
accessibility rules; nothing is downloaded, and the browser is offline: a page that tried to
load anything from elsewhere would find nothing. Poppler (``pdfinfo``, ``pdftoppm``) is a second
PDF reader besides pikepdf/pypdf. ``make sysdeps`` installs both.

Without them the tests that need them are skipped on a developer's machine, and fail in CI
(``CI=true``), so that the checks can never silently vanish.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

__all__ = ["AXE_TAGS", "chromium", "inspect", "tool"]

#: The axe-core rule sets checked: WCAG 2.0 and 2.1, levels A and AA (what the Dutch rules for
#: public bodies' websites and documents ask, via EN 301 549).
AXE_TAGS: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def tool(name: str, package: str, path: str | None = None) -> str:
    """The system program ``name`` (from the Debian package ``package``); skips the test when
    it is missing, and fails it in CI."""
    found = path or shutil.which(name) or f"/usr/bin/{name}"
    if Path(found).is_file():
        return found
    message = f"{name} is not installed: run `make sysdeps` (apt-get install {package})"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{message}; CI must run this check")
    pytest.skip(message)


def chromium() -> str:
    """The chromium executable (``$CHROMIUM`` or Debian's)."""
    return tool("chromium", "chromium", os.environ.get("CHROMIUM"))


def inspect(pages: Iterable[Path]) -> dict[str, dict[str, list[Any]]]:
    """Open each page in chromium (offline) and report, per file name:

    ``violations``: axe-core's violations of :data:`AXE_TAGS`; ``console``: console errors
    (a Content-Security-Policy violation is one); ``requests``: every request for anything but
    the page itself and ``data:`` URLs; ``broken``: images that did not decode.
    """
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    options = {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}
    axe, out = Axe(), {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), headless=True, args=_ARGS)
        try:
            context = browser.new_context(offline=True)
            for path in pages:
                uri = Path(path).resolve().as_uri()
                found: dict[str, list[Any]] = {"console": [], "requests": []}
                page = context.new_page()
                page.on(
                    "console",
                    lambda m, f=found: f["console"].append(m.text) if m.type == "error" else None,
                )
                page.on(
                    "request",
                    lambda r, f=found, u=uri: (
                        None
                        if r.url == u or r.url.startswith("data:")
                        else f["requests"].append(r.url)
                    ),
                )
                page.goto(uri, wait_until="load")
                found["broken"] = page.eval_on_selector_all(
                    "img",
                    "imgs => imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt)",
                )
                result = axe.run(page, options=options).response
                found["violations"] = [
                    {
                        "id": v["id"],
                        "impact": v["impact"],
                        "help": v["help"],
                        "nodes": [n["html"][:200] for n in v["nodes"][:3]],
                    }
                    for v in result["violations"]
                ]
                out[Path(path).name] = found
                page.close()
        finally:
            browser.close()
    return out
