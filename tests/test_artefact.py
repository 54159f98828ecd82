"""Tests of utils.artefact: save, verify and load a versioned model folder; the model card."""

import hashlib
import json

import pytest
import torch

from utils.artefact import (
    METADATA,
    WEIGHTS,
    build_mlp,
    load_artefact,
    model_card,
    save_artefact,
    sha256_file,
)

SIZES = [8, 6, 3]
METADATA_IN = {"name": "tiny", "version": "2.0.1", "architecture": {"sizes": SIZES},
               "preprocessing": {"side": 2, "mean": 0.5, "std": 0.25, "description": "x"},
               "labels": ["a", "b", "c"], "metrics": {"test_accuracy": 0.75},
               "data_sha256": "0" * 64}


def saved(tmp_path):
    torch.manual_seed(0)
    model = build_mlp(SIZES)
    return model, save_artefact(tmp_path / "tiny", model, METADATA_IN)


def test_build_mlp_ends_in_logits():
    model = build_mlp([4, 5, 2])
    assert [type(m).__name__ for m in model] == ["Linear", "ReLU", "Linear"]
    with pytest.raises(ValueError, match="an input and an output"):
        build_mlp([4])


def test_sha256_file_matches_hashlib(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"abc" * 1_000_000)
    assert sha256_file(path) == hashlib.sha256(b"abc" * 1_000_000).hexdigest()


def test_round_trip_gives_the_same_outputs_and_metadata(tmp_path):
    model, folder = saved(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted([METADATA, WEIGHTS])
    loaded, meta = load_artefact(folder)
    x = torch.randn(5, 8)
    with torch.no_grad():
        assert torch.equal(loaded(x), model(x))
    assert not loaded.training
    for key, value in METADATA_IN.items():
        assert meta[key] == value
    assert meta["weights_sha256"] == sha256_file(folder / WEIGHTS)
    assert meta["libraries"]["torch"] == torch.__version__


def test_a_changed_weights_file_is_refused(tmp_path):
    _, folder = saved(tmp_path)
    blob = bytearray((folder / WEIGHTS).read_bytes())
    blob[-1] ^= 1
    (folder / WEIGHTS).write_bytes(bytes(blob))
    with pytest.raises(ValueError, match="does not match"):
        load_artefact(folder)


def test_a_changed_checksum_is_refused(tmp_path):
    _, folder = saved(tmp_path)
    meta = json.loads((folder / METADATA).read_text())
    meta["weights_sha256"] = "f" * 64
    (folder / METADATA).write_text(json.dumps(meta))
    with pytest.raises(ValueError, match="refusing"):
        load_artefact(folder)


def test_version_is_required(tmp_path):
    with pytest.raises(ValueError, match="version"):
        save_artefact(tmp_path, build_mlp(SIZES), {"architecture": {"sizes": SIZES}})


def test_model_card_states_version_metrics_and_checksum(tmp_path):
    _, folder = saved(tmp_path)
    card = model_card(json.loads((folder / METADATA).read_text()))
    assert "tiny 2.0.1" in card
    assert "| test_accuracy | 0.7500 |" in card
    assert sha256_file(folder / WEIGHTS)[:16] in card
