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

    started = time.perf_counter()
    with ThreadPoolExecutor(c) as pool:
        for _ in range(c):
            pool.submit(worker)
    elapsed = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rps": done / elapsed, "failures": failures, "rss_mb": rss_mb}))


if __name__ == "__main__":
    main()
