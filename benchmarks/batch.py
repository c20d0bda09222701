"""Batch order lookups: our client on both backends against raw httpx, raw aiohttp and the
official SDK, all against nginx on loopback, in one interleaved run.

    make bench                     # installs nginx and the SDK's venv if needed, then runs
    .venv/bin/python -m benchmarks.batch --n 20000 --levels 1 10 100 500 --repeat 3

nginx (one worker) is pinned to core 0 and serves a 1.5 KB get-order body; every row runs in
a fresh process pinned to core 1 and reports req/s, failures and its peak RSS; TCP connections
opened come from nginx's stub_status. A row stops starting requests after --cap seconds, so a
collapsing client cannot stall the run (its rate is what it achieved until then).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BODY = ROOT / "tests/data/api-examples/responses/getOrder.json"
SDK_PYTHON = ROOT / ".venv-sdk/bin/python"
ROWS = ["raw aiohttp", "raw httpx (default limits)", "ours: httpx", "ours: aiohttp", "official SDK"]
NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    keepalive_requests 10000000;
    keepalive_timeout 120s;
    default_type application/json;
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        root {tmp};
        location = /nginx_status {{ stub_status; }}
        location / {{ try_files /order.json =404; }}
    }}
}}
"""


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Nginx:
    """nginx on loopback, one worker pinned to core 0, serving the order body; `conf` may
    add a TLS server (`{tls_port}`, `{tmp}`); stub_status stays on plain HTTP at `url`."""

    def __init__(self, conf: str = NGINX_CONF, files: dict[str, bytes] | None = None) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.tmp = Path(tempfile.mkdtemp(prefix="msp-bench-"))
        self.port = _free_port()
        self.tls_port = _free_port()
        shutil.copy(BODY, self.tmp / "order.json")
        for name, content in (files or {}).items():
            (self.tmp / name).write_bytes(content)
        self.tmp.chmod(0o755)  # nginx's workers drop root (www-data) and must read the body
        path = self.tmp / "nginx.conf"
        path.write_text(conf.format(tmp=self.tmp, port=self.port, tls_port=self.tls_port))
        command = [nginx, "-c", str(path), "-p", str(self.tmp), "-g", "daemon off;"]
        self.process = subprocess.Popen(["taskset", "-c", "0", *command])
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                self.accepts()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start; see " + str(self.tmp / "error.log"))

    def accepts(self) -> int:
        with urllib.request.urlopen(self.url + "/nginx_status", timeout=2) as answer:
            # "Active connections: 1 \nserver accepts handled requests\n 5 5 9 \n..."
            return int(answer.read().decode().splitlines()[2].split()[0])

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


def run_row(
    row: str, url: str, n: int, c: int, cap: float, env: dict[str, str] | None = None
) -> dict[str, float]:
    python = str(SDK_PYTHON) if row == "official SDK" else sys.executable
    module = "benchmarks._sdk_runner" if row == "official SDK" else "benchmarks._runner"
    env = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)}
    command = ["taskset", "-c", "1", python, "-m", module, row, url, str(n), str(c), str(cap)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if done.returncode != 0:
        print(f"  {row} failed: {done.stderr[-500:]}", file=sys.stderr)
        return {"rps": 0.0, "failures": -1, "rss_mb": 0.0}
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def decode_microbenchmark() -> list[str]:
    import timeit

    from multisafepay_async import Order
    from multisafepay_async._convert import converter
    from multisafepay_async._json import loads as our_loads

    raw = BODY.read_bytes()
    loads = min(timeit.repeat(lambda: json.loads(raw), number=20_000, repeat=5)) / 20_000

    def full() -> Order:
        return converter.structure(our_loads(raw)["data"], Order)

    decoded = min(timeit.repeat(full, number=20_000, repeat=5)) / 20_000
    return [
        f"decode one full order ({len(raw):,} bytes), best of 5 x 20,000:",
        f"  json.loads only                     {loads * 1e6:6.1f} us",
        f"  ours: parse + decode -> Order       {decoded * 1e6:6.1f} us"
        f"  ({decoded / loads:.2f}x json.loads)",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 100, 500])
    parser.add_argument("--repeat", type=int, default=1, help="interleaved repetitions")
    parser.add_argument("--cap", type=float, default=20.0, help="seconds per row at most")
    parser.add_argument("--rows", nargs="+", default=ROWS)
    args = parser.parse_args()
    rows = [r for r in args.rows if r != "official SDK" or SDK_PYTHON.exists()]
    nginx = Nginx()
    results: dict[tuple[str, int], list[dict[str, float]]] = {}
    try:
        for _ in range(args.repeat):
            for level in args.levels:
                for row in rows:
                    before = nginx.accepts()
                    result = run_row(row, nginx.url, args.n, level, args.cap)
                    result["conns"] = nginx.accepts() - before - 1  # minus our status query
                    results.setdefault((row, level), []).append(result)
                    print(f"  {row:<28} C={level:<4} {result}", file=sys.stderr, flush=True)
    finally:
        nginx.stop()
    print(f"\n{args.n:,} GETs per row (or {args.cap:.0f} s), median of {args.repeat}\n")
    print("| client | C | req/s | x raw aiohttp | TCP conns | failures | peak RSS MiB |")
    print("|---|---|---|---|---|---|---|")
    for level in args.levels:
        base = statistics.median(r["rps"] for r in results[("raw aiohttp", level)]) or 1.0
        for row in rows:
            runs = results[(row, level)]
            rps = statistics.median(r["rps"] for r in runs)
            print(
                f"| {row} | {level} | {rps:,.0f} | {rps / base:.2f} "
                f"| {max(r['conns'] for r in runs):,.0f} | {max(r['failures'] for r in runs):,.0f} "
                f"| {max(r['rss_mb'] for r in runs):.0f} |"
            )
    print()
    print("\n".join(decode_microbenchmark()))


if __name__ == "__main__":
    main()
