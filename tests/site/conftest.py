"""Fixtures of the browser tests: the built site served on 127.0.0.1, and one headless Chromium.

Build the site first (``make book``); without ``_build/html`` every test here is skipped with a
message that says so. Run them with ``python -m pytest tests/site``.

This folder has no ``__init__.py`` on purpose: as a package it would be called ``site``, the
name of a module of Python's standard library.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import DESKTOP, PHONE, Visit, launch, new_context, open_page, serve
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from site_checks import ROOT, toc_pages

SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
FULL_SCREENSHOTS = os.environ.get("DL101_FULL_SCREENSHOTS") == "1"
PAGES = toc_pages()


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site; skip every test that needs it when it has not been built."""
    if not (SITE / "index.html").is_file():
        pytest.skip(f"the site is not built ({SITE.relative_to(ROOT)}/index.html is missing): "
                    "run `make book` first")
    return SITE


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(site: Path) -> Iterator[Browser]:
    """Headless Chromium, started only when there is a site to look at."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def desktop(browser: Browser) -> Iterator[BrowserContext]:
    context = new_context(browser)
    yield context
    context.close()


@pytest.fixture(scope="session")
def phone(browser: Browser) -> Iterator[BrowserContext]:
    context = new_context(browser, phone=True)
    yield context
    context.close()


@pytest.fixture(scope="session")
def dark(browser: Browser) -> Iterator[BrowserContext]:
    context = new_context(browser, dark=True)
    yield context
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """A fresh ``_build/screenshots/``, so that it shows only the pages of this run."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@pytest.fixture(scope="module", params=PAGES)
def visit(request, base_url: str, desktop: BrowserContext, screenshots: Path) -> Iterator[Visit]:
    """One page of _toc.yml at desktop width, loaded once for all the checks of a module.

    A screenshot of its first screen goes to ``_build/screenshots/<page>.jpg``; with
    ``DL101_FULL_SCREENSHOTS=1``, of the whole page (a long chapter takes about 5 s more, so
    a run over the whole book takes minutes longer: worth it when reading the pages).
    """
    docname = request.param
    loaded = open_page(desktop, f"{base_url}{docname}.html", docname)
    shot = screenshots / f"{docname}.jpg"
    shot.parent.mkdir(parents=True, exist_ok=True)
    loaded.page.screenshot(path=shot, full_page=FULL_SCREENSHOTS, type="jpeg", quality=80)
    yield loaded
    loaded.page.close()


@pytest.fixture
def on_dark_phone(visit: Visit) -> Iterator[Visit]:
    """The same loaded page on a phone-sized screen whose system theme is dark.

    The desktop copy is resized and its colour scheme switched, then put back for the page's
    other checks: the layout and the theme follow both live, and a second load of the page
    (MathJax typesets it again) would cost a fifth of the suite's time. A phone's touch
    emulation is left out here; the planted-defect tests use a real phone profile.
    """
    visit.page.set_viewport_size(PHONE)
    _switch_scheme(visit.page, "dark")
    yield visit
    visit.page.set_viewport_size(DESKTOP)
    _switch_scheme(visit.page, "light")


def _switch_scheme(page: Page, scheme: str) -> None:
    """Switch the system colour scheme; give the theme two seconds to follow it.

    A theme that does not follow is left for the dark-mode check to report by name.
    """
    page.emulate_media(color_scheme=scheme)
    try:
        page.wait_for_function(f"document.documentElement.dataset.theme === '{scheme}'",
                               timeout=2000)
    except PlaywrightTimeoutError:
        pass
