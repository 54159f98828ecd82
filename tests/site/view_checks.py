"""How a page looks and behaves for different readers: on a phone, in dark mode, with
assistive technology, and through the site's search. Each check returns a list of problems,
like those of ``site_checks.py``.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from browsing import Visit
from playwright.sync_api import BrowserContext
from site_checks import ROOT

AXE_JS = ROOT / "_build" / "vendor" / "axe-core" / "axe.min.js"  # put there by tools/vendor_js.py


# --- phone-sized screens -------------------------------------------------------------------

PHONE_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scroller = (el) => {
    for (let p = el; p && p !== document.body; p = p.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(p).overflowX)) return p;
    }
    return null;
  };
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const describe = (el) => `<${el.tagName.toLowerCase()}${el.className && typeof el.className
    === "string" ? ` class="${el.className.trim()}"` : ""}> "${(el.innerText || "").trim()
    .replace(/\\s+/g, " ").slice(0, 50)}"`;
  const all = [...document.querySelectorAll("article *")];
  const outside = all.filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1 && !clipped(el);
  });
  const code = [...document.querySelectorAll("article pre")]
    .filter((pre) => pre.scrollWidth > pre.clientWidth + 1 && !scroller(pre));
  return {
    width, pageWidth: document.documentElement.scrollWidth,
    outside: outside.filter((el) => !outside.includes(el.parentElement)).map(describe),
    code: code.map(describe),
  };
}"""


def phone_problems(visit: Visit) -> list[str]:
    """At phone width nothing sticks out of the page; long code scrolls inside its cell."""
    found = visit.page.evaluate(PHONE_JS)
    problems = []
    if found["pageWidth"] > found["width"] + 1:
        problems.append(f"the page is {found['pageWidth']} px wide on a {found['width']} px "
                        "screen, so it scrolls sideways")
    problems += [f"sticks out of the {found['width']} px screen: {el}"
                 for el in found["outside"][:5]]
    problems += [f"code that does not scroll inside its cell (overflow-x: visible): {el}"
                 for el in found["code"][:5]]
    return problems


# --- code at desktop width ----------------------------------------------------------------

# Hidden cells (hide-input) are opened first, as a reader who clicks "show" would see them.
CODE_WIDTH_JS = """() => {
  document.querySelectorAll("article details").forEach((details) => { details.open = true; });
  return [...document.querySelectorAll("article div.cell_input pre")]
  .filter((pre) => pre.scrollWidth > pre.clientWidth + 1)
  .map((pre) => {
    const widest = pre.innerText.split("\\n").reduce((a, b) => (b.length > a.length ? b : a), "");
    return `${widest.length} characters, ${pre.scrollWidth} px in ${pre.clientWidth} px: `
      + `"${widest.trim().slice(0, 60)}"`;
  });
}"""


def code_width_problems(visit: Visit) -> list[str]:
    """At desktop width (1280 px) every line of code fits its cell: nothing scrolls sideways."""
    return [f"code that scrolls sideways at desktop width ({found})"
            for found in visit.page.evaluate(CODE_WIDTH_JS)[:5]]


# --- dark mode -----------------------------------------------------------------------------

DARK_JS = """() => ({
  theme: document.documentElement.dataset.theme,
  images: [...document.querySelectorAll("article img")]
    .filter((img) => !img.matches(".only-dark, .only-light, .dark-light"))
    .map((img) => ({src: img.getAttribute("src"),
                    background: getComputedStyle(img).backgroundColor})),
})"""


def _luminance(css_colour: str) -> float:
    """WCAG relative luminance of an rgb()/rgba() colour; 0 for a transparent one."""
    values = [float(v) for v in re.findall(r"[\d.]+", css_colour)]
    if len(values) < 3 or (len(values) == 4 and values[3] < 1):
        return 0.0

    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in values[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def dark_mode_problems(visit: Visit) -> list[str]:
    """With a dark system theme, the page turns dark and every figure sits on a light background."""
    found = visit.page.evaluate(DARK_JS)
    if found["theme"] != "dark":
        return ["the page did not follow the reader's dark colour scheme "
                f"(its theme is {found['theme']!r})"]
    return [f"figure {image['src']} has background {image['background']} on the dark theme, so "
            "dark lines and labels on it are hard to read (book/_static/book.css should make "
            "it white)"
            for image in found["images"] if _luminance(image["background"]) < 0.8]


# --- accessibility -------------------------------------------------------------------------

# Only critical violations fail a page. The colour-contrast rule never reports one (axe rates
# its findings "serious") and takes half of axe's time on a long chapter, so it is left out.
AXE_RUN_JS = """async () => (await axe.run(document, {resultTypes: ["violations"],
                                            rules: {"color-contrast": {enabled: false}}}))
  .violations
  .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map((n) => n.target.join(" "))}))"""
# Violations in markup that the toolchain writes, not the book's pages: (rule, element) and
# why it is tolerated. Remove an entry once the toolchain is fixed.
KNOWN_AXE_VIOLATIONS = {
    ("aria-required-children", ".citation-list"): (
        "docutils 0.21 (the newest that Sphinx 7.4 accepts) writes the bibliography as "
        'role="list" whose entries have the DPUB role doc-biblioentry, which ARIA 1.2 '
        "deprecates, so axe no longer counts them as list items"
    ),
}


def axe_violations(visit: Visit) -> list[dict]:
    """All axe-core violations on the page (axe is injected from the vendored npm package)."""
    if not AXE_JS.is_file():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `python -m tools.vendor_js`")
    visit.page.add_script_tag(path=str(AXE_JS))
    return visit.page.evaluate(AXE_RUN_JS)


def accessibility_problems(visit: Visit) -> list[str]:
    """No critical axe-core violation (except the known ones of the toolchain's markup)."""
    problems = []
    for violation in axe_violations(visit):
        targets = [t for t in violation["targets"]
                   if (violation["id"], t) not in KNOWN_AXE_VIOLATIONS]
        if violation["impact"] == "critical" and targets:
            problems.append(f"critical accessibility violation {violation['id']} "
                            f"({violation['help']}) on {len(targets)} element(s), "
                            f"e.g. {', '.join(targets[:3])}")
    return problems


# --- search --------------------------------------------------------------------------------

def search(context: BrowserContext, base_url: str, term: str) -> list[str]:
    """The pages (docnames, best first) that the site's own search lists for ``term``."""
    page = context.new_page()
    try:
        page.goto(f"{base_url}search.html?q={quote(term)}")
        page.wait_for_function(
            "() => /finished|did not match/i.test("
            "document.querySelector('#search-results .search-summary')?.innerText || '')")
        hrefs = page.eval_on_selector_all(
            "#search-results ul.search li > a", "links => links.map(a => a.getAttribute('href'))")
    finally:
        page.close()
    names = [href.split("#")[0].removesuffix(".html") for href in hrefs]
    return list(dict.fromkeys(names))


def search_problems(context: BrowserContext, base_url: str, term: str, expected: str) -> list[str]:
    """The search for ``term`` lists a page whose name starts with ``expected``."""
    found = search(context, base_url, term)
    if any(page.startswith(expected) for page in found):
        return []
    return [f"searching for {term!r} does not list {expected}* "
            f"(it lists {', '.join(found) or 'nothing'})"]
