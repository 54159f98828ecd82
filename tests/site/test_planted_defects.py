"""Each check of the site fails, naming the page and the problem, on a page broken on purpose.

The built site is copied to a scratch folder, where one chapter page is cut to its first
sections (still with prose, maths, code and outputs; loading and typesetting the whole chapter
for each of two dozen defects would take most of the suite's time); for each kind of defect, a
copy of that page gets the defect (a broken image path, a dead link, an object repr in an
output, raw $x$, a launch button to a notebook that does not exist, ...) and the check that
the page tests run must then report it. The untouched page, checked the same way, must not
report it: the failure comes from the planted defect and nothing else.
"""

from __future__ import annotations

import functools
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browsing import Visit, new_context, open_page, serve
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, BrowserContext
from site_checks import (
    fail_unless_clean,
    image_problems,
    is_notebook_page,
    launch_problems,
    link_problems,
    load_problems,
    math_problems,
    output_problems,
    toc_pages,
)
from view_checks import (
    accessibility_problems,
    code_width_problems,
    dark_mode_problems,
    phone_problems,
    search_problems,
)

# The page that gets the defects: the first chapter (a notebook, with outputs and maths).
SAMPLE = next(p for p in toc_pages() if p.startswith("chapters/") and is_notebook_page(p))
ARTICLE = '<article class="bd-article">'


def insert(snippet: str) -> Callable[[str], str]:
    """An edit that puts ``snippet`` at the top of the page's article."""
    return lambda page: page.replace(ARTICLE, ARTICLE + snippet, 1)


def replace(pattern: str, new: str) -> Callable[[str], str]:
    """An edit that replaces every match of the regular expression ``pattern``."""
    return lambda page: re.sub(pattern, new, page)


def output(text: str) -> str:
    """HTML of a code cell whose output is ``text``, as myst-nb writes it."""
    return ('<div class="cell docutils container"><div class="cell_output docutils container">'
            '<div class="output stream highlight-myst-ansi notranslate"><div class="highlight">'
            f"<pre><span></span>{text}</pre></div></div></div></div>")


@dataclass
class Plant:
    name: str
    edit: Callable[[str], str]  # from the page's HTML to the broken page's HTML
    check: Callable[[Visit], list[str]]
    view: str  # "desktop", "phone" or "dark"
    expect: str  # what the failure message must say


SAMPLE_NAME = Path(SAMPLE).name
PLANTS = [
    Plant("broken image path", insert('<img src="../_images/no-such-figure.png" alt="A plot">'),
          image_problems, "desktop", "image ../_images/no-such-figure.png did not load"),
    Plant("broken image request", insert('<img src="../_images/no-such-figure.png" alt="A">'),
          load_problems, "desktop", "request failed: /_images/no-such-figure.png"),
    Plant("image without alt text", insert('<img src="../_static/logo.svg">'),
          image_problems, "desktop", "image ../_static/logo.svg has no alt text and no caption"),
    Plant("file name as alt text", insert('<img src="../_static/logo.svg" alt="logo.svg">'),
          image_problems, "desktop", "image ../_static/logo.svg has no alt text or caption"),
    Plant("dead internal link", insert('<p><a href="no-such-chapter.html">Chapter 99</a></p>'),
          link_problems, "desktop", "link 'Chapter 99' to no-such-chapter.html is dead (HTTP 404)"),
    Plant("dead anchor", insert('<p><a href="#no-such-section">see below</a></p>'),
          link_problems, "desktop", "there is no #no-such-section"),
    Plant("dead equation reference",
          insert(f'<p><a class="reference internal" href="{SAMPLE_NAME}.html#equation-gone">'
                 "(1.9)</a></p>"),
          link_problems, "desktop", "there is no #equation-gone"),
    Plant("unresolved cross-reference",
          insert('<p><span class="xref std std-ref">sec-not-written</span></p>'),
          link_problems, "desktop", "cross-reference 'sec-not-written' is unresolved"),
    Plant("object repr in an output",
          insert(output("[&lt;matplotlib.lines.Line2D at 0x7f3a5c2e1f10&gt;]")),
          output_problems, "desktop", "shows a raw Python object repr"),
    Plant("figure repr in an output", insert(output("&lt;Figure size 640x480 with 1 Axes&gt;")),
          output_problems, "desktop", "shows a matplotlib repr"),
    Plant("widget placeholder in an output",
          insert(output("HBox(children=(HTML(value=''), FloatProgress(value=0.0, max=20.0)))")),
          output_problems, "desktop", "shows a widget placeholder"),
    Plant("traceback in an output",
          insert(output("Traceback (most recent call last):\n  File \"x.py\", line 1\n"
                        "ValueError: planted")),
          output_problems, "desktop", "shows a traceback"),
    Plant("raw $x$ in the text", insert("<p>The price per kilogram is $w$ here.</p>"),
          math_problems, "desktop", "raw maths in the text: '$w$'"),
    Plant("MathJax from a CDN",
          replace(r'src="[^"]*mathjax/tex-mml-chtml\.js[^"]*"',
                  'src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"'),
          math_problems, "desktop", "formulas were not typeset (did MathJax load?)"),
    Plant("script from the internet",
          replace(r'src="[^"]*mathjax/tex-mml-chtml\.js[^"]*"',
                  'src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"'),
          load_problems, "desktop", "fetches https://cdn.jsdelivr.net/npm/mathjax@3"),
    Plant("JavaScript error", insert("<script>plantedUndefinedFunction();</script>"),
          load_problems, "desktop",
          "JavaScript console error: plantedUndefinedFunction is not defined"),
    Plant("launch button to a missing notebook",
          replace(re.escape(f"{SAMPLE}.ipynb"), "chapters/99_missing.ipynb"),
          launch_problems, "desktop",
          "the Colab button opens chapters/99_missing.ipynb, which is not in the repository"),
    Plant("Binder button to a missing notebook",
          replace(re.escape(f"{SAMPLE}.ipynb"), "chapters/99_missing.ipynb"),
          launch_problems, "desktop",
          "the Binder button opens chapters/99_missing.ipynb, which is not in the repository"),
    Plant("prose wider than a phone",
          insert('<p style="width: 900px">A paragraph set wider than any phone.</p>'),
          phone_problems, "phone", "sticks out of the 390 px screen: <p>"),
    Plant("code that does not scroll",
          insert('<div class="cell_input"><pre style="overflow: visible !important">'
                 + "x = 1  # " + "a long comment " * 20 + "</pre></div>"),
          phone_problems, "phone", "code that does not scroll inside its cell"),
    Plant("code wider than its cell",
          insert('<div class="cell_input"><pre>' + "x = 1  # " + "a long comment " * 8
                 + "</pre></div>"),
          code_width_problems, "desktop", "code that scrolls sideways at desktop width (129 "
          "characters"),
    Plant("hidden code wider than its cell",
          insert('<details class="admonition hide above-input"><summary>Show code</summary>'
                 '<div class="cell_input"><pre>' + "x = 2  # " + "a long comment " * 8
                 + "</pre></div></details>"),
          code_width_problems, "desktop", "code that scrolls sideways at desktop width (129 "
          "characters"),
    Plant("transparent figure on the dark theme",
          insert("<style>html[data-theme=dark] .bd-content img "
                 "{ background-color: transparent !important; }</style>"),
          dark_mode_problems, "dark", "on the dark theme, so dark lines and labels"),
    Plant("button without a name", insert('<button class="planted"></button>'),
          accessibility_problems, "desktop", "critical accessibility violation button-name"),
]


def first_sections(html: str, keep: int = 3) -> str:
    """The page with only the first ``keep`` sections of its chapter."""
    soup = BeautifulSoup(html, "html.parser")
    chapter = soup.select_one("article.bd-article > section")
    for section in chapter.find_all("section", recursive=False)[keep:]:
        section.decompose()
    return str(soup)


@pytest.fixture(scope="module")
def scratch(site: Path, tmp_path_factory) -> Path:
    """A copy of the built site, to break pages in, with the sample page cut short."""
    copy = tmp_path_factory.mktemp("planted") / "html"
    shutil.copytree(site, copy)
    sample = copy / f"{SAMPLE}.html"
    sample.write_text(first_sections(sample.read_text()))
    return copy


@pytest.fixture(scope="module")
def scratch_url(scratch: Path) -> Iterator[str]:
    with serve(scratch) as url:
        yield url


@pytest.fixture
def views(desktop: BrowserContext, phone: BrowserContext, dark: BrowserContext) -> dict:
    return {"desktop": desktop, "phone": phone, "dark": dark}


def problems_on(context: BrowserContext, url: str,
                check: Callable[[Visit], list[str]]) -> list[str]:
    """Run one check on the page at ``url``, seen as the page SAMPLE."""
    visit = open_page(context, url, SAMPLE)
    try:
        return check(visit)
    finally:
        visit.page.close()


@functools.cache
def untouched_problems(check: Callable[[Visit], list[str]], view: str, context: BrowserContext,
                       url: str) -> tuple[str, ...]:
    """What ``check`` finds on the untouched page (once for each check and view)."""
    return tuple(problems_on(context, f"{url}{SAMPLE}.html", check))


@pytest.mark.parametrize("plant", PLANTS, ids=[p.name for p in PLANTS])
def test_planted_defect_fails_with_a_clear_message(plant: Plant, scratch: Path, scratch_url: str,
                                                   views: dict):
    original = (scratch / f"{SAMPLE}.html").read_text()
    broken = plant.edit(original)
    assert broken != original, f"could not plant {plant.name!r} in {SAMPLE}.html"
    slug = re.sub(r"\W+", "_", plant.name)
    planted = Path(SAMPLE).parent / f"planted_{slug}.html"
    (scratch / planted).write_text(broken)
    context = views[plant.view]

    with pytest.raises(AssertionError) as failure:
        fail_unless_clean(SAMPLE, plant.name, problems_on(context, scratch_url + str(planted),
                                                          plant.check))
    message = str(failure.value)
    assert message.startswith(f"{SAMPLE}: "), f"the message does not name the page:\n{message}"
    assert plant.expect in message, f"expected {plant.expect!r} in:\n{message}"

    untouched = untouched_problems(plant.check, plant.view, context, scratch_url)
    assert not any(plant.expect in problem for problem in untouched), (
        f"the untouched {SAMPLE} already fails this way, so this plant proves nothing")


def test_search_that_misses_the_chapter_fails(scratch: Path, scratch_url: str, browser: Browser):
    """The search index of the copy loses the chapter: searching a term of it must fail."""
    index = scratch / "searchindex.js"
    original = index.read_text()
    index.write_text(original.replace(f'"{SAMPLE}"', '"chapters/planted_elsewhere"'))
    context = new_context(browser)  # a fresh profile: no cached copy of the index
    try:
        with pytest.raises(AssertionError) as failure:
            fail_unless_clean("search.html", "search",
                              search_problems(context, scratch_url, "perceptron", SAMPLE))
    finally:
        context.close()
        index.write_text(original)
    assert f"searching for 'perceptron' does not list {SAMPLE}*" in str(failure.value)
