"""The retry layer: reads retry transient failures; writes are never sent twice."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import httpx
import pytest
import respx

from multisafepay_async import (
    APIConnectionError,
    APITimeoutError,
    AsyncClient,
    InvalidRequestError,
    OutcomeUnknownError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    ServiceUnavailableError,
    ValidationError,
)
from multisafepay_async._envelope import parse_retry_after
from multisafepay_async.testing import set_testing

from .conftest import API_KEY, SEED_ORDER, load

BASE = "https://testapi.multisafepay.com/v1/json"
ORDER_BODY = load("api-examples/responses/getOrder.json")
CREATED_BODY = load("api-examples/responses/postOrdersRedirect.json")
OK = httpx.Response(200, json=ORDER_BODY)


@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(503),
        httpx.Response(502),
        httpx.Response(504),
        httpx.Response(500),
        httpx.Response(429),
        httpx.Response(408),
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.PoolTimeout("pool"),
    ],
    ids=lambda f: getattr(f, "status_code", None) or type(f).__name__,
)
@respx.mock
async def test_get_retries_transient_failures_then_succeeds(
    failure: object, respx_mock: respx.MockRouter
) -> None:
    route = respx_mock.get(f"{BASE}/orders/o").mock(side_effect=[failure, failure, OK])
    async with AsyncClient(API_KEY) as client:
        order = await client.orders.get("o")
    assert order.order_id == "example_order_123456"
    assert route.call_count == 3


@respx.mock
async def test_get_gives_up_after_max_retries_and_says_how_many_attempts(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.get(f"{BASE}/orders/o").respond(503)
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(ServiceUnavailableError) as caught:
            await client.orders.get("o")
        assert route.call_count == 3 and caught.value.attempts == 3
        assert str(caught.value).endswith("(after 3 attempts)")
        with pytest.raises(ServiceUnavailableError):
            await client.orders.get("o", max_retries=0)
        assert route.call_count == 4
    async with AsyncClient(API_KEY, retry=RetryPolicy(max_retries=5)) as client:
        with pytest.raises(ServiceUnavailableError):
            await client.orders.get("o")
    assert route.call_count == 10


@pytest.mark.parametrize(
    ("status", "body"),
    [(400, {}), (404, {"success": False, "error_code": 1006}), (200, {"success": False})],
)
@respx.mock
async def test_definite_answers_are_not_retried(
    status: int, body: dict[str, object], respx_mock: respx.MockRouter
) -> None:
    route = respx_mock.get(f"{BASE}/orders/o").respond(status, json=body)
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(Exception):  # noqa: B017 - the type is covered in test_errors
            await client.orders.get("o")
    assert route.call_count == 1


@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(502),
        httpx.Response(504),
        httpx.Response(500, text="<html>Internal error</html>"),
        httpx.ReadTimeout("slow"),
        httpx.WriteTimeout("slow"),
        httpx.ReadError("connection reset by peer"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
    ],
    ids=lambda f: getattr(f, "status_code", None) or type(f).__name__,
)
@respx.mock
async def test_create_is_never_resent_when_the_server_may_have_acted(
    failure: object, respx_mock: respx.MockRouter
) -> None:
    route = respx_mock.post(f"{BASE}/orders").mock(side_effect=[failure, CREATED_BODY])
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.orders.create(SEED_ORDER)
    assert route.call_count == 1
    error = caught.value
    assert error.order_id == "my-order-id-1" and error.attempts == 1
    assert "may have been processed and was not re-sent" in str(error)
    assert error.method == "POST" and error.path == "/orders"


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("no route"),
        httpx.PoolTimeout("pool"),
        httpx.Response(503),
        httpx.Response(429),
    ],
    ids=lambda f: getattr(f, "status_code", None) or type(f).__name__,
)
@respx.mock
async def test_create_is_retried_when_the_request_certainly_was_not_processed(
    failure: object, respx_mock: respx.MockRouter
) -> None:
    route = respx_mock.post(f"{BASE}/orders").mock(
        side_effect=[failure, httpx.Response(200, json=CREATED_BODY)]
    )
    async with AsyncClient(API_KEY) as client:
        created = await client.orders.create(SEED_ORDER)
    assert created.order_id == "redirect-order-0001"
    assert route.call_count == 2


@respx.mock
async def test_create_with_a_multisafepay_500_envelope_is_a_definite_failure(
    respx_mock: respx.MockRouter,
) -> None:
    body = {"success": False, "error_code": 9999, "error_info": "Unknown error"}
    route = respx_mock.post(f"{BASE}/orders").respond(500, json=body)
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(ServerError) as caught:
            await client.orders.create(SEED_ORDER)
    assert route.call_count == 1 and caught.value.error_code == 9999


@respx.mock
async def test_reconcile_returns_the_order_that_the_lost_request_created(
    respx_mock: respx.MockRouter,
) -> None:
    post = respx_mock.post(f"{BASE}/orders").mock(side_effect=httpx.ReadTimeout("slow"))
    get = respx_mock.get(f"{BASE}/orders/my-order-id-1").respond(200, json=ORDER_BODY)
    async with AsyncClient(API_KEY) as client:
        created = await client.orders.create(SEED_ORDER, reconcile=True)
    assert post.call_count == 1 and get.call_count == 1
    assert created.order is not None and created.payment_url is None


@respx.mock
async def test_reconcile_does_not_resend_when_the_order_is_not_found(
    respx_mock: respx.MockRouter,
) -> None:
    post = respx_mock.post(f"{BASE}/orders").respond(504)
    respx_mock.get(f"{BASE}/orders/my-order-id-1").respond(
        404, json={"success": False, "error_code": 1006, "error_info": "Invalid transaction ID"}
    )
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.orders.create(SEED_ORDER, reconcile=True)
    assert post.call_count == 1 and caught.value.http_status == 504


@respx.mock
async def test_a_connection_error_on_the_last_attempt_stays_a_connection_error(
    respx_mock: respx.MockRouter,
) -> None:
    respx_mock.get(f"{BASE}/orders/o").mock(side_effect=httpx.ConnectTimeout("no route"))
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(APITimeoutError) as caught:
            await client.orders.get("o")
    assert isinstance(caught.value, APIConnectionError)
    assert caught.value.request_sent is False and caught.value.attempts == 3


@respx.mock
async def test_retry_after_is_honoured_and_logged(
    respx_mock: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    respx_mock.get(f"{BASE}/orders/o").mock(
        side_effect=[httpx.Response(429, headers={"Retry-After": "2"}), OK]
    )
    caplog.set_level(logging.DEBUG, logger="multisafepay_async")
    async with AsyncClient(API_KEY) as client:
        await client.orders.get("o")
    lines = [r.getMessage() for r in caplog.records if r.name == "multisafepay_async"]
    retry, done = lines  # one line per retry, one per call
    assert retry == "retrying GET /orders/o after HTTP 429 (attempt 1 of 3) in 2.00s"
    assert done.startswith("GET /orders/o -> OK in ")


@respx.mock
async def test_retry_after_in_milliseconds_wins(
    respx_mock: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    headers = {"retry-after-ms": "250", "retry-after": "9"}
    respx_mock.get(f"{BASE}/orders/o").mock(side_effect=[httpx.Response(503, headers=headers), OK])
    caplog.set_level(logging.DEBUG, logger="multisafepay_async")
    async with AsyncClient(API_KEY) as client:
        await client.orders.get("o")
    (retry,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("retrying")]
    assert "in 0.25s" in retry


@respx.mock
async def test_a_retry_after_over_a_minute_raises_at_once(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(f"{BASE}/orders/o").respond(429, headers={"Retry-After": "3600"})
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.orders.get("o")
    assert route.call_count == 1 and caught.value.retry_after == 3600


@respx.mock
async def test_the_sleep_budget_caps_the_number_of_retries(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(f"{BASE}/orders/o").respond(503)
    policy = RetryPolicy(max_retries=10, backoff_initial=1.0, jitter=0.0, budget=3.5)
    async with AsyncClient(API_KEY, retry=policy) as client:
        with pytest.raises(ServiceUnavailableError) as caught:
            await client.orders.get("o")
    # sleeps 1 + 2 = 3 s fit the budget; the next (4 s) does not
    assert route.call_count == 3 and caught.value.attempts == 3


def test_backoff_is_exponential_capped_and_jittered_downwards() -> None:
    policy = RetryPolicy()
    for retry, full in enumerate([0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]):
        delays = [policy.backoff(retry) for _ in range(200)]
        assert all(0.75 * full <= d <= full for d in delays)
    assert RetryPolicy(jitter=0).backoff(3) == 4.0


def test_retry_policy_rejects_negative_values_with_a_typed_error() -> None:
    with pytest.raises(ValidationError, match="max_retries"):
        RetryPolicy(max_retries=-1)
    with pytest.raises(ValidationError, match="total_timeout"):
        RetryPolicy(total_timeout=0)


@respx.mock
async def test_validation_failures_at_the_server_are_not_retried_for_writes(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.post(f"{BASE}/orders").respond(
        200, json={"success": False, "error_code": 1001, "error_info": "Invalid amount"}
    )
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(InvalidRequestError):
            await client.orders.create(SEED_ORDER)
    assert route.call_count == 1


@respx.mock
async def test_the_testing_switch_is_what_skips_the_sleeps(
    respx_mock: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []

    async def fake_sleep(delay: float) -> None:
        slept.append(delay)

    monkeypatch.setattr("multisafepay_async._retry.asyncio.sleep", fake_sleep)
    respx_mock.get(f"{BASE}/orders/o").mock(
        side_effect=[httpx.Response(503, headers={"Retry-After": "2"}), OK] * 2
    )
    async with AsyncClient(API_KEY) as client:
        await client.orders.get("o")  # the suite runs with set_testing(True)
        assert slept == []
        set_testing(False)
        await client.orders.get("o")
    assert slept == [2.0]


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after": "Sun, 22 Nov 2026 04:00:10 GMT"}, 10.0),
        ({"retry-after": "Sun, 22 Nov 2026 03:59:00 GMT"}, 0.0),  # in the past: now
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_in_seconds_http_dates_and_milliseconds(
    headers: dict[str, str], seconds: float | None
) -> None:
    now = datetime(2026, 11, 22, 4, 0, 0, tzinfo=UTC).timestamp()
    assert parse_retry_after(httpx.Headers(headers), now=now) == seconds
