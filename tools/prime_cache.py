"""Hand the outputs that nbval produced to the site build, so no notebook executes twice.

Jupyter Book (myst-nb, execution mode "cache") looks each page's code up in a jupyter-cache
database by a hash of its code cells. Storing the notebooks that ``make execute`` already
ran under that hash turns the build's execution into a cache hit. A notebook whose code
differs from its executed copy simply misses and is executed by the build.

    python -m tools.prime_cache _build/executed/chapters/01_intro.ipynb ...
"""

import sys
from pathlib import Path

import nbformat
import yaml
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn

ROOT = Path(__file__).resolve().parent.parent


def cache_path() -> Path:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    return ROOT / config["execute"]["cache"]


def main(paths: list[str]) -> int:
    cache = get_cache(str(cache_path()))
    for path in (Path(p).resolve() for p in paths):
        source = ROOT / path.relative_to(ROOT / "_build" / "executed").with_suffix(".md")
        notebook = nbformat.read(path, as_version=4)
        cache.cache_notebook_bundle(CacheBundleIn(notebook, str(source)),
                                    check_validity=False, overwrite=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
