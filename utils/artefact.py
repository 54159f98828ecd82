"""A versioned model artefact: one folder with the weights and all that is needed to use them.

Chapter 12 builds it. The folder holds ``weights.safetensors`` (tensors only, nothing that
runs when loaded) and ``metadata.json``: the version, the architecture, the preprocessing
(mean and std), the label names, a hash of the training data, the test metrics, the library
versions, and the SHA-256 of the weights file, which :func:`load_artefact` checks before it
trusts a byte of the weights.
"""

import hashlib
import json
import platform
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from torch import nn

WEIGHTS = "weights.safetensors"
METADATA = "metadata.json"


def sha256_file(path: str | Path) -> str:
    """The SHA-256 of a file's bytes as 64 hex digits, read in chunks: any size fits."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def build_mlp(sizes: list[int]) -> nn.Sequential:
    """A ReLU MLP with the given layer widths: [256, 128, 10] gives 256 -> 128 -> 10."""
    if len(sizes) < 2:
        raise ValueError(f"an MLP needs an input and an output size, got {sizes}")
    layers: list[nn.Module] = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(n_in, n_out), nn.ReLU()]
    return nn.Sequential(*layers[:-1])  # logits out: no ReLU after the last layer


def library_versions() -> dict[str, str]:
    """The versions that wrote an artefact, so a reader of it knows what to install."""
    import numpy
    import safetensors

    return {"python": platform.python_version(), "torch": torch.__version__,
            "numpy": numpy.__version__, "safetensors": safetensors.__version__}


def save_artefact(folder: str | Path, model: nn.Module, metadata: dict) -> Path:
    """Write ``model``'s weights, ``metadata``, versions and checksum to ``folder``.

    ``metadata`` must name the ``version``; everything else in it (architecture,
    preprocessing, labels, data hash, metrics) is stored as given. Returns the folder.
    """
    if "version" not in metadata:
        raise ValueError("an artefact needs a 'version' in its metadata")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    weights = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    save_file(weights, folder / WEIGHTS)
    full = {**metadata, "libraries": library_versions(),
            "weights_file": WEIGHTS, "weights_sha256": sha256_file(folder / WEIGHTS)}
    (folder / METADATA).write_text(json.dumps(full, indent=2))
    return folder


def load_artefact(folder: str | Path) -> tuple[nn.Module, dict]:
    """Check the weights file against its recorded SHA-256, then build the model (eval).

    Raises ``ValueError`` when the checksum differs (a corrupted or tampered file), so a
    service refuses to start rather than serve weights nobody vouched for.
    """
    folder = Path(folder)
    metadata = json.loads((folder / METADATA).read_text())
    weights_path = folder / metadata["weights_file"]
    actual = sha256_file(weights_path)
    if actual != metadata["weights_sha256"]:
        recorded = metadata["weights_sha256"]
        raise ValueError(f"{weights_path.name}: SHA-256 {actual[:12]}... does not "
                         f"match the recorded {recorded[:12]}...; refusing to load it")
    model = build_mlp(metadata["architecture"]["sizes"])
    model.load_state_dict(load_file(weights_path))
    return model.eval(), metadata


def model_card(metadata: dict) -> str:
    """A short model card in Markdown, written from the artefact's metadata."""
    metrics = "\n".join(f"| {name} | {value:.4f} |" for name, value in
                        metadata.get("metrics", {}).items())
    libraries = ", ".join(f"{k} {v}" for k, v in metadata.get("libraries", {}).items())
    pre = metadata["preprocessing"]
    return "\n".join([
        f"**Model card: {metadata.get('name', 'model')} {metadata['version']}**",
        "",
        f"**What it does.** {metadata.get('intended_use', 'not stated')}",
        "",
        f"**Input.** {pre['description']}; normalised as (x - {pre['mean']:.4f}) / "
        f"{pre['std']:.4f}. **Output:** one of {', '.join(metadata['labels'])}.",
        "",
        f"**Training data.** {metadata.get('data', 'not stated')} "
        f"(SHA-256 `{metadata.get('data_sha256', '?')[:16]}...`).",
        "",
        "| metric (test set) | value |", "|---|---|", metrics,
        "",
        f"**Limits.** {metadata.get('limits', 'not stated')}",
        "",
        f"**Built with** {libraries}; "
        f"weights SHA-256 `{metadata['weights_sha256'][:16]}...`.",
    ])
