"""The site's full-text search finds the chapter that teaches a term.

Add a row to SEARCH_TERMS for each chapter: a term it teaches and the start of its page name.
A row whose chapter is not in _toc.yml yet is skipped, so rows can be written ahead.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext
from site_checks import fail_unless_clean, toc_pages
from view_checks import search_problems

PAGES = toc_pages()

# term: the page (or the start of its name) that the search must list
SEARCH_TERMS = {
    "perceptron": "chapters/01_",
    "cross-entropy": "chapters/01_",
    "gradient descent": "chapters/01_",
    "backpropagation": "chapters/03_",
    "convolution": "chapters/06_",
    "attention": "chapters/08_",
    "quantization": "chapters/12_",
}


@pytest.mark.parametrize("term, expected", SEARCH_TERMS.items(), ids=list(SEARCH_TERMS))
def test_search_lists_the_chapter(term: str, expected: str, desktop: BrowserContext,
                                  base_url: str):
    if not any(page.startswith(expected) for page in PAGES):
        pytest.skip(f"no page {expected}* in _toc.yml yet")
    fail_unless_clean("search.html", "search", search_problems(desktop, base_url, term, expected))
