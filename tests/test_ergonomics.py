"""What users of the openai and stripe clients expect: raw answers, hooks and tracing,
deadlines, configuration from the environment, per-call extras, models out."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

import httpx
import pytest
import respx
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from multisafepay_async import (
    APIConnectionError,
    APITimeoutError,
    AsyncClient,
    Order,
    OutcomeUnknownError,
    RequestEvent,
    RetryPolicy,
    ServiceUnavailableError,
    ValidationError,
    to_dict,
    to_json,
)
from multisafepay_async._config import BackendName
from multisafepay_async._convert import converter
from multisafepay_async.integrations.otel import tracing_hook

from .conftest import API_KEY, SEED_ORDER, FaultServer, order_data
from .test_models_decode import ORDER_BODIES

BASE = "https://testapi.multisafepay.com/v1/json"


def fault_client(server: FaultServer, backend: BackendName, **options: Any) -> AsyncClient:
    options.setdefault("timeout", httpx.Timeout(2.0, read=0.5))
    return AsyncClient(API_KEY, base_url=server.api, backend=backend, **options)


# --- raw access ------------------------------------------------------------------------------


async def test_errors_carry_the_answer_and_the_request(
    faults: FaultServer, backend: BackendName
) -> None:
    async with fault_client(faults, backend, api_key_in="query") as client:
        with pytest.raises(ServiceUnavailableError) as caught:
            await client.orders.get("503~x", max_retries=0)
    error = caught.value
    assert error.http_status == 503 and error.method == "GET" and error.path == "/orders/503~x"
    assert error.body == "Error 503" and error.headers["content-type"] == "text/plain"
    assert API_KEY not in repr(vars(error))


async def test_a_call_can_be_had_raw_on_both_backends(
    faults: FaultServer, backend: BackendName
) -> None:
    async with fault_client(faults, backend) as client:
        raw = await client.with_raw_response(client.orders.get("503.ok~raw"))
        me_raw = await client.with_raw_response(client.orders.get("ok~plain"))
    assert isinstance(raw.parsed, Order) and raw.parsed.order_id == "503.ok~raw"
    assert raw.status_code == 200 and raw.attempts == 2 and raw.elapsed > 0
    assert raw.headers["content-type"] == "application/json"
    assert raw.method == "GET" and raw.path == "/orders/503.ok~raw"
    assert me_raw.attempts == 1


async def test_with_raw_response_needs_a_call_of_the_client() -> None:
    async def nothing() -> int:
        return 1

    with pytest.raises(TypeError, match="with_raw_response"):
        await AsyncClient(API_KEY).with_raw_response(nothing())


# --- hooks, logs and tracing -----------------------------------------------------------------


async def test_hooks_see_every_attempt_the_same_way_on_both_backends(
    faults: FaultServer, backend: BackendName
) -> None:
    events: list[RequestEvent] = []
    async with fault_client(faults, backend, hooks=[events.append], api_key_in="query") as c:
        await c.orders.get("503.ok~hooked")
    kinds = [(e.kind, e.attempt, e.status, e.error_type) for e in events]
    assert kinds == [
        ("request", 1, None, None),
        ("response", 1, 503, "ServiceUnavailableError"),
        ("retry", 1, 503, "ServiceUnavailableError"),
        ("request", 2, None, None),
        ("response", 2, 200, None),
    ]
    assert all(e.method == "GET" and e.path == "/orders/503.ok~hooked" for e in events)
    assert events[1].elapsed is not None and events[1].elapsed > 0
    assert API_KEY not in repr(events)


async def test_a_hook_sees_a_failure_without_an_answer(faults: FaultServer) -> None:
    events: list[RequestEvent] = []
    async with fault_client(faults, "httpx", hooks=[events.append]) as client:
        with pytest.raises(APITimeoutError):
            await client.orders.get("stall~hook", max_retries=0)
    assert [(e.kind, e.error_type) for e in events] == [
        ("request", None),
        ("response", "APITimeoutError"),
    ]


async def test_a_broken_hook_never_breaks_a_call(
    faults: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(event: RequestEvent) -> None:
        raise RuntimeError("hook bug")

    async with fault_client(faults, "httpx", hooks=[broken]) as client:
        assert (await client.orders.get("ok~b")).order_id == "ok~b"
    assert "a request hook failed" in caplog.text


async def test_spans_follow_the_http_client_conventions_and_hold_no_key(
    faults: FaultServer, backend: BackendName, caplog: pytest.LogCaptureFixture
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    caplog.set_level(logging.DEBUG)
    hook = tracing_hook(provider)
    async with fault_client(faults, backend, hooks=[hook], api_key_in="query") as client:
        await client.orders.get("503.ok~traced")
        with pytest.raises(OutcomeUnknownError):
            await client.orders.create({**SEED_ORDER, "order_id": "resetpost~traced"})
    first, second, failed = exporter.get_finished_spans()
    assert first.name == "GET" and first.kind.name == "CLIENT"
    assert first.attributes is not None and second.attributes is not None
    assert first.attributes["http.response.status_code"] == 503
    assert first.attributes["error.type"] == "ServiceUnavailableError"
    assert first.status.status_code.name == "ERROR"
    assert "http.request.resend_count" not in first.attributes
    assert second.attributes["http.request.resend_count"] == 1
    assert second.attributes["http.response.status_code"] == 200
    assert second.attributes["url.full"] == faults.api + "/orders/503.ok~traced"
    assert second.attributes["server.address"] == "127.0.0.1"
    assert failed.attributes is not None and failed.attributes["error.type"] == "APIConnectionError"
    dumped = "".join(span.to_json() for span in exporter.get_finished_spans())
    assert API_KEY not in dumped and API_KEY not in caplog.text
    assert "GET /orders/503.ok~traced -> OK in" in caplog.text  # the DEBUG line per call


# --- deadlines -------------------------------------------------------------------------------


async def test_a_deadline_bounds_a_read_against_a_silent_server(
    faults: FaultServer, backend: BackendName
) -> None:
    # Without it: 3 attempts x 30 s read timeout, plus backoff.
    async with AsyncClient(API_KEY, base_url=faults.api, backend=backend) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError) as caught:
            await client.orders.get("stall~deadline", deadline=0.6)
    assert time.monotonic() - started < 1.5
    assert "deadline" in str(caught.value)


async def test_a_total_timeout_bounds_every_call_and_a_write_becomes_outcome_unknown(
    faults: FaultServer, backend: BackendName
) -> None:
    policy = RetryPolicy(total_timeout=0.5)
    async with AsyncClient(API_KEY, base_url=faults.api, backend=backend, retry=policy) as c:
        started = time.monotonic()
        with pytest.raises(OutcomeUnknownError):
            await c.orders.create({**SEED_ORDER, "order_id": "stall~total"})
    assert time.monotonic() - started < 1.5
    assert await faults.count("POST", "stall~total") == 1


async def test_a_deadline_stops_retries_that_would_overrun_it(faults: FaultServer) -> None:
    set_sleeps = RetryPolicy(backoff_initial=5.0)
    async with fault_client(faults, "httpx", retry=set_sleeps) as client:
        with pytest.raises(ServiceUnavailableError):
            await client.orders.get("503~always", deadline=2.0)
    assert await faults.count("GET", "503~always") == 1  # the 5 s backoff would pass it


# --- configuration from the environment ------------------------------------------------------


def test_the_key_and_environment_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MULTISAFEPAY_API_KEY", "env-key-1234567890")
    monkeypatch.setenv("MULTISAFEPAY_ENVIRONMENT", "live")
    client = AsyncClient()
    assert client._api_key == "env-key-1234567890"
    assert client._base_url == "https://api.multisafepay.com/v1/json"
    assert AsyncClient(environment="test")._base_url.startswith("https://testapi.")


def test_without_a_key_anywhere_the_error_says_where_to_put_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MULTISAFEPAY_API_KEY", raising=False)
    with pytest.raises(ValidationError, match="MULTISAFEPAY_API_KEY"):
        AsyncClient()


def test_a_missing_key_is_reported_with_every_other_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MULTISAFEPAY_API_KEY", raising=False)
    with pytest.raises(ValidationError) as raised:
        AsyncClient(environment="prod", max_connections=0)  # type: ignore[arg-type]
    assert len(raised.value.errors) == 3
    assert "MULTISAFEPAY_API_KEY" in raised.value.errors[0]


def test_an_unknown_environment_from_the_environment_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MULTISAFEPAY_ENVIRONMENT", "prod")
    with pytest.raises(ValidationError, match="'test' or 'live'"):
        AsyncClient(API_KEY)


# --- per-call extras -------------------------------------------------------------------------


@respx.mock
async def test_extras_go_on_the_wire(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.route().respond(json={"success": True, "data": {"order_id": "o"}})
    async with AsyncClient(API_KEY) as client:
        await client.orders.get("o", extra_headers={"x-trace": "1"}, extra_query={"a": "b"})
        sent = route.calls.last.request
        assert sent.headers["x-trace"] == "1" and sent.url.params["a"] == "b"
        await client.orders.update("o", {"status": "shipped"}, extra_body={"note": "n"})
        assert json.loads(route.calls.last.request.content) == {"status": "shipped", "note": "n"}
        await client.orders.create(SEED_ORDER, extra_body={"new_field": 1})
        assert json.loads(route.calls.last.request.content)["new_field"] == 1
        await client.me(extra_query={"locale": "nl_NL"})
        assert route.calls.last.request.url.params["locale"] == "nl_NL"


@pytest.mark.parametrize(
    ("extras", "error"),
    [
        ({"extra_header": {}}, TypeError),
        ({"extra_body": {"x": 1}}, ValidationError),  # a GET sends no body
        ({"extra_headers": {"api_key": "other"}}, ValidationError),
        ({"extra_query": {"api_key": "other"}}, ValidationError),
        ({"extra_headers": {"x": 1}}, ValidationError),
        ({"deadline": 0}, ValidationError),
    ],
)
@respx.mock
async def test_bad_extras_are_refused_before_any_request(
    extras: dict[str, Any], error: type[Exception], respx_mock: respx.MockRouter
) -> None:
    route = respx_mock.route()
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(error):
            await client.orders.get("o", **extras)
    assert not route.called


def test_a_misspelt_extra_names_the_method_at_once() -> None:
    with pytest.raises(TypeError, match="list"):
        AsyncClient(API_KEY).transactions.list(extra_qeury={"a": "b"})  # type: ignore[call-arg]


# --- models out ------------------------------------------------------------------------------


@pytest.mark.parametrize("relative", ORDER_BODIES)
def test_every_order_round_trips_through_to_dict_and_to_json(relative: str) -> None:
    order = converter.structure(order_data(relative), Order)
    assert converter.structure(to_dict(order), Order) == order
    assert converter.structure(json.loads(to_json(order)), Order) == order


def test_to_dict_gives_back_what_multisafepay_sent() -> None:
    sent = {"order_id": "o", "status": "chargeback", "created": "Feb 23", "amount": 5}
    order = converter.structure(sent, Order)
    # The status as spelled, the odd timestamp as text; no refund is a refunded amount of 0.
    assert to_dict(order) == {**sent, "amount_refunded": 0}
    assert converter.structure(to_dict(order), Order) == order


async def test_connection_refused_reports_as_not_sent() -> None:
    # (keeps the suite honest about APIConnectionError after the request-path changes)
    async with AsyncClient(API_KEY, base_url="http://127.0.0.1:9/v1/json") as client:
        with pytest.raises(APIConnectionError) as caught:
            await asyncio.wait_for(client.orders.get("o", max_retries=0), 5)
    assert caught.value.request_sent is False
