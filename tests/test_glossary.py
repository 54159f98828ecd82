"""The glossary (book/glossary.md) against the chapters: every term is used in a chapter,
every link reaches a section of a page in the table of contents, entries are sorted and
unique. Runs on the Markdown sources; no site build needed."""

import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from markdown_it.tree import SyntaxTreeNode
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.base import DocutilsRenderer, compute_unique_slug
from myst_parser.parsers.mdit import create_md_parser

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "book" / "glossary.md"
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.md"))

CODE_CELL = re.compile(r"^```\{code-cell\}.*?^```[ \t]*$", re.M | re.S)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
TERM_ROLE = re.compile(r"\{term\}`([^`<]+?)(?:\s*<([^>]+)>)?`")
LABEL = re.compile(r"^\(([^()\s]+)\)=[ \t]*$", re.M)


def parse_glossary(text: str) -> list[dict]:
    """Entries of the {glossary} directive: their terms (synonyms share an entry) and
    definition text, in the order written."""
    found = re.search(r"^```\{glossary\}[^\n]*\n(.*?)^```[ \t]*$", text, re.M | re.S)
    assert found, "book/glossary.md has no {glossary} directive"
    entries: list[dict] = []
    last_was_term = False
    for line in found.group(1).splitlines():
        if not line.strip():
            last_was_term = False
        elif not entries and line.startswith(":"):
            continue  # an option of the directive, such as :sorted:
        elif line[0].isspace():
            entries[-1]["definition"] += line.strip() + " "
            last_was_term = False
        elif last_was_term:
            entries[-1]["terms"].append(line.strip())
        else:
            entries.append({"terms": [line.strip()], "definition": ""})
            last_was_term = True
    return entries


ENTRIES = parse_glossary(GLOSSARY.read_text(encoding="utf-8"))
TERMS = [term for entry in ENTRIES for term in entry["terms"]]


def chapter_prose(path: Path) -> str:
    """A chapter's Markdown without its code cells and emphasis marks, in lower case."""
    text = CODE_CELL.sub(" ", path.read_text(encoding="utf-8"))
    return re.sub(r"[*`]", "", text).lower()


@cache
def all_prose() -> str:
    return "\n".join(chapter_prose(path) for path in CHAPTERS)


def _word_forms(word: str) -> str:
    """A regex for a word and its simple inflections: -s, -es, -ies, -d, -ed, -ing."""
    w = re.escape(word)
    forms = [w + "(?:s|es|d|ed|ing|'s)?"]
    if word.endswith("y"):
        forms.append(re.escape(word[:-1]) + "ies")
    if word.endswith("e"):
        forms.append(re.escape(word[:-1]) + "ing")
    return "(?:" + "|".join(forms) + ")"


def term_pattern(term: str) -> re.Pattern:
    """The term in running text: any case, words split by spaces, line breaks or hyphens,
    and the last word inflected."""
    words = re.split(r"[\s\-]+", term.lower())
    body = r"[\s\-]+".join([re.escape(w) for w in words[:-1]] + [_word_forms(words[-1])])
    return re.compile(r"(?<![\w])" + body + r"(?![\w])", re.I)


@cache
def toc_files() -> set[str]:
    """Pages of _toc.yml, as paths without suffix relative to the repository."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = {toc["root"]}

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.add(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return {str(Path(f).with_suffix("")) for f in files}


@cache
def myst_config() -> MdParserConfig:
    """The MyST settings of _config.yml that decide headings' slugs: the extensions (a
    `$...$` in a heading is maths, not text, and gives no letters to the slug) and
    `myst_heading_anchors`, the deepest heading level that has a slug."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    depth = config.get("sphinx", {}).get("config", {}).get("myst_heading_anchors", 0)
    extensions = config.get("parse", {}).get("myst_enable_extensions", [])
    return MdParserConfig(heading_anchors=int(depth), enable_extensions=set(extensions))


@cache
def anchors(page: Path) -> frozenset[str]:
    """What `page.md#anchor` may name: MyST labels `(name)=`, and the slugs myst-parser
    gives headings (its own slug function, made unique in the order of the page)."""
    text = page.read_text(encoding="utf-8")
    found = set(LABEL.findall(text))
    config = myst_config()
    slugs: dict[str, int] = {}
    for node in SyntaxTreeNode(create_md_parser(config, DocutilsRenderer).parse(text)).walk():
        if node.type == "heading" and int(node.tag[1]) <= config.heading_anchors:
            slugs[compute_unique_slug(node, slugs)] = 1
    return frozenset(found | set(slugs))


def link_problem(target: str) -> str | None:
    """Why a link from the glossary does not resolve, or None when it does."""
    if re.match(r"[a-z]+:", target):
        return None  # a link out of the site is not checked here
    path, _, anchor = target.partition("#")
    page = (GLOSSARY.parent / path).resolve()
    try:
        name = str(page.relative_to(ROOT).with_suffix(""))
    except ValueError:
        return f"{target}: points outside the book"
    if not page.is_file():
        return f"{target}: there is no file {path}"
    if name not in toc_files():
        return f"{target}: {path} is not a page of _toc.yml"
    if anchor and anchor not in anchors(page):
        return f"{target}: {path} has no heading or label #{anchor}"
    return None


def test_the_glossary_has_terms():
    assert len(ENTRIES) >= 100, f"only {len(ENTRIES)} entries in book/glossary.md"


@pytest.mark.parametrize("term", TERMS)
def test_every_term_is_used_in_a_chapter(term):
    used = term_pattern(term).search(all_prose()) is not None
    assert used, f"glossary term {term!r} appears in no chapter's prose (chapters/*.md)"


def test_every_link_resolves():
    problems = [f"{' / '.join(entry['terms'])}: {problem}"
                for entry in ENTRIES
                for target in LINK.findall(entry["definition"])
                if (problem := link_problem(target))]
    assert not problems, "glossary links that do not resolve:\n" + "\n".join(problems)


def test_every_entry_links_to_a_chapter():
    unlinked = [entry["terms"][0] for entry in ENTRIES
                if not any(t.startswith("../chapters/")
                           for t in LINK.findall(entry["definition"]))]
    assert not unlinked, f"entries with no link to where they are taught: {unlinked}"


def test_see_also_names_a_glossary_term():
    known = {term.lower() for term in TERMS}
    unknown = [f"{entry['terms'][0]} -> {target or text}"
               for entry in ENTRIES
               for text, target in TERM_ROLE.findall(entry["definition"])
               if " ".join((target or text).split()).lower() not in known]
    assert not unknown, f"{{term}} references to terms the glossary lacks: {unknown}"


def test_terms_are_unique():
    seen: dict[str, str] = {}
    duplicates = []
    for term in TERMS:
        if term.lower() in seen:
            duplicates.append(term)
        seen[term.lower()] = term
    assert not duplicates, f"terms defined twice in the glossary: {duplicates}"


def test_entries_are_sorted():
    firsts = [entry["terms"][0] for entry in ENTRIES]
    for before, after in zip(firsts, firsts[1:]):
        assert before.lower() <= after.lower(), (
            f"glossary entries out of alphabetical order: {before!r} before {after!r}")


def test_the_word_forms_match_inflections():
    assert term_pattern("optimiser").search("two optimisers")
    assert term_pattern("mini-batch").search("a mini batch of")
    assert term_pattern("embedding").search("the embeddings")
    assert term_pattern("gradient checking").search("Gradient\nchecking")
    assert not term_pattern("ReLU").search("the preluded")
    assert term_pattern("entropy").search("two entropies")


def test_slugs_follow_myst(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# A page\n\n## Why divide by $\\sqrt{d}$?\n\n## `torch.compile`\n\n"
                    "## Summary\n\n(a-label)=\n## Summary\n\n#### Too deep\n")
    assert myst_config().heading_anchors == 3
    assert anchors(page) == {"a-page", "why-divide-by-", "torchcompile", "summary",
                             "summary-1", "a-label"}


def test_link_problems_are_named():
    assert link_problem("../chapters/02_math.md#derivatives") is None
    assert "no heading or label #nowhere" in link_problem("../chapters/02_math.md#nowhere")
    assert "there is no file" in link_problem("../chapters/99_none.md#x")
    assert "not a page of _toc.yml" in link_problem("../README.md")
