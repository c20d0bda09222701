"""The API key never shows: not in any log record (httpx's and httpcore's included, at DEBUG),
exception message, traceback, repr or str, whether it travels in the header or the query."""

from __future__ import annotations

import logging
import traceback
from typing import Any

import httpx
import pytest

from multisafepay_async import AsyncClient, MultiSafepayError
from multisafepay_async._config import BackendName

from .conftest import API_KEY, SEED_ORDER, FaultServer, closed_port


async def _failing_scenario(base_url: str, where: Any, backend: BackendName) -> list[BaseException]:
    errors: list[BaseException] = []
    timeout = httpx.Timeout(2.0, read=0.3)
    async with AsyncClient(
        API_KEY, base_url=base_url, api_key_in=where, timeout=timeout, backend=backend
    ) as c:
        await c.orders.get("503.503.ok~retried")
        calls = [
            c.orders.get("503~always"),
            c.orders.get("stall~x", max_retries=0),
            c.orders.get("html200~x"),
            c.orders.get("fail200~x"),
            c.orders.create({**SEED_ORDER, "order_id": "resetpost~x"}),
            c.orders.create({**SEED_ORDER, "amount": 10.5}),
        ]
        for call in calls:
            try:
                await call
            except MultiSafepayError as exc:
                errors.append(exc)
    if backend == "httpx":
        # Through an httpx.AsyncClient the user owns: httpx logs every URL at INFO.
        async with (
            httpx.AsyncClient() as own,
            AsyncClient(
                API_KEY, base_url=base_url, api_key_in=where, http_client=own, timeout=timeout
            ) as c,
        ):
            try:
                await c.orders.get("503~own")
            except MultiSafepayError as exc:
                errors.append(exc)
    refused = f"http://127.0.0.1:{closed_port()}/v1/json"
    async with AsyncClient(API_KEY, base_url=refused, api_key_in=where, backend=backend) as c:
        try:
            await c.orders.get("x")
        except MultiSafepayError as exc:
            errors.append(exc)
        errors.append(RuntimeError(repr(c)))
    return errors


@pytest.mark.parametrize("where", ["header", "query"])
async def test_the_key_is_absent_from_everything_a_failing_run_leaves_behind(
    fault_process: str,
    where: str,
    backend: BackendName,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # the root logger: httpx, httpcore and ours inherit it
    for name in ("httpx", "httpcore", "multisafepay_async"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    errors = await _failing_scenario(FaultServer(fault_process).api, where, backend)
    assert len(errors) == (9 if backend == "httpx" else 8)

    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    captured = [formatter.format(record) for record in caplog.records]
    captured += [str(vars(record)) for record in caplog.records]
    for error in errors:
        captured += [str(error), repr(error), "".join(traceback.format_exception(error))]
        captured += [repr(vars(error))]
    everything = "\n".join(captured)

    assert API_KEY not in everything
    if backend == "httpx":  # httpx (the user's client) and httpcore did log the requests
        assert any(r.name == "httpx" for r in caplog.records)
        assert any(r.name.startswith("httpcore") for r in caplog.records)
    assert any("retrying GET" in r.getMessage() for r in caplog.records)
    if where == "query" and backend == "httpx":  # httpx logs full URLs: the filter rewrote them
        assert "api_key=[redacted]" in everything


async def test_closing_one_client_keeps_redacting_a_key_another_client_still_uses(
    caplog: pytest.LogCaptureFixture,
) -> None:
    key = "a-key-only-this-test-uses-4711"  # other tests may leave clients with API_KEY open
    first = AsyncClient(key)
    second = AsyncClient(key)
    await first.aclose()
    await first.aclose()  # twice: still only one release
    caplog.set_level(logging.INFO, logger="httpx")
    logging.getLogger("httpx").info("HTTP Request: GET https://x/?api_key=%s", key)
    logging.getLogger("httpx").info("header api_key: %s", key)
    assert key not in caplog.text and caplog.text.count("[redacted]") == 2
    await second.aclose()
    logging.getLogger("httpx").info("after every holder closed: %s", key)
    assert key in caplog.text  # nothing left to protect, nothing redacted
