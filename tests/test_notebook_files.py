"""The notebook files themselves: pairs in sync, twins without outputs, one Colab setup cell."""

from pathlib import Path

import jupytext
import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for folder in ("chapters", "solutions", "exercises")
                 for p in (ROOT / folder).glob("*.md") if p.name.lower() != "readme.md")
COLAB_CELL = (
    "# In Colab, this installs the book's helpers (`utils`) first. Importing them also\n"
    "# gives PyTorch the CPU cores no other program is busy with (see Chapter 4).\n"
    '''import sys

if "google.colab" in sys.modules:
    %pip install -q "deep-learning-101 @ git+{url}"
import utils'''
)


def repository_url() -> str:
    return yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]


def cells(notebook) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source.strip()) for c in notebook.cells]


def test_there_are_notebooks():
    assert SOURCES, "no chapters/*.md found"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_pair_is_in_sync(source: Path):
    twin = source.with_suffix(".ipynb")
    assert twin.exists(), f"{twin.name} is missing: run `jupytext --sync {source}`"
    from_md = jupytext.read(source)
    from_ipynb = nbformat.read(twin, as_version=4)
    assert cells(from_md) == cells(from_ipynb), (
        f"{source.name} and {twin.name} differ: edit the .md, then run `jupytext --sync {source}`")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_twin_has_no_outputs(source: Path):
    notebook = nbformat.read(source.with_suffix(".ipynb"), as_version=4)
    dirty = [i for i, c in enumerate(notebook.cells)
             if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{source.with_suffix('.ipynb').name}: cells {dirty} carry outputs"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_first_code_cell_is_the_colab_setup(source: Path):
    notebook = jupytext.read(source)
    first = next(c for c in notebook.cells if c.cell_type == "code")
    expected = COLAB_CELL.format(url=repository_url())
    assert first.source.strip() == expected, (
        f"{source.name}: the first code cell must be the Colab setup cell for "
        f"{repository_url()} (the URL lives in _config.yml):\n{expected}")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_listed_in_the_toc(source: Path):
    toc = (ROOT / "_toc.yml").read_text()
    entry = str(source.relative_to(ROOT).with_suffix(""))
    assert f"file: {entry}\n" in toc, f"{entry} is not in _toc.yml"
