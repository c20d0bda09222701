"""Soak: a million lookups through `orders.get_many` against a server faulting 10 % of requests.

The fault server (tests/faultserver.py, its own process) answers each request for an id
`rand~<n>` with a random fault (503, 502, 504, 429, 500, an HTML page, a cut-off body, a
reset before or after reading the request) with probability 0.1, seeded, and counts what it
received and what it faulted per id. Afterwards, per backend:

* no id lost or repeated: each of the N ids came back exactly once;
* receipts == attempts: the server received exactly as many requests as the client sent
  (counted by a request hook);
* failures only for ids faulted on every attempt (3 of 3);
* peak RSS flat once the pipeline is full (printed as the batch goes).

    .venv/bin/python -m benchmarks.soak [--n 1000000] [--backends httpx aiohttp]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from multisafepay_async import AsyncClient, RequestEvent, RetryPolicy

ROOT = Path(__file__).parent.parent
ATTEMPTS = 3


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _control(url: str, path: str, method: str = "GET") -> dict[str, object]:
    request = urllib.request.Request(url + path, method=method)
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.loads(answer.read())  # type: ignore[no-any-return]


async def soak(url: str, backend: str, n: int) -> dict[str, object]:
    sent = 0

    def count(event: RequestEvent) -> None:
        nonlocal sent
        sent += event.kind == "request"

    seen = bytearray(n)
    failed: list[int] = []
    policy = RetryPolicy(max_retries=ATTEMPTS - 1, backoff_initial=0.001, backoff_max=0.01)
    marks = {n // 100, n // 10, n // 4, n // 2, 3 * n // 4, n}
    started = time.perf_counter()
    cpu = time.process_time()
    rss: list[float] = []
    async with AsyncClient(
        "soak-key",
        base_url=url + "/v1/json",
        backend=backend,
        retry=policy,
        hooks=[count],  # type: ignore[arg-type]
    ) as client:
        ids = (f"rand~{i}" for i in range(n))
        done = 0
        async for result in client.orders.get_many(ids, concurrency=100):
            index = int(result.order_id.split("~", 1)[1])
            seen[index] += 1
            if result.error is not None:
                failed.append(index)
            done += 1
            if done in marks:
                rss.append(_rss_mib())
                print(
                    f"  {backend:7} {done:>9,} ids {time.perf_counter() - started:7.1f} s"
                    f"  peak RSS {rss[-1]:.1f} MiB",
                    flush=True,
                )
    elapsed = time.perf_counter() - started
    stats = _control(url, "/_stats")
    requests: dict[str, int] = stats["requests"]  # type: ignore[assignment]
    faulted: dict[str, int] = stats["faulted"]  # type: ignore[assignment]
    receipts = sum(requests.values())
    lost = sum(1 for count in seen if count == 0)
    repeated = sum(1 for count in seen if count > 1)
    wrongly_failed = [
        i
        for i in failed
        if faulted.get(f"rand~{i}", 0) < ATTEMPTS or requests.get(f"GET rand~{i}", 0) != ATTEMPTS
    ]
    return {
        "backend": backend,
        "ids": n,
        "seconds": round(elapsed, 1),
        "lookups_per_s": round(n / elapsed),
        "cpu_ms_per_lookup": round((time.process_time() - cpu) / n * 1000, 3),
        "requests_sent": sent,
        "requests_received": receipts,
        "faulted": sum(faulted.values()),
        "failed_ids": len(failed),
        "lost": lost,
        "repeated": repeated,
        "failed_but_not_faulted_every_time": len(wrongly_failed),
        "peak_rss_mib_at_marks": rss,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--backends", nargs="+", default=["httpx", "aiohttp"])
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    if len(args.backends) > 1:  # a process each: peak RSS is per process
        for backend in args.backends:
            command = [sys.executable, "-m", "benchmarks.soak", "--n", str(args.n)]
            subprocess.run([*command, "--seed", str(args.seed), "--backends", backend], check=True)
        return
    for backend in args.backends:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.faultserver",
                "--fault-rate",
                "0.1",
                "--seed",
                str(args.seed),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert server.stdout is not None
        url = f"http://127.0.0.1:{server.stdout.readline().split()[1]}"
        try:
            report = asyncio.run(soak(url, backend, args.n))
        finally:
            server.kill()
            server.wait()
        ok = (
            report["lost"] == report["repeated"] == 0
            and report["requests_sent"] == report["requests_received"]
            and report["failed_but_not_faulted_every_time"] == 0
        )
        print(json.dumps(report), flush=True)
        print(f"  {backend}: {'PASS' if ok else 'FAIL'}", flush=True)


if __name__ == "__main__":
    main()
