"""Safety, item by item (issue 17): each test states one rule and failed before it held.

The enumerated proofs are elsewhere: tests/test_fault_matrix.py (every method x fault x
backend), tests/test_hostile_inputs.py (every argument), tests/test_answer_fuzz.py (every
answer schema).
"""

from __future__ import annotations

import asyncio
import gc
import http.server
import json
import logging
import threading
import time
from typing import Any

import httpx
import pytest
import respx
from starlette.applications import Starlette
from starlette.routing import Route

from multisafepay_async import (
    AsyncClient,
    ClientStateError,
    InvalidResponseError,
    MultiSafepayError,
    NotFoundError,
    OutcomeUnknownError,
    RequestEvent,
    ResponseDecodeError,
    RetryPolicy,
    ServiceUnavailableError,
    ValidationError,
    to_dict,
    to_json,
)
from multisafepay_async.integrations.starlette import notification_endpoint

from .calls import CALLS, Call
from .conftest import API_KEY, SEED_ORDER
from .matrixserver import MatrixServer
from .test_webhook_integrations import aiohttp_receiver

BASE = "https://testapi.multisafepay.com/v1/json"
ORDER = {"order_id": "my-order-id-1", "status": "completed", "amount": 1000, "currency": "EUR"}


def ok(data: Any) -> httpx.Response:
    return httpx.Response(200, json={"success": True, "data": data})


def refused(code: int, info: str, status: int = 200) -> httpx.Response:
    body = {"success": False, "data": {}, "error_code": code, "error_info": info}
    return httpx.Response(status, json=body)


BUSY = httpx.Response(503, text="busy", headers={"retry-after": "0"})


# 1. Nothing below our retry layer re-sends ------------------------------------------------


async def test_aiohttp_does_not_resend_a_delete_on_a_dropped_kept_alive_connection() -> None:
    async with (
        MatrixServer("reset") as server,
        AsyncClient(API_KEY, base_url=server.api, backend="aiohttp") as client,
    ):
        await client._request("GET", "_warm")
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.tokens.delete("cust", "tok")
    assert caught.value.attempts == 1
    assert server.received == [("DELETE", "/v1/json/recurring/cust/remove/tok")]


# 2. A re-sent write refused as a duplicate was perhaps done by the first attempt -----------


@respx.mock
async def test_a_create_retried_after_503_and_refused_as_a_duplicate_is_outcome_unknown() -> None:
    respx.post(f"{BASE}/orders").mock(side_effect=[BUSY, refused(1006, "Invalid transaction ID")])
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.orders.create(SEED_ORDER)
    assert caught.value.attempts == 2
    assert caught.value.cause.error_code == 1006  # type: ignore[attr-defined]
    assert "may have been acted on" in str(caught.value)


@respx.mock
async def test_with_reconcile_that_create_ends_in_the_order_the_first_attempt_made() -> None:
    respx.post(f"{BASE}/orders").mock(side_effect=[BUSY, refused(1006, "Invalid transaction ID")])
    respx.get(f"{BASE}/orders/my-order-id-1").mock(return_value=ok(ORDER))
    async with AsyncClient(API_KEY) as client:
        created = await client.orders.create(SEED_ORDER, reconcile=True)
    assert created.order is not None and created.order.status == "completed"


@respx.mock
async def test_a_refund_retried_after_503_and_refused_with_1034_is_outcome_unknown() -> None:
    refund = respx.post(f"{BASE}/orders/o/refunds")
    refund.mock(side_effect=[BUSY, refused(1034, "Cannot refund: same amount within 5 minutes")])
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(OutcomeUnknownError):
            await client.orders.refund("o", {"currency": "EUR", "amount": 100})
    assert refund.call_count == 2


@respx.mock
async def test_a_write_refused_at_its_only_attempt_is_reported_as_refused() -> None:
    respx.post(f"{BASE}/orders").mock(return_value=refused(1006, "Invalid transaction ID"))
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(MultiSafepayError) as caught:
            await client.orders.create(SEED_ORDER)
    assert type(caught.value).__name__ == "InvalidRequestError"


@respx.mock
async def test_a_write_refused_with_503_every_time_is_service_unavailable() -> None:
    route = respx.post(f"{BASE}/orders").mock(return_value=BUSY)
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(ServiceUnavailableError):
            await client.orders.create(SEED_ORDER)
    assert route.call_count == 3


# 3. An id is data, never a path -----------------------------------------------------------


@pytest.mark.parametrize("bad", ["", " ", ".", "..", "/", "a/../b", "../x", "a/", "%2F", "x\x00"])
@respx.mock
async def test_ids_that_would_walk_the_url_are_refused_before_any_request(bad: str) -> None:
    async with AsyncClient(API_KEY) as client:
        calls = [
            client.orders.get(bad),
            client.orders.cancel_refund("o", bad),
            client.tokens.get(bad, "tok"),
            client.tokens.delete("cust", bad),
            client.terminals.list_for_group(bad),
            client.gateways.get(bad),
        ]
        for call in calls:
            with pytest.raises(ValidationError):
                await call
    assert not respx.calls


@respx.mock
async def test_a_slash_inside_a_pos_order_id_is_sent_encoded() -> None:
    route = respx.get(url__startswith=BASE).mock(return_value=ok(ORDER))
    async with AsyncClient(API_KEY) as client:
        await client.orders.get("pos/1")
    assert route.calls.last.request.url.raw_path == b"/v1/json/orders/pos%2F1"


# 4. Nothing escapes the hierarchy ---------------------------------------------------------


async def test_a_huge_id_is_a_validation_error_and_get_many_goes_on() -> None:
    transport = httpx.MockTransport(lambda request: ok(ORDER))
    async with AsyncClient(API_KEY, transport=transport) as client:
        results = [r async for r in client.orders.get_many(["a" * 70_000, "ok-1"], ordered=True)]
    assert isinstance(results[0].error, ValidationError)
    assert results[1].ok


async def test_subscribing_with_an_order_id_instead_of_the_created_order_is_refused() -> None:
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(ValidationError, match="CreatedOrder"):
            client.events.subscribe("order-1")  # type: ignore[arg-type]


class _OrderHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the connection outlives the first loop

    def do_GET(self) -> None:
        body = json.dumps({"success": True, "data": ORDER}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


# The connections of a loop that has ended cannot be closed any more (closing a transport
# needs its loop): they are dropped, and Python warns when it collects their sockets.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.parametrize("how", ["transport", "backend"])
def test_closing_a_client_after_its_loop_has_ended_is_quiet(how: str) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _OrderHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    api = f"http://127.0.0.1:{server.server_address[1]}/v1/json"
    options: dict[str, Any] = (
        {"transport": httpx.AsyncHTTPTransport()} if how == "transport" else {}
    )
    client = AsyncClient(API_KEY, base_url=api, **options)
    try:
        asyncio.run(client.orders.get("o"))
        asyncio.run(client.aclose())  # another loop, the first one closed
    finally:
        server.shutdown()
        server.server_close()
    assert client.is_closed
    del client
    gc.collect()  # the dropped sockets are collected (and warned about) here


def test_closing_a_client_from_another_running_loop_says_so() -> None:
    client = AsyncClient(API_KEY, transport=httpx.MockTransport(lambda request: ok(ORDER)))
    opened = threading.Event()
    done = threading.Event()

    async def own() -> None:
        await client.orders.get("o")
        opened.set()
        await asyncio.to_thread(done.wait, 5)
        await client.aclose()

    thread = threading.Thread(target=asyncio.run, args=(own(),))
    thread.start()
    opened.wait(5)
    try:
        with pytest.raises(ClientStateError, match="another event loop"):
            asyncio.run(client.aclose())
    finally:
        done.set()
        thread.join(5)
    assert client.is_closed


# 5. What means "not found" is NotFoundError -------------------------------------------------


@respx.mock
async def test_error_code_404_inside_an_http_200_is_not_found() -> None:
    respx.get(f"{BASE}/orders/o").mock(return_value=refused(404, "Not found"))
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(NotFoundError):
            await client.orders.get("o")


@respx.mock
async def test_error_1000_not_found_on_a_token_lookup_is_not_found() -> None:
    respx.get(f"{BASE}/recurring/cust/token/t").mock(return_value=refused(1000, "Not found: token"))
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(NotFoundError):
            await client.tokens.get("cust", "t")


@respx.mock
async def test_a_customer_without_tokens_lists_none() -> None:
    respx.get(url__startswith=f"{BASE}/recurring/cust").mock(
        return_value=refused(1000, "Not found", status=410)
    )
    async with AsyncClient(API_KEY) as client:
        assert await client.tokens.list("cust") == ()


# 6. Webhooks answer plainly ---------------------------------------------------------------


def _unknown_order_client() -> AsyncClient:
    transport = httpx.MockTransport(lambda request: refused(1006, "Invalid transaction ID", 404))
    return AsyncClient(API_KEY, transport=transport)


async def test_a_get_notification_for_an_unknown_order_gets_a_plain_404_in_starlette(
    caplog: pytest.LogCaptureFixture,
) -> None:
    msp = _unknown_order_client()
    endpoint = notification_endpoint(API_KEY, lambda order: None, client=msp)
    app = Starlette(routes=[Route("/notify", endpoint, methods=["GET", "POST"])])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://s") as web:
        with caplog.at_level(logging.WARNING, "multisafepay_async.webhooks"):
            answer = await web.get("/notify", params={"transactionid": "nope", "timestamp": "1"})
    await msp.aclose()
    assert (answer.status_code, answer.text) == (404, "unknown order")
    assert "nope" in caplog.text


async def test_a_get_notification_for_an_unknown_order_gets_a_plain_404_in_aiohttp() -> None:
    msp = _unknown_order_client()
    async with aiohttp_receiver(lambda order: None, client=msp) as url, httpx.AsyncClient() as http:
        answer = await http.get(url, params={"transactionid": "nope", "timestamp": "1"})
    await msp.aclose()
    assert (answer.status_code, answer.text) == (404, "unknown order")


async def test_a_failing_handler_answers_500_without_a_traceback() -> None:
    def handler(order: object) -> None:
        raise RuntimeError("database down at /srv/shop/models.py line 42")

    async with aiohttp_receiver(handler) as url:
        body = json.dumps(ORDER).encode()
        from multisafepay_async.webhooks import sign_notification

        headers = {"auth": sign_notification(body, API_KEY), "content-type": "application/json"}
        async with httpx.AsyncClient() as http:
            answer = await http.post(url + "?transactionid=o", content=body, headers=headers)
    assert answer.status_code == 500
    assert "Traceback" not in answer.text and "models.py" not in answer.text


# 7. Bounded by default --------------------------------------------------------------------


def test_the_default_policy_bounds_every_call_to_a_minute() -> None:
    assert RetryPolicy().total_timeout is not None and RetryPolicy().total_timeout <= 60
    assert AsyncClient(API_KEY)._retry.total_timeout == 60
    assert RetryPolicy(total_timeout=None).total_timeout is None  # removable on request


async def test_a_total_timeout_ends_a_read_against_a_silent_server_in_time() -> None:
    policy = RetryPolicy(total_timeout=0.5)
    async with (
        MatrixServer("stall") as server,
        AsyncClient(API_KEY, base_url=server.api, retry=policy, timeout=10) as client,
    ):
        started = time.monotonic()
        with pytest.raises(MultiSafepayError):
            await client.orders.get("o")
    assert time.monotonic() - started < 2


# 8. A cancelled create says it may exist -------------------------------------------------


async def test_a_create_cancelled_after_it_was_sent_is_logged_and_told_to_hooks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    events: list[RequestEvent] = []
    async with (
        MatrixServer("stall") as server,
        AsyncClient(API_KEY, base_url=server.api, hooks=[events.append]) as client,
    ):
        with caplog.at_level(logging.WARNING, "multisafepay_async"), pytest.raises(TimeoutError):
            await asyncio.wait_for(client.orders.create(SEED_ORDER), 0.3)
    assert "my-order-id-1" in caplog.text and "outcome unknown" in caplog.text
    assert [e.kind for e in events] == ["request", "cancelled"]
    assert server.received == [("POST", "/v1/json/orders")]


# 9. Answers at the decoder's edges --------------------------------------------------------


def _answering(data: Any) -> AsyncClient:
    body = json.dumps({"success": True, "data": data}).encode()
    handler = lambda request: httpx.Response(200, content=body)  # noqa: E731
    return AsyncClient(API_KEY, transport=httpx.MockTransport(handler))


async def test_an_answer_nested_a_thousand_levels_deep_is_a_decode_error() -> None:
    deep = b'{"success": true, "data": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=deep))
    async with AsyncClient(API_KEY, transport=transport) as client:
        with pytest.raises(ResponseDecodeError):
            await client.orders.get("o")


UNREADABLE = [[1]]  # well-formed JSON that fits no answer model


@pytest.mark.parametrize("call", [c for c in CALLS if c.kind == "write"], ids=lambda c: c.method)
async def test_every_write_accepted_with_an_answer_nobody_can_read_is_outcome_unknown(
    call: Call,
) -> None:
    # A decode error would read as "it failed" to a caller about to pay out or refund again.
    async with _answering(UNREADABLE) as client:
        try:
            result = await call.run(client, "https://testapi.multisafepay.com")
        except OutcomeUnknownError as exc:
            assert isinstance(exc.cause, InvalidResponseError)
            assert "accepted" in str(exc)
            return
    assert result is None or result == UNREADABLE, "only a write that reads no answer passes"


@pytest.mark.parametrize(
    "call", [c for c in CALLS if c.kind in ("read", "wait")], ids=lambda c: c.method
)
async def test_every_read_answered_with_what_fits_no_model_is_a_decode_error(call: Call) -> None:
    async with _answering(UNREADABLE) as client:
        with pytest.raises(ResponseDecodeError):
            await call.run(client, "https://testapi.multisafepay.com")


@pytest.mark.parametrize("cursor", ["abc", ["a"], 5])
async def test_a_transaction_page_with_a_malformed_cursor_is_a_decode_error(cursor: Any) -> None:
    body = {"success": True, "data": [], "pager": {"cursor": cursor}}
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    async with AsyncClient(API_KEY, transport=transport) as client:
        with pytest.raises(ResponseDecodeError, match="pager"):
            [t async for t in client.transactions.list()]


@pytest.mark.parametrize("amount", ["Infinity", "sNaN", "1e5000", "1e999999", "NaN"])
async def test_non_finite_or_absurd_money_is_refused_at_decode_time(amount: str) -> None:
    order = {**ORDER, "costs": [{"amount": amount, "type": "SYSTEM"}]}
    async with _answering(order) as client:
        started = time.process_time()
        with pytest.raises(ResponseDecodeError, match="costs"):
            await client.orders.get("o")
    assert time.process_time() - started < 1


async def test_free_form_json_nested_600_deep_is_refused_and_what_decodes_goes_back_out() -> None:
    deep: Any = {}
    for _ in range(600):
        deep = {"a": deep}
    async with _answering({"id": "VISA", "tokenization": deep}) as client:
        with pytest.raises(ResponseDecodeError, match="tokenization"):
            await client.payment_methods.get("VISA")
    shallow = {"id": "VISA", "tokenization": {"a": {"b": [1, {"c": None}]}}}
    async with _answering(shallow) as client:
        method = await client.payment_methods.get("VISA")
    assert to_dict(method)["tokenization"] == shallow["tokenization"]
    assert json.loads(to_json(method))["id"] == "VISA"


def test_hooks_none_means_no_hooks() -> None:
    assert AsyncClient(API_KEY, hooks=None)._hooks == ()
