"""Fidelity and safety: what a new user's first day and MultiSafepay's spec found wrong.

Each section is one finding; each test failed before its fix.
"""

from __future__ import annotations

import inspect
import json
import textwrap
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from multisafepay_async import (
    APITimeoutError,
    AsyncClient,
    CreatedOrder,
    InvalidRequestError,
    NotFoundError,
    Order,
    OutcomeUnknownError,
    RetryPolicy,
    ServiceUnavailableError,
    Transaction,
    ValidationError,
)
from multisafepay_async._config import BackendName
from multisafepay_async._convert import converter
from multisafepay_async.testing import FakeMultiSafepay

from .conftest import API_KEY, ROOT, SEED_ORDER, FaultServer, load, public_methods

BASE = "https://testapi.multisafepay.com/v1/json"


# --- 1. a create that may have arrived ends in the order or OutcomeUnknownError --------------


def fault_client(server: FaultServer, backend: BackendName) -> AsyncClient:
    return AsyncClient(
        API_KEY, base_url=server.api, backend=backend, timeout=httpx.Timeout(2.0, read=0.3)
    )


async def reconcile(server: FaultServer, backend: BackendName, order_id: str, **call: Any) -> Any:
    async with fault_client(server, backend) as client:
        return await client.orders.create({**SEED_ORDER, "order_id": order_id}, **call)


async def test_silent_server_ends_in_outcome_unknown_with_the_lookup_timeout_attached(
    faults: FaultServer, backend: BackendName
) -> None:
    with pytest.raises(OutcomeUnknownError) as caught:
        await reconcile(faults, backend, "stall~silent", reconcile=True)
    error = caught.value
    assert isinstance(error.cause, APITimeoutError)  # the POST's own failure
    assert isinstance(error.lookup_error, APITimeoutError)
    assert error.__cause__ is error.lookup_error
    assert "lookup" in str(error) and error.order_id == "stall~silent"
    assert await faults.count("POST", "stall~silent") == 1
    assert await faults.count("GET", "stall~silent") == 3  # the lookup retried, as reads do


async def test_reset_then_503_forever_ends_in_outcome_unknown_and_honours_max_retries(
    faults: FaultServer, backend: BackendName
) -> None:
    with pytest.raises(OutcomeUnknownError) as caught:
        await reconcile(faults, backend, "resetpost.503~busy", reconcile=True, max_retries=1)
    assert isinstance(caught.value.lookup_error, ServiceUnavailableError)
    assert caught.value.lookup_error.attempts == 2
    assert await faults.count("POST", "resetpost.503~busy") == 1
    assert await faults.count("GET", "resetpost.503~busy") == 2


async def test_reset_then_not_found_ends_in_outcome_unknown(
    faults: FaultServer, backend: BackendName
) -> None:
    # Not found may mean "not yet": re-creating could make a second order.
    with pytest.raises(OutcomeUnknownError) as caught:
        await reconcile(faults, backend, "resetpost.notfound~gone", reconcile=True)
    assert isinstance(caught.value.lookup_error, NotFoundError)
    assert await faults.count("POST", "resetpost.notfound~gone") == 1
    assert await faults.count("GET", "resetpost.notfound~gone") == 1


async def test_reset_then_found_returns_the_order(
    faults: FaultServer, backend: BackendName
) -> None:
    created = await reconcile(faults, backend, "resetpost.ok~found", reconcile=True)
    assert isinstance(created, CreatedOrder) and created.order is not None
    assert created.order.order_id == "resetpost.ok~found" and created.payment_url is None
    assert await faults.count("POST", "resetpost.ok~found") == 1


async def test_an_older_order_under_the_same_id_is_not_taken_for_this_one(
    faults: FaultServer, backend: BackendName
) -> None:
    # The fault server's orders are 1000 EUR; this request asked for 999.
    async with fault_client(faults, backend) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.orders.create(
                {**SEED_ORDER, "order_id": "resetpost.ok~older", "amount": 999}, reconcile=True
            )
    assert caught.value.lookup_error is None and "another amount" in str(caught.value)
    assert await faults.count("POST", "resetpost.ok~older") == 1


async def test_the_lookup_uses_the_calls_timeout(faults: FaultServer, backend: BackendName) -> None:
    async with fault_client(faults, backend) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.orders.create(
                {**SEED_ORDER, "order_id": "resetpost.stall~t"},
                reconcile=True,
                max_retries=0,
                timeout=httpx.Timeout(1.0, read=0.05),
            )
    assert isinstance(caught.value.lookup_error, APITimeoutError)
    assert await faults.count("GET", "resetpost.stall~t") == 1


# --- 2. a full refund sends the currency the spec requires -----------------------------------


@respx.mock
async def test_full_refund_takes_the_currency_from_the_order(respx_mock: respx.MockRouter) -> None:
    lookup = respx_mock.get(f"{BASE}/orders/o").respond(
        json={"success": True, "data": {"order_id": "o", "currency": "GBP", "amount": 5}}
    )
    refund = respx_mock.post(f"{BASE}/orders/o/refunds").respond(
        json={"success": True, "data": {"transaction_id": 1, "refund_id": 1}}
    )
    async with AsyncClient(API_KEY) as client:
        await client.orders.refund("o")
        assert json.loads(refund.calls.last.request.content) == {"currency": "GBP"}
        order = converter.structure({"order_id": "o", "currency": "USD"}, Order)
        await client.orders.refund("o", order=order)
        assert json.loads(refund.calls.last.request.content) == {"currency": "USD"}
        await client.orders.refund("o", {"currency": "EUR", "amount": 100})
    assert lookup.call_count == 1  # only when neither the refund nor `order` had a currency


@respx.mock
async def test_a_refund_without_any_currency_is_refused_before_it_is_sent(
    respx_mock: respx.MockRouter,
) -> None:
    respx_mock.get(f"{BASE}/orders/o").respond(json={"success": True, "data": {"order_id": "o"}})
    refund = respx_mock.post(f"{BASE}/orders/o/refunds")
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(ValidationError, match="currency"):
            await client.orders.refund("o")
    assert not refund.called


async def test_full_refund_through_the_fake(client: AsyncClient, fake: FakeMultiSafepay) -> None:
    await client.orders.create(SEED_ORDER)
    fake.apply("my-order-id-1", "complete")
    await client.orders.refund("my-order-id-1")
    order = await client.orders.get("my-order-id-1")
    assert order.amount_refunded == 1000 and str(order.status) == "refunded"


async def test_the_fake_refuses_a_refund_without_currency_like_the_spec(
    client: AsyncClient, fake: FakeMultiSafepay
) -> None:
    await client.orders.create(SEED_ORDER)
    fake.apply("my-order-id-1", "complete")
    with pytest.raises(InvalidRequestError, match="currency"):
        await client._request("POST", "orders", "my-order-id-1", "refunds", body={})


# --- 3. timestamps in every format MultiSafepay uses; an unknown one keeps the object -------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-02-23T23:31:31", datetime(2022, 2, 23, 23, 31, 31)),
        ("2022-02-23 23:31:31", datetime(2022, 2, 23, 23, 31, 31)),
        ("2022-02-23T23:31:31.250", datetime(2022, 2, 23, 23, 31, 31, 250000)),
        ("2022-02-23T23:31:31.1234567", datetime(2022, 2, 23, 23, 31, 31, 123456)),
        ("2022-02-23T23:31:31Z", datetime(2022, 2, 23, 23, 31, 31, tzinfo=UTC)),
        (
            "2022-02-23T23:31:31+01:00",
            datetime(2022, 2, 23, 23, 31, 31, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("23-02-2022 23:31:31", datetime(2022, 2, 23, 23, 31, 31)),
        ("23-02-2022 23:31", datetime(2022, 2, 23, 23, 31)),
        ("23-02-2022", datetime(2022, 2, 23)),
        ("2022-02-23", datetime(2022, 2, 23)),
    ],
)
def test_every_timestamp_format_decodes(text: str, expected: datetime) -> None:
    order = converter.structure({"order_id": "o", "created": text}, Order)
    assert order.created == expected and not order.unparsed_timestamps


@pytest.mark.parametrize("text", ["Feb 23 2022", "31-02-2022 10:00:00", "yesterday", "1645659091"])
def test_an_unforeseen_timestamp_keeps_the_object_and_its_text(text: str) -> None:
    data = {
        "order_id": "o",
        "amount": 1000,
        "created": text,
        "modified": "2022-02-23T23:31:31",
        "related_transactions": [{"transaction_id": 1, "created": text}],
        "payment_details": {"type": "VISA", "capture_expiry": text},
    }
    order = converter.structure(data, Order)
    assert order.amount == 1000 and order.modified == datetime(2022, 2, 23, 23, 31, 31)
    assert order.created is None and order.unparsed_timestamps == {"created": text}
    assert order.related_transactions[0].unparsed_timestamps == {"created": text}
    assert order.payment_details is not None
    assert order.payment_details.unparsed_timestamps == {"capture_expiry": text}
    transaction = converter.structure({"transaction_id": 1, "completed": text}, Transaction)
    assert transaction.completed is None and transaction.unparsed_timestamps["completed"] == text


def test_a_number_where_a_timestamp_belongs_is_kept_as_its_json_text() -> None:
    order = converter.structure({"order_id": "o", "created": 1645659091}, Order)
    assert order.created is None and order.unparsed_timestamps == {"created": "1645659091"}


def test_an_unparsed_timestamp_never_comes_from_the_answer_itself() -> None:
    order = converter.structure({"order_id": "o", "unparsed_timestamps": {"x": "y"}}, Order)
    assert order.unparsed_timestamps == {}


def test_other_broken_fields_still_fail_and_name_the_field() -> None:
    from multisafepay_async._convert import decode_error

    data = {"order_id": "o", "created": "garbage", "amount": "ten"}
    with pytest.raises(Exception):  # noqa: B017 - cattrs' own error
        converter.structure(data, Order)
    assert decode_error(data, Order)[0] == "$.amount"


# --- 4. event-stream credentials of a created order -----------------------------------------


def test_created_order_exposes_the_event_credentials() -> None:
    data = load("fixtures/python-sdk/test_integration_order_manager_create.data_response.json")
    created = converter.structure(data, CreatedOrder)
    assert created.events_token == data["events_token"]
    assert created.events_url == "wss://testapi.multisafepay.com/events/"
    assert created.events_stream_url == "https://testapi.multisafepay.com/events/stream/"
    assert data["events_token"] not in repr(created)  # a bearer token, kept out of logs


async def test_the_fake_hands_out_event_credentials_on_create(client: AsyncClient) -> None:
    created = await client.orders.create(SEED_ORDER)
    assert created.events_token and created.events_stream_url
    assert created.events_stream_url.endswith("/events/stream/")
    direct = await client.orders.create(
        {**SEED_ORDER, "order_id": "d-1", "type": "direct", "gateway": "IDEAL"}
    )
    assert direct.order is not None and direct.events_token


# --- 5. one calling convention, typed, on every public method -------------------------------


@pytest.mark.parametrize("name", sorted(public_methods()))
def test_every_public_method_takes_the_typed_call_options(name: str) -> None:
    # One bundle, **options: Unpack[CallOptions] (max_retries, timeout and the extras), and
    # nothing looser; orders.wait's `timeout` is the whole wait, so it takes max_retries and
    # the extras beside it.
    parameters = inspect.signature(public_methods()[name]).parameters
    (variadic,) = [p for p in parameters.values() if p.kind is inspect.Parameter.VAR_KEYWORD]
    if name == "orders.wait":
        assert parameters["max_retries"].kind is inspect.Parameter.KEYWORD_ONLY
        assert variadic.name == "extras" and variadic.annotation == "Unpack[CallExtras]"
    else:
        assert variadic.name == "options" and variadic.annotation == "Unpack[CallOptions]", name
        assert "max_retries" not in parameters and "timeout" not in parameters, name


def test_there_is_one_way_to_reach_me() -> None:
    assert "me" in public_methods() and "auth.me" not in public_methods()


def test_a_misspelt_option_fails_type_checking(tmp_path: Path) -> None:
    from mypy import api

    snippet = tmp_path / "typo.py"
    snippet.write_text(
        textwrap.dedent(
            """
            from multisafepay_async import AsyncClient

            async def main(client: AsyncClient) -> None:
                await client.me(timout=3)
                await client.gateways.list(max_retry=1)
                await client.tokens.delete("c", "t", timeout="3")
                await client.orders.get("o", max_retries=1, timeout=2.5)
            """
        )
    )
    out, _, status = api.run(
        [str(snippet), "--strict", "--cache-dir", str(ROOT / ".mypy_cache"), "--no-pretty"]
    )
    assert status == 1
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert len(errors) == 3, out
    assert '"timout"' in out and '"max_retry"' in out and '"timeout"' in out


async def test_a_misspelt_option_fails_at_run_time_naming_the_public_method() -> None:
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(TypeError, match="me"):
            await client.me(timout=3)  # type: ignore[call-arg]


@respx.mock
async def test_a_bad_per_call_timeout_is_refused_before_sending(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.route()
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(ValidationError, match="timeout"):
            await client.orders.get("o", timeout="3")  # type: ignore[arg-type]
    assert not route.called


# --- 6. token changes are confirmed or outcome unknown, never a silent bool -----------------


@pytest.mark.parametrize(
    ("answer", "confirmed"),
    [({"updated": True, "removed": True}, True), ({}, False), ({"updated": False}, False)],
)
@respx.mock
async def test_token_changes_return_only_when_confirmed(
    answer: dict[str, Any], confirmed: bool, respx_mock: respx.MockRouter
) -> None:
    respx_mock.route().respond(json={"success": True, "data": answer})
    async with AsyncClient(API_KEY) as client:
        for change in (
            client.tokens.update_expiry("c", "t", "3012"),
            client.tokens.delete("c", "t"),
        ):
            if confirmed:
                assert await change is None
            else:
                # Not confirmed is not "not done": the change may have been made.
                with pytest.raises(OutcomeUnknownError, match="does not confirm"):
                    await change


# --- 7. inputs that are wrong in ways Python allows ----------------------------------------


@pytest.mark.parametrize("ids", ["x1", b"x1", bytearray(b"x1")])
@respx.mock
async def test_get_many_refuses_a_string_as_the_ids(ids: Any, respx_mock: respx.MockRouter) -> None:
    route = respx_mock.route()
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(ValidationError, match="iterable of order ids"):
            client.orders.get_many(ids)
    assert not route.called


@pytest.mark.parametrize(
    "url",
    [
        "testapi.multisafepay.com/v1/json",
        "127.0.0.1:8080/v1/json",
        "ftp://example.com/v1/json",
        "https:///v1/json",
        "https://example.com/v1/json?x=1",
        "",
    ],
)
def test_base_url_must_be_an_absolute_http_url(url: str) -> None:
    with pytest.raises(ValidationError, match="base_url must be an absolute"):
        AsyncClient(API_KEY, base_url=url)


def test_a_base_url_error_never_shows_a_key_in_it() -> None:
    with pytest.raises(ValidationError) as caught:
        AsyncClient(API_KEY, base_url=f"example.com/v1/json?api_key={API_KEY}")
    assert API_KEY not in str(caught.value)


async def test_max_retries_must_be_an_int() -> None:
    with pytest.raises(ValueError, match="must be an int"):
        RetryPolicy(max_retries="3")  # type: ignore[arg-type]
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(ValidationError, match="must be an int"):
            await client.orders.get("o", max_retries="3")  # type: ignore[arg-type]


# --- 8. only the filters the spec documents --------------------------------------------------


def test_transactions_offer_only_the_specs_filters() -> None:
    from . import spec

    documented = set(spec.operation("listTransactions").parameters("query"))
    offered = set(inspect.signature(AsyncClient(API_KEY).transactions.list).parameters)
    assert offered - {"options"} == documented
    with pytest.raises(TypeError):
        AsyncClient(API_KEY).transactions.list(debit_credit="C")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"status": "paid"}, "$.status"),
        ({"financial_status": "chargedback"}, "$.financial_status"),
        ({"type": "sale"}, "$.type"),
        ({"payment_method": []}, "$.payment_method"),
        ({"site_id": "abc"}, "$.site_id"),
        ({"created_from": 1.5}, "$.created_from"),
        ({"limit": 0}, "$.limit"),
    ],
)
def test_transaction_filters_outside_the_spec_are_refused_before_sending(
    filters: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError, match=field.replace("$", r"\$")):
        AsyncClient(API_KEY).transactions.list(**filters)


@respx.mock
async def test_several_payment_methods_go_out_as_repeated_parameters(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.get(url__startswith=f"{BASE}/transactions").respond(
        json={"success": True, "data": []}
    )
    async with AsyncClient(API_KEY) as client:
        assert [t async for t in client.transactions.list(payment_method=["VISA", "AMEX"])] == []
    assert route.calls.last.request.url.params.get_list("payment_method") == ["VISA", "AMEX"]


# --- order updates the spec would reject ---------------------------------------------------


@respx.mock
async def test_an_update_without_a_status_is_refused_before_sending(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.route()
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(ValidationError, match=r"\$\.status"):
            await client.orders.update("o", {"invoice_id": "INV-1"})
        with pytest.raises(ValidationError, match=r"\$\.reason"):
            await client.orders.update("o", {"extend_expiration": True})
    assert not route.called
