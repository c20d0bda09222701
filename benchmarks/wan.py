"""Batch lookups the way users see them: TLS 1.3 and a real round trip, not raw loopback.

    make bench-wan        # or: .venv/bin/python -m benchmarks.wan --rtt 20 100 --levels 10 100 500

nginx (one worker, core 0) serves the order body over TLS 1.3 with a certificate from a
throwaway CA (trustme) that every client trusts through SSL_CERT_FILE / REQUESTS_CA_BUNDLE:
verification stays on. A delaying proxy in front of it (`_delay_proxy`, also on core 0) holds
every chunk RTT/2 each way and adds one RTT per new connection. Each row is a fresh process on
core 1. Session resumption is off, so every TCP connection costs one full TLS handshake.

Columns: req/s; its share of the C/RTT ceiling (C requests in flight can complete at most
C/RTT per second); TCP connections (= TLS handshakes) nginx accepted; the client's CPU per
request (user + system, all threads); its peak RSS. Median of --repeat interleaved runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import trustme

from .batch import ROOT, ROWS, SDK_PYTHON, Nginx, run_row

TLS_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    keepalive_requests 10000000;
    keepalive_timeout 120s;
    default_type application/json;
    ssl_protocols TLSv1.3;
    ssl_session_cache off;
    ssl_session_tickets off;
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        location = /nginx_status {{ stub_status; }}
    }}
    server {{
        listen 127.0.0.1:{tls_port} ssl backlog=4096;
        ssl_certificate {tmp}/server.pem;
        ssl_certificate_key {tmp}/server.key;
        root {tmp};
        location / {{ try_files /order.json =404; }}
    }}
}}
"""


class DelayProxy:
    def __init__(self, upstream_port: int, rtt_ms: float) -> None:
        command = [
            "taskset",
            "-c",
            "0",
            sys.executable,
            "-m",
            "benchmarks._delay_proxy",
            "--upstream",
            f"127.0.0.1:{upstream_port}",
            "--rtt-ms",
            str(rtt_ms),
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline().split()[1])

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rtt", type=float, nargs="+", default=[20.0, 100.0], help="ms")
    parser.add_argument("--levels", type=int, nargs="+", default=[10, 100, 500])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0, help="target duration per row")
    parser.add_argument("--rows", nargs="+", default=ROWS)
    args = parser.parse_args()
    rows = [r for r in args.rows if r != "official SDK" or SDK_PYTHON.exists()]

    ca = trustme.CA()
    cert = ca.issue_cert("localhost", "127.0.0.1")
    files = {
        "server.pem": b"".join(blob.bytes() for blob in cert.cert_chain_pems),
        "server.key": cert.private_key_pem.bytes(),
    }
    ca_file = Path(tempfile.mkdtemp(prefix="msp-ca-")) / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    env = {"SSL_CERT_FILE": str(ca_file), "REQUESTS_CA_BUNDLE": str(ca_file)}

    nginx = Nginx(TLS_CONF, files)
    results: dict[tuple[float, str, int], list[dict[str, float]]] = {}
    try:
        for rtt in args.rtt:
            proxy = DelayProxy(nginx.tls_port, rtt)
            url = f"https://127.0.0.1:{proxy.port}"
            try:
                for _ in range(args.repeat):
                    for level in args.levels:
                        ceiling = level / (rtt / 1000)
                        n = int(min(max(ceiling * args.seconds, 200), 30_000))
                        for row in rows:
                            before = nginx.accepts()
                            cap = args.seconds * 4
                            result = run_row(row, url, n, level, cap, env)
                            result["conns"] = nginx.accepts() - before - 1
                            results.setdefault((rtt, row, level), []).append(result)
                            print(f"  {rtt:g} ms {row:<28} C={level:<4} {result}", file=sys.stderr)
            finally:
                proxy.stop()
    finally:
        nginx.stop()
    _report(results, args.rtt, args.levels, rows, args.repeat)


def _report(
    results: dict[tuple[float, str, int], list[dict[str, float]]],
    rtts: list[float],
    levels: list[int],
    rows: list[str],
    repeat: int,
) -> None:
    print(f"\nTLS 1.3 through a delaying proxy, median of {repeat} interleaved runs\n")
    print(
        "| RTT | C | client | req/s | share of C/RTT | x raw aiohttp | TCP+TLS conns "
        "| CPU ms/req | peak RSS MiB | failures |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for rtt in rtts:
        for level in levels:
            ceiling = level / (rtt / 1000)
            base = statistics.median(r["rps"] for r in results[(rtt, "raw aiohttp", level)])
            for row in rows:
                runs = results[(rtt, row, level)]
                rps = statistics.median(r["rps"] for r in runs)
                cpu = statistics.median(r.get("cpu_ms", 0.0) for r in runs)
                print(
                    f"| {rtt:g} ms | {level} | {row} | {rps:,.0f} | {rps / ceiling:.0%} "
                    f"| {rps / (base or 1):.2f} | {max(r['conns'] for r in runs):,.0f} "
                    f"| {cpu:.2f} | {max(r['rss_mb'] for r in runs):.0f} "
                    f"| {max(r['failures'] for r in runs):,.0f} |"
                )
    low, high = min(levels), max(levels)
    if low == high:
        return  # one level: no memory per connection to tell apart
    print(f"\nPeak RSS per open TLS connection (C={high} minus C={low}):")
    for row in rows:
        for rtt in rtts:
            small = statistics.median(r["rss_mb"] for r in results[(rtt, row, low)])
            big = statistics.median(r["rss_mb"] for r in results[(rtt, row, high)])
            per = (big - small) / (high - low) * 1024
            print(f"  {row:<28} RTT {rtt:g} ms: {per:,.0f} KiB per connection")


if __name__ == "__main__":
    main()
