"""Fetch the JavaScript that the site and its browser tests need, from the npm registry, once.

The site must work with no internet, so it serves MathJax from the build itself: this script
unpacks a pinned MathJax into ``_build/vendor/site_static/mathjax/``, a folder that
``_config.yml`` lists in ``html_static_path`` (so Sphinx copies it to ``_static/mathjax/``) and
that its ``mathjax_path`` points at. axe-core (``_build/vendor/axe-core/axe.min.js``) is used
only by the accessibility check of ``tests/site``.

Each tarball is checked against the integrity hash pinned here. Re-running is quick: a package
whose pinned version is already in place is skipped.

    python -m tools.vendor_js
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "_build" / "vendor"
SITE_STATIC = VENDOR / "site_static"  # in html_static_path: copied into the site's _static/
MATHJAX_DIR = SITE_STATIC / "mathjax"
AXE_JS = VENDOR / "axe-core" / "axe.min.js"

# name: (version, npm integrity of the tarball, files or folders to keep, where they go)
PACKAGES = {
    "mathjax": (
        "3.2.2",
        "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        # The combined TeX component, plus what it loads on demand: TeX extensions
        # (\require, autoload), CHTML fonts, and the accessibility menu's modules.
        ["LICENSE", "es5/tex-mml-chtml.js", "es5/input/tex/extensions",
         "es5/output/chtml/fonts/woff-v2", "es5/a11y", "es5/sre", "es5/ui"],
        MATHJAX_DIR,
    ),
    "axe-core": (
        "4.14.1",
        "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
        ["LICENSE", "axe.min.js"],
        AXE_JS.parent,
    ),
}


def integrity(tarball: Path) -> str:
    """The npm-style ``sha512-<base64>`` digest of a file."""
    digest = hashlib.sha512(tarball.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def npm_pack(name: str, version: str, folder: Path) -> Path:
    """Download ``name@version`` from the npm registry into ``folder``; return the tarball."""
    if shutil.which("npm") is None:
        sys.exit("tools/vendor_js: npm is not installed (Debian: apt-get install -y npm)")
    done = subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(folder)],
        capture_output=True, text=True, cwd=folder,
    )
    if done.returncode != 0:
        sys.exit(f"tools/vendor_js: npm pack {name}@{version} failed:\n{done.stderr}")
    return folder / json.loads(done.stdout)[0]["filename"]


def vendor(name: str) -> bool:
    """Put the pinned files of one package in place; return False if they already were."""
    version, expected, keep, target = PACKAGES[name]
    stamp = VENDOR / f"{name}.stamp"  # outside target, so it never reaches the site
    if target.is_dir() and stamp.is_file() and stamp.read_text() == f"{name}@{version}\n":
        return False
    with tempfile.TemporaryDirectory() as tmp:
        tarball = npm_pack(name, version, Path(tmp))
        if integrity(tarball) != expected:
            sys.exit(f"tools/vendor_js: {tarball.name} does not match its pinned integrity")
        with tarfile.open(tarball) as archive:
            archive.extractall(tmp, filter="data")
        shutil.rmtree(target, ignore_errors=True)
        for item in keep:
            source = Path(tmp) / "package" / item
            dest = target / item.removeprefix("es5/")  # MathJax's own layout, under target
            if source.is_dir():
                shutil.copytree(source, dest)
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, dest)
    stamp.write_text(f"{name}@{version}\n")
    return True


def main() -> None:
    for name in PACKAGES:
        version = PACKAGES[name][0]
        state = "vendored" if vendor(name) else "already vendored"
        print(f"tools/vendor_js: {name}@{version} {state}")


if __name__ == "__main__":
    main()
