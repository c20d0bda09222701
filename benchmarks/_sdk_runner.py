"""The official `multisafepay` SDK (sync, requests) on a thread pool; runs in .venv-sdk."""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

os.environ["MSP_SDK_BUILD_PROFILE"] = "dev"
os.environ["MSP_SDK_ALLOW_CUSTOM_BASE_URL"] = "1"

from multisafepay import Sdk


def main() -> None:
    _, url, n, c, cap = (
        sys.argv[1],
        sys.argv[2],
        int(sys.argv[3]),
        int(sys.argv[4]),
        float(sys.argv[5]),
    )
    sdk = Sdk(api_key="benchmark-key", is_production=False, base_url=url + "/v1/")
    bundle = os.environ.get("REQUESTS_CA_BUNDLE")
    if bundle:
        # The SDK calls Session.send, which skips requests' environment settings: give its
        # session the benchmark's CA (verification stays on).
        sdk.client.transport.session.verify = bundle
    orders = sdk.get_order_manager()
    counter = iter(range(n))
    lock = threading.Lock()
    done = failures = 0
    deadline = time.perf_counter() + cap

    def worker() -> None:
        nonlocal done, failures
        while time.perf_counter() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            try:
                response = orders.get(f"o{i}")
                ok = response.get_data() is not None
            except Exception:
                ok = False
            with lock:
                done += ok
                failures += not ok

    started, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(c) as pool:
        for _ in range(c):
            pool.submit(worker)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"rps": done / elapsed, "failures": failures, "rss_mb": rss_mb}
    print(json.dumps({**result, "cpu_ms": cpu / max(done, 1) * 1000}))


if __name__ == "__main__":
    main()
