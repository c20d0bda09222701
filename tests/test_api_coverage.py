"""The rest of the API: order operations, transactions, catalogue, tokens, account."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any

import httpx
import pytest
import respx

from multisafepay_async import (
    AsyncClient,
    FinancialStatus,
    NotFoundError,
    Order,
    OrderStatus,
    RefundRefusedError,
    ValidationError,
)
from multisafepay_async._convert import converter, decode_error
from multisafepay_async.models import (
    Category,
    Gateway,
    Issuer,
    PaymentMethodInfo,
    Terminal,
    Token,
    Transaction,
)
from multisafepay_async.testing import FakeMultiSafepay

from .conftest import API_KEY, SEED_ORDER, load

BASE = "https://testapi.multisafepay.com/v1/json"
OK_EMPTY = {"success": True, "data": {}}
# What token updates and removals answer; order operations ignore the keys they do not know.
CONFIRMED = {"success": True, "data": {"updated": True, "removed": True}}
EUR_ORDER = {"order_id": "o", "currency": "EUR", "amount": 1000}


# --- what goes over the wire ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "method", "path", "body"),
    [
        (
            lambda c: c.orders.update("o/1", {"status": "shipped", "tracktrace_code": "3SABC"}),
            "PATCH",
            "/orders/o%2F1",
            {"status": "shipped", "tracktrace_code": "3SABC"},
        ),
        (
            lambda c: c.orders.update("o", {"status": "cancelled", "exclude_order": True}),
            "PATCH",
            "/orders/o",
            {"status": "cancelled", "exclude_order": True},
        ),
        (
            lambda c: c.orders.refund("o", {"currency": "EUR", "amount": 250}),
            "POST",
            "/orders/o/refunds",
            {"currency": "EUR", "amount": 250},
        ),
        (
            lambda c: c.orders.refund("o", order=converter.structure(EUR_ORDER, Order)),
            "POST",
            "/orders/o/refunds",
            {"currency": "EUR"},
        ),
        (
            lambda c: c.orders.cancel_refund("o", 6303074),
            "PATCH",
            "/orders/o/refunds/6303074",
            {"status": "void"},
        ),
        (
            lambda c: c.orders.capture("o", {"amount": 500}),
            "POST",
            "/orders/o/capture",
            {"amount": 500, "new_order_status": "completed"},
        ),
        (
            lambda c: c.orders.cancel_reservation("o", {"reason": "out of stock"}),
            "PATCH",
            "/capture/o",
            {"reason": "out of stock", "status": "cancelled"},
        ),
        (
            lambda c: c.tokens.update_expiry("cust 1", "tok", "3012"),
            "PATCH",
            "/recurring/cust%201/update/tok",
            {"expiry_date": "3012"},
        ),
        (lambda c: c.tokens.delete("cust", "tok"), "DELETE", "/recurring/cust/remove/tok", None),
    ],
)
@respx.mock
async def test_operations_send_the_documented_method_path_and_body(
    call: Any, method: str, path: str, body: Any, respx_mock: respx.MockRouter
) -> None:
    route = respx_mock.route(method=method, url__startswith=BASE).respond(200, json=CONFIRMED)
    async with AsyncClient(API_KEY) as client:
        await call(client)
    request = route.calls.last.request
    assert request.url.raw_path.decode() == "/v1/json" + path
    assert (json.loads(request.content) if request.content else None) == body


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.orders.refund("o", {"amount": 2.5}), "$.amount"),
        (lambda c: c.orders.refund("o", {"amount": 0}), "$.amount"),
        (lambda c: c.orders.update("o", {"status": "paid"}), "$.status"),
        (lambda c: c.orders.update("o", {"tracking": "x"}), "tracking"),
        (lambda c: c.orders.capture("o", {}), "$.amount"),
        (lambda c: c.orders.cancel_reservation("o", {}), "$.reason"),
        (lambda c: c.tokens.update_expiry("c", "t", "12/30"), "YYMM"),
        (lambda c: c.transactions.get("12a"), "digits"),
        (lambda c: c.payment_methods.list(amount=9.99), "minor units"),
    ],
)
async def test_bad_operation_input_fails_before_any_io(call: Any, field: str) -> None:
    async with AsyncClient(API_KEY, transport=httpx.MockTransport(_unreachable)) as client:
        with pytest.raises(ValidationError, match=field.replace("$", r"\$")):
            await call(client)


@pytest.mark.parametrize("limit", [0, 1001, 2.5, True])
def test_transaction_page_size_is_validated_when_listing_is_asked(limit: Any) -> None:
    with pytest.raises(ValidationError, match="limit"):
        AsyncClient(API_KEY).transactions.list(limit=limit)


def _unreachable(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"sent {request.method} {request.url}")


@respx.mock
async def test_transactions_follow_the_cursor_and_stop_on_the_empty_last_page(
    respx_mock: respx.MockRouter,
) -> None:
    page = load("api-examples/responses/listTransactions.json")
    pages = [
        httpx.Response(200, json={**page, "pager": {"cursor": {"after": "c1"}, "limit": 3}}),
        httpx.Response(200, json={**page, "pager": {"cursor": {"after": "c2"}, "limit": 3}}),
        httpx.Response(200, json={"success": True, "data": [], "pager": {"limit": 3}}),
    ]
    route = respx_mock.get(url__startswith=f"{BASE}/transactions").mock(side_effect=pages)
    async with AsyncClient(API_KEY) as client:
        listing = client.transactions.list(
            created_from=date(2022, 1, 1),
            created_until=datetime(2022, 2, 1, 12, 30),
            financial_status="completed",
            limit=3,
        )
        transactions = [tx async for tx in listing]
    assert len(transactions) == 2 * len(page["data"])
    assert transactions[0].order_id == page["data"][0]["order_id"]
    params = [dict(call.request.url.params) for call in route.calls]
    assert params[0] == {
        "limit": "3",
        "financial_status": "completed",
        "created_from": "2022-01-01",
        "created_until": "2022-02-01T12:30:00",
    }
    assert [p.get("after") for p in params] == [None, "c1", "c2"]


# --- decoding the research bodies -----------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "cls", "first"),
    [
        (
            "api-examples/responses/listGateways.json",
            Gateway,
            Gateway(id="VISA", description="Visa"),
        ),
        ("fixtures/php-sdk/gateways.json", Gateway, Gateway(id="MAESTRO", description="Maestro")),
        (
            "api-examples/responses/idealIssuers.json",
            Issuer,
            Issuer(code="0031", description="ABN AMRO"),
        ),
        (
            "api-examples/responses/listSiteCategories.json",
            Category,
            Category(code=999, description="Adult"),
        ),
    ],
)
def test_catalogue_bodies_decode(relative: str, cls: type[Any], first: Any) -> None:
    items = converter.structure(load(relative)["data"], tuple[cls, ...])
    assert items[0] == first and all(isinstance(i, cls) for i in items)


def test_payment_methods_decode_with_limits_and_currencies() -> None:
    methods = converter.structure(
        load("api-examples/responses/listPaymentMethods.json")["data"],
        tuple[PaymentMethodInfo, ...],
    )
    visa = next(m for m in methods if m.id == "VISA")
    assert visa.allowed_amount is not None and visa.allowed_amount.min == 0
    assert visa.allowed_amount.max is None and "EUR" in visa.allowed_currencies
    assert visa.shopping_cart_required is False


def test_tokens_decode_whichever_name_the_model_has() -> None:
    listed = converter.structure(
        load("api-examples/responses/listTokens.json")["data"]["tokens"], tuple[Token, ...]
    )
    assert listed[0].recurring_model == "cardOnFile" and listed[0].bin == "555555"
    assert listed[0].expired is False and listed[0].last4 == "1111"
    single = converter.structure(load("fixtures/php-sdk/tokens-single.json")["data"], Token)
    assert single.recurring_model == "cardOnFile" and single.expiry_date == "4512"


def test_transactions_decode_with_fees_in_minor_units() -> None:
    body = load("api-examples/responses/listTransactions.json")
    transactions = converter.structure(body["data"], tuple[Transaction, ...])
    first = transactions[0]
    assert first.costs[0].amount == 49 and first.net == 951 and first.amount == 1000
    assert first.status is OrderStatus.EXPIRED and first.debit_credit == "C"
    # The Python SDK's own test fixture is made up ("transaction_id": "TX123"; the API sends
    # numbers): it is refused with the field named, not silently turned into something else.
    sdk = load("fixtures/python-sdk/test_unit_transaction.data.json")
    assert decode_error(sdk, Transaction) == (
        "$.transaction_id",
        "expected an integer, got str 'TX123'",
    )
    fixed = converter.structure({**sdk, "transaction_id": "123"}, Transaction)
    assert fixed.completed == datetime(2023, 10, 1) and fixed.site_id == "SITE123"


# --- against the fake, with consistent state ------------------------------------------------


@pytest.fixture
async def api(fake_url: str) -> AsyncIterator[AsyncClient]:
    """A client talking to the fake over a loopback socket."""
    async with AsyncClient(API_KEY, base_url=fake_url) as c:
        yield c


async def test_refund_cancel_and_refund_again(api: AsyncClient, fake: FakeMultiSafepay) -> None:
    await api.orders.create(SEED_ORDER)
    fake.apply("my-order-id-1", "complete")
    refund = await api.orders.refund("my-order-id-1", {"currency": "EUR", "amount": 300})
    order = await api.orders.get("my-order-id-1")
    assert order.status is OrderStatus.PARTIAL_REFUNDED and order.amount_refunded == 300
    assert order.related_transactions[0].status == "reserved"
    assert refund.refund_id == order.related_transactions[0].transaction_id

    assert refund.refund_id is not None
    await api.orders.cancel_refund("my-order-id-1", refund.refund_id)
    order = await api.orders.get("my-order-id-1")
    assert order.status is OrderStatus.COMPLETED and order.amount_refunded == 0
    with pytest.raises(RefundRefusedError):
        await api.orders.refund("my-order-id-1", {"amount": 5000})
    await api.orders.refund("my-order-id-1")  # the rest, in full
    assert (await api.orders.get("my-order-id-1")).status is OrderStatus.REFUNDED


async def test_manual_capture_in_two_parts(api: AsyncClient, fake: FakeMultiSafepay) -> None:
    await api.orders.create({**SEED_ORDER, "capture": "manual", "gateway": "VISA"})
    fake.apply("my-order-id-1", "complete")
    order = await api.orders.get("my-order-id-1")
    assert order.status is OrderStatus.COMPLETED
    assert order.financial_status is FinancialStatus.INITIALIZED  # authorised, not captured
    first = await api.orders.capture("my-order-id-1", {"amount": 400})
    assert first.transaction_id is not None and first.order_id == "my-order-id-1"
    await api.orders.capture("my-order-id-1", {"amount": 600})
    order = await api.orders.get("my-order-id-1")
    assert order.financial_status is FinancialStatus.COMPLETED
    assert order.payment_details is not None and order.payment_details.capture_remain == 0


async def test_cancel_an_authorised_reservation(api: AsyncClient, fake: FakeMultiSafepay) -> None:
    await api.orders.create({**SEED_ORDER, "capture": "manual"})
    fake.apply("my-order-id-1", "complete")
    await api.orders.cancel_reservation("my-order-id-1", {"reason": "out of stock"})
    assert (await api.orders.get("my-order-id-1")).status is OrderStatus.VOID


async def test_ship_and_cancel_through_update(api: AsyncClient, fake: FakeMultiSafepay) -> None:
    await api.orders.create(SEED_ORDER)
    await api.orders.create({**SEED_ORDER, "order_id": "unpaid"})
    fake.apply("my-order-id-1", "complete")
    await api.orders.update("my-order-id-1", {"status": "shipped", "tracktrace_code": "3S1"})
    await api.orders.update("unpaid", {"status": "cancelled", "exclude_order": True})
    assert (await api.orders.get("my-order-id-1")).status is OrderStatus.SHIPPED
    assert (await api.orders.get("unpaid")).status is OrderStatus.CANCELLED
    with pytest.raises(NotFoundError):
        await api.orders.update("nope", {"status": "shipped"})


async def test_transactions_page_through_payments_and_refunds(
    api: AsyncClient, fake: FakeMultiSafepay
) -> None:
    for i in range(5):
        await api.orders.create({**SEED_ORDER, "order_id": f"o-{i}"})
        fake.apply(f"o-{i}", "complete")
    await api.orders.refund("o-0", {"amount": 100})
    listing = api.transactions.list(limit=2)
    pages = [page async for page in listing.pages()]
    assert [len(p.items) for p in pages] == [2, 2, 2]
    transactions = [tx async for tx in listing]
    assert sorted(t.type or "" for t in transactions) == ["payment"] * 5 + ["refund"]
    refund = next(t for t in transactions if t.type == "refund")
    assert refund.amount == 100 and refund.debit_credit == "D" and refund.order_id == "o-0"
    assert (await api.transactions.get(refund.transaction_id)) == refund
    only_refunds = [tx async for tx in api.transactions.list(type="refund")]
    assert only_refunds == [refund]


async def test_recurring_tokens_lifecycle(api: AsyncClient, fake: FakeMultiSafepay) -> None:
    order = {
        **SEED_ORDER,
        "recurring_model": "cardOnFile",
        "gateway": "VISA",
        "customer": {"reference": "customer-1", "email": "a@b.example"},
    }
    await api.orders.create(order)
    fake.apply("my-order-id-1", "complete")
    (token,) = await api.tokens.list("customer-1")
    assert token.recurring_model == "cardOnFile" and token.code == "VISA"
    assert await api.tokens.get("customer-1", token.token) == token
    await api.tokens.update_expiry("customer-1", token.token, "3112")
    assert (await api.tokens.get("customer-1", token.token)).expiry_date == "3112"
    await api.tokens.delete("customer-1", token.token)
    assert await api.tokens.list("customer-1") == ()
    with pytest.raises(NotFoundError):
        await api.tokens.get("customer-1", token.token)


async def test_catalogue_account_and_api_token(api: AsyncClient) -> None:
    gateways = await api.gateways.list(country="NL")
    assert "IDEAL" in [g.id for g in gateways]
    assert (await api.gateways.get("ideal")).description == "iDEAL"
    assert (await api.issuers.list("IDEAL"))[0].code == "0031"
    assert all(isinstance(c.code, int) for c in await api.categories.list())
    methods = await api.payment_methods.list(amount=1000, currency="EUR", group_cards=True)
    assert {m.id for m in methods} >= {"IDEAL", "VISA"}
    assert (await api.payment_methods.get("VISA")).tokenization == {
        "is_enabled": True,
        "models": None,
    }
    me = await api.me()
    assert me.account_id and me.site_id and me.role == "merchant"
    assert (await api.auth.api_token()).api_token.startswith("pub.v2.")


# --- point of sale and wallets --------------------------------------------------------------


@pytest.mark.parametrize(
    "relative", ["fixtures/php-sdk/terminals.json", "fixtures/php-sdk/terminals-by-group.json"]
)
def test_terminal_listings_decode(relative: str) -> None:
    terminals = converter.structure(load(relative)["data"], tuple[Terminal, ...])
    assert len(terminals) == len(load(relative)["data"])
    terminal = terminals[0]
    assert terminal.id == "000013Z1312312" and terminal.provider == "SMARTPOS"
    assert terminal.active is True and terminal.group_id == 10722265


async def test_terminals_created_and_listed(api: AsyncClient) -> None:
    created = await api.terminals.create({"group_id": 42, "name": "Till 1"})
    assert created.provider == "CTAP" and created.group_id == 42
    await api.terminals.create({"group_id": 7})
    assert [t.id for t in await api.terminals.list_for_group(42)] == [created.id]
    assert len(await api.terminals.list()) == 2
    with pytest.raises(ValidationError, match="provider"):
        await api.terminals.create({"group_id": 1, "provider": "OTHER"})


async def test_pos_cancel_and_receipt(api: AsyncClient, fake: FakeMultiSafepay) -> None:
    await api.orders.create(SEED_ORDER)
    receipt = await api.pos.receipt("my-order-id-1")
    assert receipt.merchant is not None and receipt.order is not None
    assert receipt.order["amount"] == 1000
    cancelled = await api.orders.cancel("my-order-id-1")
    assert cancelled.order_id == "my-order-id-1" and cancelled.status is OrderStatus.CANCELLED


@respx.mock
async def test_apple_pay_merchant_session(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(f"{BASE}/wallets/sessions/applepay").respond(
        200, json={"success": True, "data": {"session": '{"epochTimestamp": 1}'}}
    )
    async with AsyncClient(API_KEY) as client:
        session = await client.wallets.apple_pay_session(
            validation_url="https://apple-pay-gateway.apple.com/paymentservices/startSession",
            origin_domain="shop.example",
        )
    assert session.session == '{"epochTimestamp": 1}'
    assert json.loads(route.calls.last.request.content) == {
        "validation_url": "https://apple-pay-gateway.apple.com/paymentservices/startSession",
        "origin_domain": "shop.example",
    }


async def test_apple_pay_against_the_fake(api: AsyncClient) -> None:
    session = await api.wallets.apple_pay_session(
        validation_url="https://apple.example/validate", origin_domain="shop.example"
    )
    assert "merchantSessionIdentifier" in json.loads(session.session)
