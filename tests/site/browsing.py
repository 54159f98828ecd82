"""Serve a built site on 127.0.0.1 and open its pages in headless Chromium, as a reader would.

The browser is Debian's Chromium (``apt-get install -y chromium``), driven by Playwright's
Python client; nothing downloads a browser. Its host resolver knows only 127.0.0.1, so a page
that needs the internet (a CDN script, a web font) behaves here as it does for a reader who is
offline, and every such request is recorded as a problem.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    # Every host name but 127.0.0.1 fails to resolve: the site must work with no internet.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}

# Resolves once MathJax (if the page loads it) has typeset the page and its fonts are in.
# A MathJax failure is left for the maths check to report, with the formulas it left raw.
SETTLE_JS = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise.catch(() => null);
  }
  await document.fonts.ready;
}"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # one line per request would drown pytest's output
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 (a free port); yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright: Playwright) -> Browser:
    """Start headless Chromium from the system package; never a downloaded browser."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} not found: install Debian's browser with "
                           "`apt-get install -y chromium`")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)


def new_context(browser: Browser, *, phone: bool = False, dark: bool = False) -> BrowserContext:
    """A fresh browser profile: desktop or phone width, light or dark system colour scheme."""
    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP,
        color_scheme="dark" if dark else "light",
        is_mobile=phone, has_touch=phone,
    )
    context.set_default_timeout(20_000)
    return context


@dataclass
class Visit:
    """One page as loaded in the browser, with what went wrong while it loaded."""

    docname: str  # the page's name in _toc.yml, e.g. "chapters/01_intro"
    url: str
    page: Page
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)  # to 127.0.0.1
    offsite_requests: list[str] = field(default_factory=list)  # to anywhere else


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname == "127.0.0.1"


def open_page(context: BrowserContext, url: str, docname: str) -> Visit:
    """Load ``url`` and wait until it is typeset; record console errors and bad requests."""
    page = context.new_page()
    visit = Visit(docname=docname, url=url, page=page)

    def on_console(message) -> None:
        # "Failed to load resource" repeats a failed request, which is recorded with its URL.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            visit.console_errors.append(message.text)

    def on_request(request) -> None:
        if not _is_local(request.url):
            visit.offsite_requests.append(request.url)

    def on_failed(request) -> None:
        if _is_local(request.url):
            visit.failed_requests.append(f"{request.url} ({request.failure})")

    def on_response(response) -> None:
        if response.status >= 400 and _is_local(response.url):
            visit.failed_requests.append(f"{response.url} (HTTP {response.status})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.console_errors.append(str(error)))
    page.on("request", on_request)
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    response = page.goto(url, wait_until="load")
    visit.status = response.status if response else None
    page.evaluate(SETTLE_JS)
    return visit
