"""Tests of utils.serving: the FastAPI app in-process (TestClient) and as a real server."""

import inspect
import json
import subprocess
import sys
import time

import httpx
import pytest
import torch
from fastapi import FastAPI
from fastapi.testclient import TestClient

from utils.artefact import build_mlp, save_artefact
from utils.serving import MAX_BATCH, create_app, make_request_model, running_server

SIDE = 16
SIZES = [SIDE * SIDE, 32, 10]
MEAN, STD = 0.3, 0.4


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A small random model, its artefact folder, and a TestClient of the app built on it."""
    torch.manual_seed(0)
    model = build_mlp(SIZES).eval()
    folder = save_artefact(tmp_path_factory.mktemp("artefact"), model, {
        "name": "test-mlp", "version": "0.1.0", "architecture": {"sizes": SIZES},
        "preprocessing": {"side": SIDE, "mean": MEAN, "std": STD, "description": "test"},
        "labels": [f"class {i}" for i in range(10)], "metrics": {"test_accuracy": 0.5}})
    return model, folder, TestClient(create_app(folder))


def images(n: int, seed: int = 0) -> torch.Tensor:
    return torch.rand(n, SIDE, SIDE, generator=torch.Generator().manual_seed(seed))


def post(client: TestClient, payload) -> httpx.Response:
    return client.post("/predict", content=json.dumps(payload),
                       headers={"content-type": "application/json"})


def test_valid_batch_gets_the_models_predictions(served):
    model, _, client = served
    batch = images(5)
    response = post(client, {"images": batch.tolist()})
    assert response.status_code == 200, response.text
    answer = response.json()
    with torch.no_grad():
        probs = torch.softmax(model((batch.reshape(5, -1) - MEAN) / STD), dim=1)
    assert answer["predictions"] == [f"class {i}" for i in probs.argmax(dim=1).tolist()]
    assert torch.allclose(torch.tensor(answer["probabilities"]), probs, atol=1e-6)
    assert answer["version"] == "0.1.0"


def image() -> list:
    return images(1)[0].tolist()


BAD = {
    "too few rows": ({"images": [image()[:15]]}, "at least 16"),
    "too many columns": ({"images": [[row + [0.0] for row in image()]]}, "at most 16"),
    "flat pixels": ({"images": [sum(image(), [])]}, "at most 16"),
    "strings": ({"images": [[[str(v) for v in row] for row in image()]]}, "valid number"),
    "booleans": ({"images": [[[True] * SIDE] * SIDE]}, "valid number"),
    "above 1": ({"images": [[[1.5] * SIDE] * SIDE]}, "less than or equal to 1"),
    "negative": ({"images": [[[-0.1] * SIDE] * SIDE]}, "greater than or equal to 0"),
    "NaN": ({"images": [[[float("nan")] * SIDE] * SIDE]}, "finite number"),
    "infinity": ({"images": [[[float("inf")] * SIDE] * SIDE]}, "finite number"),
    "empty batch": ({"images": []}, "at least 1 item"),
    "missing field": ({"pixels": [image()]}, "Field required"),
    "not an object": ([1, 2, 3], "valid dictionary"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_malformed_input_gets_422_with_a_message(served, case):
    payload, words = BAD[case]
    response = post(served[2], payload)
    assert response.status_code == 422, response.text
    assert words in response.json()["detail"], response.json()


def test_without_its_handler_a_nan_would_be_a_server_error():
    """Why create_app replaces FastAPI's validation handler: the default echoes the NaN."""
    app = FastAPI()
    PredictRequest = make_request_model(SIDE)

    @app.post("/predict")
    def predict(body: PredictRequest) -> dict:
        return {}

    client = TestClient(app, raise_server_exceptions=False)
    assert post(client, {"images": [[[float("nan")] * SIDE] * SIDE]}).status_code == 500
    assert post(client, {"images": [[[2.0] * SIDE] * SIDE]}).status_code == 422


def test_invalid_json_gets_422(served):
    response = served[2].post("/predict", content=b"{images: [",
                              headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "JSON" in response.json()["detail"]


def test_batch_above_the_limit_gets_413(served):
    response = post(served[2], {"images": images(MAX_BATCH + 1).tolist()})
    assert response.status_code == 413
    assert f"at most {MAX_BATCH}" in response.json()["detail"]
    assert post(served[2], {"images": images(MAX_BATCH).tolist()}).status_code == 200


def test_huge_body_is_refused_before_it_is_parsed(served):
    response = post(served[2], {"images": images(20 * MAX_BATCH).tolist()})
    assert response.status_code == 413
    assert "bytes" in response.json()["detail"]


def test_huge_body_sent_in_chunks_is_refused(served):
    """A chunked body declares no length: the limit must count the bytes as they come.

    The body is one valid image padded with a megabyte of spaces, so only the byte limit,
    not validation, can refuse it.
    """
    blob = b" " * 2**20 + json.dumps({"images": images(1).tolist()}).encode()
    chunks = (blob[i : i + 65536] for i in range(0, len(blob), 65536))
    response = served[2].post("/predict", content=chunks,
                              headers={"content-type": "application/json"})
    assert response.status_code == 413, response.text


def test_inference_runs_in_a_plain_def_handler(served):
    """An `async def` would run the blocking forward pass on the event loop itself."""
    route = next(r for r in served[2].app.routes if getattr(r, "path", "") == "/predict")
    assert not inspect.iscoroutinefunction(route.endpoint)


def test_health_metadata_and_monitoring(served):
    client = served[2]
    assert client.get("/health").json() == {"status": "ok", "version": "0.1.0"}
    meta = client.get("/metadata").json()
    assert meta["version"] == "0.1.0" and meta["metrics"] == {"test_accuracy": 0.5}
    assert len(meta["weights_sha256"]) == 64
    before = client.get("/monitoring").json()
    post(client, {"images": torch.full((3, SIDE, SIDE), 0.25).tolist()})
    after = client.get("/monitoring").json()
    assert after["images"] == before["images"] + 3
    assert after["recent_image_means"][-3:] == [0.25] * 3


def test_tampered_artefact_stops_the_app_from_starting(served, tmp_path):
    _, folder, _ = served
    for item in folder.iterdir():
        (tmp_path / item.name).write_bytes(item.read_bytes())
    weights = tmp_path / "weights.safetensors"
    blob = bytearray(weights.read_bytes())
    blob[-1] ^= 1
    weights.write_bytes(bytes(blob))
    with pytest.raises(ValueError, match="does not match"):
        create_app(tmp_path)


def test_real_server_answers_and_stops(served):
    """The way the chapter runs it: a subprocess on 127.0.0.1, a short bounded load."""
    model, folder, _ = served
    batch = images(20, seed=1)
    with running_server(folder) as url:
        with httpx.Client(base_url=url) as client:
            answers = [client.post("/predict", json={"images": [img.tolist()]})
                       for img in batch]
            bad = client.post("/predict", json={"images": [[[2.0] * SIDE] * SIDE]})
    assert all(a.status_code == 200 for a in answers)
    assert bad.status_code == 422
    with torch.no_grad():
        expected = model((batch.reshape(20, -1) - MEAN) / STD).argmax(dim=1).tolist()
    assert [a.json()["predictions"][0] for a in answers] == [f"class {i}" for i in expected]
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{url}/health", timeout=1.0)


def test_server_stops_when_its_parent_is_killed(served):
    """A kernel killed outright cannot run `finally`; the server must not outlive it."""
    script = ("import os, sys\nfrom utils.serving import running_server\n"
              f"with running_server({str(served[1])!r}) as url:\n"
              "    print(url, flush=True)\n    os.kill(os.getpid(), 9)\n")
    parent = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120)
    url = parent.stdout.strip()
    assert url.startswith("http://127.0.0.1:"), parent.stderr
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/health", timeout=0.5)
        except httpx.TransportError:
            return
        time.sleep(0.2)
    pytest.fail(f"the server at {url} still answers after its parent was killed")
