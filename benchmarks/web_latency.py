"""Latency of `cnnlab serve` under load: many prediction requests from concurrent clients, on loopback.

Starts `cnnlab serve` on 127.0.0.1 (a free port) in a subprocess, then sends `--requests` POSTs of
drawn-digit PNGs to /api/predict from `--clients` threads, each with its own HTTP connection. Prints
the error count (any non-200 answer or failed request) and the p50/p99/max latency. Bounded: it stops
at `--requests` requests or after `--time-limit` seconds, whichever comes first, and always stops the
server. Nothing leaves the machine.

    python benchmarks/web_latency.py [CHECKPOINT] [--requests 1000] [--clients 20]

Without CHECKPOINT, an untrained seed-000 baseline is saved to a temporary folder and served: the
predictions are meaningless but the work per request is the same as with a trained one.
"""

from __future__ import annotations

import argparse
import io
import itertools
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from PIL import Image, ImageDraw


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def baseline_checkpoint(folder: Path) -> Path:
    from cnnlab.models import build_model
    from cnnlab.store.checkpoint import save_checkpoint

    model = build_model("baseline", (1, 28, 28), 10)
    info = {
        "model": {
            "spec": model.spec,
            "module": None,
            "input_shape": [1, 28, 28],
            "classes": [str(d) for d in range(10)],
        },
        "data": {"dataset": "mnist", "mean": [0.1307], "std": [0.3081]},
        "config": {},
        "metrics": {},
    }
    return save_checkpoint(folder / "baseline", model, info)


def digit_pngs() -> list[bytes]:
    """A few 280x280 canvases like the page sends: strokes, loops, crosses."""
    shapes = [
        lambda d: d.line([(140, 40), (140, 240)], fill=0, width=20),
        lambda d: d.ellipse([(70, 40), (210, 240)], outline=0, width=20),
        lambda d: d.line([(60, 60), (220, 60), (110, 240)], fill=0, width=20),
        lambda d: (d.line([(70, 70), (210, 210)], fill=0, width=18), d.line([(210, 70), (70, 210)], fill=0, width=18)),
    ]
    images = []
    for draw in shapes:
        image = Image.new("L", (280, 280), 255)
        draw(ImageDraw.Draw(image))
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        images.append(buffer.getvalue())
    return images


def wait_ready(url: str, server: subprocess.Popen, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"error: cnnlab serve exited with code {server.returncode}")
        try:
            if httpx.get(f"{url}/api/models", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"error: cnnlab serve did not answer within {limit:.0f} s")


def load(url: str, requests: int, clients: int, time_limit: float) -> tuple[list[float], list[str]]:
    """Send the requests from `clients` threads; returns each success's latency (s) and each error."""
    payloads = digit_pngs()
    tickets = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + time_limit

    def client() -> None:
        with httpx.Client(timeout=30) as http:
            while time.monotonic() < deadline:
                with lock:
                    ticket = next(tickets)
                if ticket >= requests:
                    return
                files = {"file": ("digit.png", payloads[ticket % len(payloads)], "image/png")}
                started = time.perf_counter()
                try:
                    response = http.post(f"{url}/api/predict", files=files)
                    ok, detail = response.status_code == 200, f"HTTP {response.status_code}: {response.text[:120]}"
                except httpx.HTTPError as e:
                    ok, detail = False, f"{type(e).__name__}: {e}"
                elapsed = time.perf_counter() - started
                with lock:
                    if ok:
                        latencies.append(elapsed)
                    else:
                        errors.append(detail)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()) + 35)
    return latencies, errors


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkpoint", nargs="?", type=Path, help="checkpoint to serve [default: untrained baseline]")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=300.0, help="seconds for the whole load phase")
    args = parser.parse_args()
    if not (1 <= args.requests <= 100_000 and 1 <= args.clients <= 200):
        raise SystemExit("error: --requests must be 1..100000 and --clients 1..200")

    with tempfile.TemporaryDirectory() as scratch:
        checkpoint = args.checkpoint or baseline_checkpoint(Path(scratch))
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cnnlab.cli.main",
                "serve",
                str(checkpoint),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            wait_ready(url, server, 90)
            started = time.perf_counter()
            latencies, errors = load(url, args.requests, args.clients, args.time_limit)
            wall = time.perf_counter() - started
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()

    done = len(latencies) + len(errors)
    print(f"{done} requests from {args.clients} clients in {wall:.1f} s ({done / wall:.0f} requests/s)")
    print(f"errors: {len(errors)}")
    for detail in sorted(set(errors))[:5]:
        print(f"  {detail}")
    if latencies:
        ms = [1000 * t for t in latencies]
        print(f"latency: p50 {percentile(ms, 50):.1f} ms   p99 {percentile(ms, 99):.1f} ms   max {max(ms):.1f} ms")
    if errors or done < args.requests:
        if done < args.requests:
            print(f"stopped at the time limit after {done} of {args.requests} requests")
        sys.exit(1)


if __name__ == "__main__":
    main()
