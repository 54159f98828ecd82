"""What every page of the built site must contain, as checks of a page loaded in the browser.

Each check takes a ``Visit`` (see ``browsing.py``) and returns a list of problems, each a
sentence that says what is wrong and where; an empty list means the page passed. The page
tests run them on every page of ``_toc.yml``; the planted-defect tests run them on pages that
were broken on purpose, to show that each check fails when it should. The checks of how a
page looks (phone, dark mode, accessibility) and of search are in ``view_checks.py``.
"""

from __future__ import annotations

import functools
import html
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from browsing import Visit

ROOT = Path(__file__).resolve().parents[2]

# Console errors that come from the toolchain, not from the book's pages, and why they are
# harmless. Remove an entry once the toolchain is fixed.
KNOWN_CONSOLE_ERRORS = {
    "Identifier 'THEBE_JS_URL' has already been declared": (
        "Sphinx 7.4 writes sphinx-thebe's inline settings script twice (an inline script added "
        "after the builder starts is not de-duplicated); the first copy already defined it, and "
        "live code (thebe) is not switched on in this book"
    ),
}


def fail_unless_clean(docname: str, what: str, problems: list[str]) -> None:
    """Raise an AssertionError that names the page and lists every problem found on it."""
    if problems:
        lines = "\n".join(f"  - {problem}" for problem in dict.fromkeys(problems))
        raise AssertionError(f"{docname}: {what}:\n{lines}")


def _short(url: str) -> str:
    """A URL of the local server without its scheme and port, as it is in the site: /a/b.html."""
    parts = urlsplit(url)
    if parts.hostname != "127.0.0.1":
        return url
    return parts.path + (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else "")


def toc_pages(toc_file: Path = ROOT / "_toc.yml") -> list[str]:
    """Every page that ``_toc.yml`` lists (its root first), as docnames: "chapters/01_intro"."""
    toc = yaml.safe_load(toc_file.read_text())
    pages = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                pages.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key, []))

    walk([toc])
    return [re.sub(r"\.(md|ipynb|rst)$", "", page) for page in pages]


# --- loading ------------------------------------------------------------------------------

def load_problems(visit: Visit) -> list[str]:
    """HTTP 200, no JavaScript errors, no failed local request, nothing from the internet."""
    problems = []
    if visit.status == 404:
        problems.append("HTTP status 404: the page is not in the built site (run `make book`)")
    elif visit.status != 200:
        problems.append(f"HTTP status {visit.status} (expected 200)")
    for error in visit.console_errors:
        if not any(known in error for known in KNOWN_CONSOLE_ERRORS):
            problems.append(f"JavaScript console error: {error}")
    problems += [f"request failed: {_short(failed)}" for failed in visit.failed_requests]
    problems += [
        f"fetches {url} from the internet, which an offline reader cannot reach "
        "(serve it from the build, as tools/vendor_js.py does for MathJax)"
        for url in visit.offsite_requests
    ]
    return problems


# --- images and figures ---------------------------------------------------------------------

IMAGES_JS = """async () => {
  const images = [...document.images];
  images.forEach((image) => { image.loading = "eager"; });
  await Promise.all(images.map((image) => image.complete ? null : new Promise((done) => {
    image.addEventListener("load", done);
    image.addEventListener("error", done);
  })));
  const caption = (el) => {
    const figcaption = el.closest("figure")?.querySelector("figcaption");
    return figcaption ? figcaption.innerText.trim() : "";
  };
  return {
    images: images.map((image) => ({
      src: image.getAttribute("src") || "", alt: image.getAttribute("alt"),
      width: image.naturalWidth, caption: caption(image),
    })),
    emptyFigures: [...document.querySelectorAll("figure")]
      .filter((f) => !f.querySelector("img, svg, canvas, video, object, iframe"))
      .map((f) => f.id || f.innerText.trim().slice(0, 60)),
  };
}"""
IMAGE_FILE = re.compile(r"[\w./-]+\.(?:png|jpe?g|gif|svg|webp)", re.IGNORECASE)


def _is_file_name(alt: str, src: str) -> bool:
    alt = alt.strip()
    return alt == src or alt == src.rsplit("/", 1)[-1] or bool(IMAGE_FILE.fullmatch(alt))


def image_problems(visit: Visit) -> list[str]:
    """Every image loaded and has alt text or a caption; no figure is empty."""
    found = visit.page.evaluate(IMAGES_JS)
    problems = []
    for image in found["images"]:
        src, alt = image["src"], image["alt"] or ""
        if image["width"] == 0:
            problems.append(f"image {src} did not load (natural width 0)")
        if image["caption"]:
            continue
        if not alt.strip():
            problems.append(f"image {src} has no alt text and no caption")
        elif _is_file_name(alt, src):
            problems.append(
                f"image {src} has no alt text or caption (its alt is just its file name); "
                "give the notebook cell `mystnb: image: alt:` or `mystnb: figure: caption:`")
    problems += [f"figure {name!r} shows no image" for name in found["emptyFigures"]]
    return problems


# --- notebook outputs ----------------------------------------------------------------------

OUTPUTS_JS = """() => {
  const section = (el) => {
    const heading = el.closest("section")?.querySelector("h1, h2, h3, h4, h5, h6");
    return heading ? heading.innerText.replace(/#$/, "").trim() : "";
  };
  const cells = [...document.querySelectorAll("div.cell")].map((cell, n) => ({
    where: `code cell ${n + 1}` + (section(cell) ? ` (section "${section(cell)}")` : ""),
    text: [...cell.querySelectorAll(".cell_output")].map((o) => o.innerText).join("\\n"),
    widgets: cell.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"], .jupyter-widgets').length,
    tracebacks: cell.querySelectorAll(".cell_output .traceback, .cell_output .error").length,
  }));
  const article = document.querySelector("article")?.cloneNode(true);
  article?.querySelectorAll("div.cell, pre, code, script, style").forEach((el) => el.remove());
  return {cells, prose: article ? article.textContent : ""};
}"""
# What must never reach a reader: text that only means something to the notebook's kernel.
LEAKS = [
    ("a raw Python object repr", r"<[A-Za-z_][\w.]* (?:object )?at 0x[0-9a-fA-F]+>"),
    ("a display object shown as text", r"<[A-Za-z_][\w.]* object>"),
    ("a matplotlib repr (end the plot cell with `;`)",
     r"<Figure size [\d.]+x[\d.]+ with \d+ Axes>|<Axes: [^>]*>|"
     r"<\w+Container object of \d+ artists>|(?m:^Text\([-\d.e]+, [-\d.e]+, '.*'\)$)"),
    ("a widget placeholder (widgets cannot render on the static site)",
     r"\b(?:HBox|VBox|FloatProgress|IntProgress)\((?:children|value)=|Loading widget\.\.\."),
    ("a traceback",
     r"Traceback \(most recent call last\)|(?m:^-{20,}\s*\n\s*\w*(?:Error|Exception)\b)"),
    ("a Python warning", r"\b[A-Z]\w*Warning: "),
]


def _snippet(text: str, match: re.Match) -> str:
    return " ".join(text[max(0, match.start() - 20):match.end() + 20].split())


def output_problems(visit: Visit) -> list[str]:
    """No object reprs, widget placeholders, tracebacks or warnings in outputs (or prose)."""
    found = visit.page.evaluate(OUTPUTS_JS)
    problems = []
    for cell in found["cells"]:
        where = cell["where"]
        if cell["widgets"]:
            problems.append(f"output of {where} is a widget, which the static site cannot show")
        if cell["tracebacks"]:
            problems.append(f"output of {where} is an error with a traceback")
        for what, pattern in LEAKS:  # the first of each kind in a cell says enough
            if match := re.search(pattern, cell["text"]):
                problems.append(f"output of {where} shows {what}: "
                                f"{_snippet(cell['text'], match)!r}")
    for what, pattern in LEAKS[:3]:  # a glued value is prose, not a cell output
        problems += [f"the text shows {what}: {_snippet(found['prose'], match)!r}"
                     for match in re.finditer(pattern, found["prose"])]
    return problems


# --- links and cross-references ------------------------------------------------------------

LINKS_JS = """() => ({
  links: [...document.querySelectorAll("a[href]")].map((a) => ({
    href: a.href, raw: a.getAttribute("href"),
    text: (a.innerText || a.title || a.getAttribute("aria-label") || "").trim().slice(0, 60),
  })),
  ids: [...document.querySelectorAll("[id], a[name]")].map((el) => el.id || el.name),
  unresolved: [...document.querySelectorAll(".xref")].filter((el) => !el.closest("a"))
    .map((el) => el.innerText.trim()),
  unnumbered: [...document.querySelectorAll("article a.reference.internal")]
    .filter((a) => a.innerText.includes("??")).map((a) => a.getAttribute("href")),
})"""
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@functools.cache
def fetch(url: str) -> tuple[int, frozenset[str]]:
    """HTTP status of a local URL and, for an HTML page, the ids its elements have."""
    try:
        with _NO_PROXY.open(url, timeout=10) as response:
            status, body = response.status, response.read()
            kind = response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return error.code, frozenset()
    if kind != "text/html":
        return status, frozenset()
    text = body.decode("utf-8", "replace")
    ids = re.findall(r"""\s(?:id|name)=["']([^"']+)["']""", text)
    return status, frozenset(html.unescape(i) for i in ids)


def link_problems(visit: Visit) -> list[str]:
    """Every link within the site reaches a page, every #anchor an element; no ?? refs."""
    found = visit.page.evaluate(LINKS_JS)
    here = visit.url.split("#")[0]
    problems = []
    for link in found["links"]:
        parts = urlsplit(link["href"])
        if parts.scheme not in ("http", "https") or parts.hostname != "127.0.0.1":
            continue  # links out of the site are not checked (no internet here)
        target = link["href"].split("#")[0]
        status, ids = fetch(target)
        label = f"link {link['text']!r} to {link['raw']}"
        if status != 200:
            problems.append(f"{label} is dead (HTTP {status})")
            continue
        anchor = unquote(parts.fragment)
        if anchor and anchor not in ids and not (target == here and anchor in found["ids"]):
            problems.append(f"{label}: there is no #{anchor} on {_short(target)}")
    problems += [f"cross-reference {text!r} is unresolved" for text in found["unresolved"]]
    problems += [f"cross-reference to {href} has no number (shows ??)"
                 for href in found["unnumbered"]]
    return problems


# --- mathematics ---------------------------------------------------------------------------

MATH_JS = """() => {
  const formulas = [...document.querySelectorAll(".math")];
  const article = document.querySelector("article")?.cloneNode(true);
  article?.querySelectorAll(
    "pre, code, script, style, textarea, mjx-container, .math, div.cell_input"
  ).forEach((el) => el.remove());
  const blocks = article ? [...article.querySelectorAll(
    "p, li, dt, dd, td, th, h1, h2, h3, h4, h5, h6, figcaption, caption")] : [];
  return {
    formulas: formulas.length,
    untypeset: formulas.filter((m) => !m.querySelector("mjx-container"))
      .map((m) => m.textContent.trim().slice(0, 60)),
    errors: [...document.querySelectorAll("mjx-merror")]
      .map((e) => e.getAttribute("data-mjx-error") || e.textContent.slice(0, 60)),
    text: blocks.map((b) => b.textContent),
  };
}"""
RAW_MATH = re.compile(
    r"\$\$.+?\$\$"  # display maths
    r"|(?<![\w$\\])\$(?![\s$\d])[^$\n]{1,300}?(?<![\s\\$])\$(?![\w$])"  # $x$, not "$5 or $10"
    r"|\\\(.+?\\\)|\\\[.+?\\\]",  # Sphinx's delimiters left untouched
    re.DOTALL,
)


def math_problems(visit: Visit) -> list[str]:
    """Every formula typeset by MathJax without error; no raw $...$ or \\(...\\) in the text."""
    found = visit.page.evaluate(MATH_JS)
    problems = []
    if found["untypeset"]:
        shown = ", ".join(repr(m) for m in found["untypeset"][:3])
        problems.append(f"{len(found['untypeset'])} of {found['formulas']} formulas were not "
                        f"typeset (did MathJax load?), e.g. {shown}")
    problems += [f"MathJax could not typeset a formula: {error}" for error in found["errors"]]
    for block in found["text"]:
        problems += [f"raw maths in the text: {match.group(0)[:60]!r}"
                     for match in RAW_MATH.finditer(block)]
    return problems


# --- launch buttons ------------------------------------------------------------------------

@functools.cache
def book_config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text())


def is_notebook_page(docname: str) -> bool:
    """Whether a page's source is a notebook (a MyST file with a kernelspec, or an .ipynb)."""
    source = ROOT / f"{docname}.md"
    if not source.exists():
        return (ROOT / f"{docname}.ipynb").exists()
    text = source.read_text()
    return text.startswith("---") and "kernelspec:" in text.split("\n---", 1)[0]


def _launch_patterns() -> dict[str, re.Pattern]:
    config = book_config()
    colab = re.escape(config["launch_buttons"]["colab_url"].rstrip("/"))
    binder = re.escape(config["launch_buttons"]["binderhub_url"].rstrip("/"))
    return {
        "Colab": re.compile(rf"{colab}/github/(?P<repo>[^/]+/[^/]+)/blob/(?P<branch>[^/]+)/"
                            r"(?P<path>[^?#]+)"),
        "Binder": re.compile(rf"{binder}/v2/gh/(?P<repo>[^/]+/[^/]+)/(?P<branch>[^?]+)"
                             r"\?urlpath=(?:lab/tree|tree)/(?P<path>[^&#]+)"),
    }


def launch_problems(visit: Visit) -> list[str]:
    """Colab and Binder buttons open this page's own .ipynb, which is in the repository."""
    config = book_config()
    repo = urlsplit(config["repository"]["url"]).path.strip("/")
    branch = config["repository"].get("branch", "main")
    expected = f"{visit.docname}.ipynb"
    hrefs = visit.page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
    problems = []
    for service, pattern in _launch_patterns().items():
        buttons = [m for m in map(pattern.match, hrefs) if m]
        if not buttons and is_notebook_page(visit.docname):
            problems.append(f"there is no {service} launch button")
        for button in buttons:
            path = unquote(button["path"])
            if button["repo"] != repo or button["branch"] != branch:
                problems.append(f"the {service} button opens {button['repo']}@{button['branch']}"
                                f", not the book's repository {repo}@{branch}")
            if path != expected:
                problems.append(f"the {service} button opens {path}, not this page's notebook "
                                f"{expected}")
            if not (ROOT / path).is_file():
                problems.append(f"the {service} button opens {path}, which is not in the "
                                "repository")
    return problems
