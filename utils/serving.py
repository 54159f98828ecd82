"""A small HTTP service for a versioned artefact (Chapter 12): FastAPI, served by uvicorn.

Run it as ``python -m utils.serving --artefact PATH [--port 8000]``. It loads the artefact
once at start-up (the checksum is verified, see ``utils.artefact``) and serves

- ``POST /predict``: ``{"images": [[[...16 floats...] x 16 rows] x batch]}``, pixels in
  [0, 1]; answers the predicted labels and the softmax probabilities;
- ``GET /health``: 200 once the model is loaded;
- ``GET /metadata``: the artefact's version, metrics and preprocessing;
- ``GET /monitoring``: counts and summary statistics of the inputs served so far.

A client's mistake gets a 4xx with a message (422 for a malformed batch, 413 for one that
is too large), never a 500.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import torch
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from utils.artefact import load_artefact

MAX_BATCH = 64
BYTES_PER_PIXEL = 32  # generous: "0.12345678901234567, " is 21 characters of JSON


def make_request_model(side: int) -> type[BaseModel]:
    """The body of ``POST /predict``: a batch of side x side images, pixels in [0, 1].

    ``strict`` refuses strings and booleans where numbers belong (pydantic would
    otherwise turn "0.5" into 0.5); ``allow_inf_nan=False`` refuses NaN and infinities.
    """
    Pixel = Annotated[float, Field(strict=True, ge=0.0, le=1.0, allow_inf_nan=False)]
    Row = Annotated[list[Pixel], Field(min_length=side, max_length=side)]
    Image = Annotated[list[Row], Field(min_length=side, max_length=side)]

    class PredictRequest(BaseModel):
        images: Annotated[list[Image], Field(min_length=1)]

    return PredictRequest


def describe_errors(errors: list[dict], most: int = 3) -> str:
    """pydantic's validation errors as one readable line: where, and what is wrong."""
    parts = [f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in errors[:most]]
    more = f" (and {len(errors) - most} more)" if len(errors) > most else ""
    return "; ".join(parts) + more


def create_app(artefact: str | Path, max_batch: int = MAX_BATCH) -> FastAPI:
    """Load the artefact once and build the app around it."""
    model, metadata = load_artefact(artefact)
    pre = metadata["preprocessing"]
    side = pre["side"]
    mean, std = pre["mean"], pre["std"]
    PredictRequest = make_request_model(side)
    max_bytes = max_batch * side * side * BYTES_PER_PIXEL + 1024
    recent_means: deque[float] = deque(maxlen=10_000)  # per-image mean pixel, for drift
    counts = {"requests": 0, "images": 0}
    lock = threading.Lock()  # handlers run in a threadpool

    app = FastAPI(title=metadata.get("name", "model"), version=metadata["version"])

    @app.middleware("http")
    async def refuse_huge_bodies(request: Request, call_next):
        size = request.headers.get("content-length")
        if size is not None and size.isdigit() and int(size) > max_bytes:
            detail = (f"request body of {size} bytes is larger than {max_bytes} "
                      f"(at most {max_batch} images)")
            return JSONResponse({"detail": detail}, status_code=413)
        return await call_next(request)

    @app.exception_handler(RequestValidationError)
    async def say_what_is_wrong(request: Request, error: RequestValidationError):
        # FastAPI's own handler echoes the bad input back; a NaN in it cannot be written
        # as JSON, which would turn the client's mistake into a 500.
        detail = describe_errors(error.errors())
        return JSONResponse({"detail": detail}, status_code=422)

    @app.get("/health")
    def health() -> dict:
        return {"status": "ok", "version": metadata["version"]}

    @app.get("/metadata")
    def get_metadata() -> dict:
        keys = ["name", "version", "labels", "metrics", "preprocessing",
                "weights_sha256"]
        return {key: metadata.get(key) for key in keys}

    @app.get("/monitoring")
    def monitoring() -> dict:
        with lock:
            return {**counts, "recent_image_means": list(recent_means)}

    # The middleware reads the declared length; this limit also counts the bytes of a
    # body sent in chunks, which declares none.
    @app.post("/predict", max_body_size=max_bytes)
    def predict(body: PredictRequest) -> dict:  # plain def: a worker thread runs it
        n = len(body.images)
        if n > max_batch:
            detail = f"batch of {n} images; at most {max_batch} per request"
            raise HTTPException(413, detail)
        pixels = torch.tensor(body.images, dtype=torch.float32).reshape(n, side * side)
        with torch.inference_mode():
            probs = torch.softmax(model((pixels - mean) / std), dim=1)
        confidence, predicted = probs.max(dim=1)  # a (values, indices) pair
        with lock:
            counts["requests"] += 1
            counts["images"] += n
            recent_means.extend(pixels.mean(dim=1).tolist())
        return {"version": metadata["version"],
                "predictions": [metadata["labels"][i] for i in predicted.tolist()],
                "confidence": confidence.tolist(), "probabilities": probs.tolist()}

    return app


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory utils.serving:app_from_env``: the artefact named by the
    environment variable DL101_ARTEFACT."""
    return create_app(os.environ["DL101_ARTEFACT"])


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop_with_parent(parent_pid: int) -> None:
    """In the server, on Linux: ask the kernel to SIGTERM it when its parent dies.

    ``running_server`` stops the server in ``finally``; this covers the one case that
    ``finally`` cannot, the parent (a notebook kernel) being killed outright. It runs in
    the server itself, not between fork and exec, where code is unsafe in a parent with
    threads (a notebook kernel has several).
    """
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent_pid:  # the parent died before the request took effect
            sys.exit("the process that started the server has gone")


@contextmanager
def running_server(artefact: str | Path, port: int | None = None,
                   timeout: float = 60.0) -> Iterator[str]:
    """Start the service in a subprocess on 127.0.0.1, yield its URL, always stop it.

    Waits until ``GET /health`` answers; if the server dies first, raises with its log.
    """
    import httpx

    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "utils.serving", "--artefact", str(artefact),
         "--port", str(port), "--parent-pid", str(os.getpid())],
        stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"the server exited with {process.returncode}:\n"
                                   f"{log.read()}")
            try:
                if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"no answer from {url}/health after {timeout:.0f} s")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artefact", required=True,
                        help="folder written by save_artefact")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads per request")
    parser.add_argument("--parent-pid", type=int, help="stop when this process ends")
    args = parser.parse_args(argv)
    if args.parent_pid is not None:
        _stop_with_parent(args.parent_pid)
    torch.set_num_threads(args.threads)  # many requests at once: one thread each
    app = create_app(args.artefact)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning",
                access_log=False)


if __name__ == "__main__":
    main()
