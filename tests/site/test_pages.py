"""Every page of _toc.yml as a reader's browser shows it; the checks are in *_checks.py.

The tests of one page run together on one loaded copy of it at desktop width (the ``visit``
fixture); for the phone and dark-mode checks that copy is resized to a phone's width and its
system theme switched to dark (``on_dark_phone``), then put back.
"""

from __future__ import annotations

from browsing import Visit
from site_checks import (
    fail_unless_clean,
    image_problems,
    launch_problems,
    link_problems,
    load_problems,
    math_problems,
    output_problems,
)
from view_checks import (
    accessibility_problems,
    code_width_problems,
    dark_mode_problems,
    phone_problems,
)


def test_page_loads_cleanly(visit: Visit):
    fail_unless_clean(visit.docname, "loading the page", load_problems(visit))


def test_images_load_and_have_alt_text_or_a_caption(visit: Visit):
    fail_unless_clean(visit.docname, "images", image_problems(visit))


def test_outputs_show_no_reprs_widgets_or_tracebacks(visit: Visit):
    fail_unless_clean(visit.docname, "notebook outputs", output_problems(visit))


def test_links_anchors_and_cross_references_resolve(visit: Visit):
    fail_unless_clean(visit.docname, "links", link_problems(visit))


def test_mathematics_is_typeset(visit: Visit):
    fail_unless_clean(visit.docname, "mathematics", math_problems(visit))


def test_launch_buttons_open_this_pages_notebook(visit: Visit):
    fail_unless_clean(visit.docname, "launch buttons", launch_problems(visit))


def test_code_fits_its_cells_at_desktop_width(visit: Visit):
    fail_unless_clean(visit.docname, "code width", code_width_problems(visit))


def test_fits_a_phone_screen(on_dark_phone: Visit):
    fail_unless_clean(on_dark_phone.docname, "at phone width", phone_problems(on_dark_phone))


def test_figures_stay_legible_in_dark_mode(on_dark_phone: Visit):
    fail_unless_clean(on_dark_phone.docname, "dark mode", dark_mode_problems(on_dark_phone))


def test_no_critical_accessibility_violations(visit: Visit):
    # Last of the page's tests: it injects axe-core into the loaded page.
    fail_unless_clean(visit.docname, "accessibility (axe-core)", accessibility_problems(visit))
