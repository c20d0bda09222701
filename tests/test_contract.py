"""Contract: every public method, in every variant, sends a request that MultiSafepay's
OpenAPI spec accepts (path, query and body), and decodes the spec's example answers.

Each call runs against a mock that answers with the spec's own example for the operation
the request is (so the call decodes a documented answer), and every request it sends is
checked against that operation. A few calls are of endpoints the spec does not have; those
say so and are checked against the official SDKs' requests instead.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

import attrs
import httpx
import pytest
import respx
from openapi_schema_validator import OAS30Validator, validate

from multisafepay_async import APIError, AsyncClient, CreatedOrder, Order, Transaction
from multisafepay_async._backends import RawResponse
from multisafepay_async._convert import converter, structure_request, to_json_body
from multisafepay_async._envelope import check_envelope
from multisafepay_async.models import (
    ApiToken,
    Category,
    Gateway,
    Issuer,
    OperationResult,
    OrderRequest,
    PaymentMethodInfo,
    Receipt,
    Token,
)

from . import spec
from .calls import BNPL_ORDER
from .conftest import API_KEY, DATA, SEED_ORDER, load, public_methods

BASE = "https://testapi.multisafepay.com/v1/json"
CART = {
    "items": [
        {
            "name": "Geometric Candle Holders",
            "unit_price": 90,
            "quantity": 1,
            "merchant_item_id": "1111",
            "tax_table_selector": "BTW21",
        }
    ]
}
CHECKOUT_OPTIONS = {
    "tax_tables": {"alternate": [{"name": "BTW21", "rules": [{"rate": 0.21}]}]},
}


@attrs.frozen
class Call:
    """One public method in one variant: `method` names it (`orders.refund`)."""

    method: str
    variant: str
    run: Callable[[AsyncClient], Awaitable[object]]


# The endpoints MultiSafepay's spec does not describe, with the request the official SDKs send.
NOT_IN_SPEC = {
    ("GET", "/me"): "GET /me: in the docs repo (me.yaml) but not wired into the spec",
    ("GET", "/terminals"): "terminals: PHP SDK TerminalManager; not in the spec",
    ("GET", "/terminal-groups/7/terminals"): "terminal groups: PHP SDK; not in the spec",
    ("POST", "/terminals"): "create terminal: PHP SDK; not in the spec",
    ("POST", "/wallets/sessions/applepay"): "Apple Pay session: PHP WalletManager; not in spec",
    ("GET", "/events/stream/"): "order events: the Python SDK's EventManager; not in the spec",
}
NOT_IN_SPEC_BODIES = {
    ("POST", "/terminals"): {"group_id": 7, "provider": "CTAP", "name": "till 1"},
    ("POST", "/wallets/sessions/applepay"): {
        "validation_url": "https://apple-pay-gateway.apple.com/paymentservices/startSession",
        "origin_domain": "shop.example",
    },
}
NOT_IN_SPEC_ANSWERS: dict[tuple[str, str], Any] = {
    ("GET", "/me"): {"account_id": 10, "role": "merchant", "site_id": 20},
    ("GET", "/terminals"): load("fixtures/php-sdk/terminals.json")["data"],
    ("GET", "/terminal-groups/7/terminals"): load("fixtures/php-sdk/terminals.json")["data"],
    ("POST", "/terminals"): load("fixtures/php-sdk/terminals.json")["data"][0],
    ("POST", "/wallets/sessions/applepay"): {"session": "{}"},
}
EVENTS_URL = "https://testapi.multisafepay.com/events/stream/"
CREATED = CreatedOrder(order_id="o", events_token="t0ken", events_stream_url=EVENTS_URL)
COMPLETED = {"order_id": "o", "status": "completed", "financial_status": "completed"}


def create(variant: str, **fields: Any) -> Call:
    order = {**SEED_ORDER, **fields}
    return Call("orders.create", variant, lambda c: c.orders.create(order))


CALLS: list[Call] = [
    create("redirect"),
    create("redirect, manual capture card", gateway="VISA", capture="manual"),
    create("direct iDEAL", type="direct", gateway="IDEAL", gateway_info={"issuer_id": "0031"}),
    create("payment link", type="paymentlink", days_active=30),
    create(
        "FastCheckout",
        type="checkout",
        shopping_cart=CART,
        checkout_options=CHECKOUT_OPTIONS,
        amount=10890,
        payment_options={
            "notification_url": "https://shop.example/notify",
            "redirect_url": "https://shop.example/ok",
            "cancel_url": "https://shop.example/cancel",
        },
    ),
    create("with cart", shopping_cart=CART, checkout_options=CHECKOUT_OPTIONS, amount=10890),
    create("recurring", type="direct", gateway="VISA", recurring_model="cardOnFile"),
    Call("orders.get", "", lambda c: c.orders.get("o/1 x")),
    Call("orders.get_many", "", lambda c: _drain(c.orders.get_many(["o1", "o2"]))),
    Call("orders.wait", "", lambda c: c.orders.wait("o", timeout=5)),
    Call("events.subscribe", "", lambda c: _first(c.events.subscribe(CREATED))),
    Call(
        "orders.update",
        "ship",
        lambda c: c.orders.update(
            "o",
            {
                "status": "shipped",
                "tracktrace_code": "3S",
                "carrier": "PostNL",
                "ship_date": "2026-11-22",
            },
        ),
    ),
    Call(
        "orders.update",
        "cancel",
        lambda c: c.orders.update("o", {"status": "cancelled", "exclude_order": True}),
    ),
    Call(
        "orders.update",
        "ship with invoice",
        lambda c: c.orders.update(
            "o", {"status": "shipped", "invoice_id": "INV-1", "invoice_url": "https://i.example"}
        ),
    ),
    Call(
        "orders.update",
        "partial shipment",
        lambda c: c.orders.update("o", {"status": "shipped", "amount": 500, "reason": "part"}),
    ),
    Call(
        "orders.update",
        "extend Klarna",
        lambda c: c.orders.update("o", {"extend_expiration": True, "reason": "asked"}),
    ),
    Call(
        "orders.refund",
        "partial",
        lambda c: c.orders.refund("o", {"currency": "EUR", "amount": 250, "description": "x"}),
    ),
    Call(
        "orders.refund",
        "full, currency from the order passed",
        lambda c: c.orders.refund("o", order=BNPL_ORDER),
    ),
    Call("orders.refund", "full, order looked up", lambda c: c.orders.refund("o")),
    Call("orders.refund_items", "", lambda c: c.orders.refund_items("o", {"1111": 1})),
    Call("orders.cancel_refund", "", lambda c: c.orders.cancel_refund("o", 1, description="x")),
    Call("orders.capture", "partial", lambda c: c.orders.capture("o", {"amount": 500})),
    Call(
        "orders.capture",
        "with shipping",
        lambda c: c.orders.capture(
            "o", {"amount": 1000, "new_order_id": "o-c", "tracktrace_code": "3S"}
        ),
    ),
    Call(
        "orders.cancel_reservation",
        "",
        lambda c: c.orders.cancel_reservation("o", {"reason": "no stock"}),
    ),
    Call("orders.cancel", "", lambda c: c.orders.cancel("o")),
    Call("transactions.list", "no filter", lambda c: _drain(c.transactions.list())),
    Call(
        "transactions.list",
        "every filter",
        lambda c: _drain(
            c.transactions.list(
                site_id=12345,
                created_from=date(2026, 1, 1),
                created_until=datetime(2026, 2, 1, 12, 0),
                completed_from=1609502400,
                completed_until="2026-03-01 00:00:00",
                status="completed",
                financial_status="completed",
                type="payment",
                payment_method=["VISA", "IDEAL"],
                currency="EUR",
                limit=50,
                after="abc",
            )
        ),
    ),
    Call("transactions.list", "before", lambda c: _drain(c.transactions.list(before="x"))),
    Call("transactions.get", "", lambda c: c.transactions.get(17472052901237122)),
    Call("gateways.list", "", lambda c: c.gateways.list()),
    Call(
        "gateways.list",
        "country, coupons",
        lambda c: c.gateways.list(country="NL", include_coupons=True),
    ),
    Call("gateways.get", "", lambda c: c.gateways.get("IDEAL")),
    Call("issuers.list", "", lambda c: c.issuers.list()),
    Call("categories.list", "", lambda c: c.categories.list()),
    Call("payment_methods.list", "", lambda c: c.payment_methods.list()),
    Call(
        "payment_methods.list",
        "every filter",
        lambda c: c.payment_methods.list(
            amount=1000, country="NL", currency="EUR", group_cards=True, include_coupons=False
        ),
    ),
    Call("payment_methods.get", "", lambda c: c.payment_methods.get("IDEAL")),
    Call(
        "payment_methods.get",
        "locale",
        lambda c: c.payment_methods.get("IDEAL", locale="nl_NL", country="NL"),
    ),
    Call("tokens.list", "", lambda c: c.tokens.list("cust 1", limit=5, offset=5)),
    Call("tokens.get", "", lambda c: c.tokens.get("cust", "tok")),
    Call("tokens.update_expiry", "", lambda c: c.tokens.update_expiry("cust", "tok", "3012")),
    Call("tokens.delete", "", lambda c: c.tokens.delete("cust", "tok")),
    Call("auth.api_token", "", lambda c: c.auth.api_token()),
    Call("pos.receipt", "", lambda c: c.pos.receipt("o")),
    Call("me", "", lambda c: c.me()),
    Call("terminals.list", "", lambda c: c.terminals.list()),
    Call("terminals.list_for_group", "", lambda c: c.terminals.list_for_group(7)),
    Call(
        "terminals.create",
        "",
        lambda c: c.terminals.create({"group_id": 7, "name": "till 1"}),
    ),
    Call(
        "wallets.apple_pay_session",
        "",
        lambda c: c.wallets.apple_pay_session(
            validation_url="https://apple-pay-gateway.apple.com/paymentservices/startSession",
            origin_domain="shop.example",
        ),
    ),
]


async def _drain(iterator: Any) -> list[Any]:
    return [item async for item in iterator]


async def _first(stream: Any) -> Any:
    async with stream:
        return await anext(stream)


def _answer(request: httpx.Request) -> httpx.Response:
    """The spec's first example answer for the operation `request` is (for a cart order
    lookup, an order with the cart `refund_items` needs)."""
    raw_path = request.url.raw_path.decode().split("?", 1)[0].removeprefix(spec.PREFIX)
    if raw_path == "/events/stream/":
        event = f"id: 1\nevent: order.status\ndata: {json.dumps(COMPLETED)}\n\n"
        return httpx.Response(200, text=event, headers={"content-type": "text/event-stream"})
    found = spec.find(request.method, raw_path)
    if found is None:
        data = NOT_IN_SPEC_ANSWERS[(request.method, raw_path)]
        return httpx.Response(200, json={"success": True, "data": data})
    op, _ = found
    if op.id == "getOrder":
        return httpx.Response(200, json={"success": True, "data": to_json_order()})
    _, body = spec.answers(op)[0]
    if op.id == "listTransactions" and "after=" in str(request.url):
        body = {**body, "data": []}  # the page after the last one is empty
    return httpx.Response(200, json=body)


def to_json_order() -> dict[str, Any]:
    # The spec's getOrder example, plus the cart refund_items needs.
    (_, body), *_ = spec.answers(spec.operation("getOrder"))
    return {**body["data"], "shopping_cart": {"items": [_cart_line()]}}


def _cart_line() -> dict[str, Any]:
    return {"name": "Test", "unit_price": 100, "quantity": 2, "merchant_item_id": "1111"}


@pytest.mark.parametrize("call", CALLS, ids=[f"{c.method} {c.variant}".strip() for c in CALLS])
@respx.mock
async def test_every_request_fits_the_spec(call: Call, respx_mock: respx.MockRouter) -> None:
    route = respx_mock.route(host="testapi.multisafepay.com").mock(side_effect=_answer)
    async with AsyncClient(API_KEY) as client:
        await call.run(client)
    assert route.calls, "the call sent nothing"
    for sent, _ in route.calls:
        raw_path = sent.url.raw_path.decode().split("?", 1)[0].removeprefix(spec.PREFIX)
        if (sent.method, raw_path) == ("GET", "/events/stream/"):
            assert sent.headers["authorization"] == "Bearer t0ken"
            assert sent.headers["accept"] == "text/event-stream"
        elif (sent.method, raw_path) in NOT_IN_SPEC:
            expected = NOT_IN_SPEC_BODIES.get((sent.method, raw_path))
            assert (json.loads(sent.content) if sent.content else None) == expected
            assert not sent.url.query
        else:
            body = json.loads(sent.content) if sent.content else None
            if isinstance(body, dict) and body.get("type") == "checkout":
                # The spec's CreateOrder branches leave out type "checkout" (its create answer
                # and field docs have FastCheckout): checked as a payment page order.
                body = {**body, "type": "redirect"}
            spec.check_request(sent, body=body)


def test_the_calls_cover_every_public_method() -> None:
    assert {call.method for call in CALLS} == set(public_methods())


def test_every_create_type_is_exercised() -> None:
    kinds = {c.variant for c in CALLS if c.method == "orders.create"}
    sent_types = {"redirect", "direct", "paymentlink", "checkout"}
    assert any("direct" in k for k in kinds) and len(kinds) >= len(sent_types)


def test_spec_checker_refuses_what_the_spec_does_not_allow() -> None:
    # The oracle itself: an unknown filter, a bad enum value, a missing required field.
    bad = [
        httpx.Request("GET", BASE + "/transactions?debit_credit=C"),
        httpx.Request("GET", BASE + "/transactions?status=paid"),
        httpx.Request("POST", BASE + "/orders/o/refunds", json={}),
        httpx.Request("POST", BASE + "/orders/o/capture", json={"amount": 5}),
        httpx.Request("GET", BASE + "/payment-methods?include_coupons=yes"),
    ]
    for request in bad:
        with pytest.raises(Exception):  # noqa: B017 - assertion or schema error
            spec.check_request(request)


def test_docs_create_order_examples_go_out_unchanged_and_stay_valid() -> None:
    # Some docs examples are templates that break the spec themselves ("CREDITCARD/AMEX/...",
    # a blank type); those must at least go out exactly as written.
    schema = spec.operation("CreateOrder").request_schema()
    assert schema is not None
    valid = 0
    for path in sorted((DATA / "api-examples/requests").glob("post-orders_*.json")):
        body = load(str(path.relative_to(DATA)))
        if body.get("type") == "":
            body["type"] = "direct"
        sent = to_json_body(structure_request(body, OrderRequest, "order"))
        assert sent == body, path.name
        if _fits(body, schema):
            valid += 1
            assert _fits(sent, schema), path.name
    assert valid >= 5


def _fits(body: Any, schema: dict[str, Any]) -> bool:
    try:
        validate(body, schema, cls=OAS30Validator)
    except Exception:
        return False
    return True


# The model the client decodes each operation's answer into.
ANSWERS: dict[str, Any] = {
    "CreateOrder": CreatedOrder,
    "getOrder": Order,
    "updateOrder": OperationResult,
    "refundOrder": OperationResult,
    "cancelRefund": OperationResult,
    "capturePayment": OperationResult,
    "cancelAuthorizedOrder": OperationResult,
    "cancelBancontactQR": Order,
    "listGateways": tuple[Gateway, ...],
    "getGateway": Gateway,
    "listPaymentMethods": tuple[PaymentMethodInfo, ...],
    "getPaymentMethod": PaymentMethodInfo,
    "listSiteCategories": tuple[Category, ...],
    "listTransactions": tuple[Transaction, ...],
    "getTransaction": Transaction,
    "listIssuers": tuple[Issuer, ...],
    "listTokens": tuple[Token, ...],
    "getToken": Token,
    "GenerateApiToken": ApiToken,
    "getReceipt": Receipt,
}
EXAMPLES = [
    (op_id, name, body) for op_id in ANSWERS for name, body in spec.answers(spec.operation(op_id))
]


def test_the_spec_has_the_examples_we_decode() -> None:
    assert len(EXAMPLES) >= 25
    assert {op_id for op_id, _, _ in EXAMPLES} == set(ANSWERS)


@pytest.mark.parametrize(
    ("op_id", "name", "body"), EXAMPLES, ids=[f"{o} {n}" for o, n, _ in EXAMPLES]
)
def test_every_spec_example_answer_decodes(op_id: str, name: str, body: Any) -> None:
    data = body["data"]
    if op_id == "listTokens":
        data = data["tokens"]
    if op_id == "cancelBancontactQR":
        data = {"order_id": "from-the-path", **data}  # this answer carries no order_id
    decoded = converter.structure(data, ANSWERS[op_id])
    assert decoded is not None
    for model in decoded if isinstance(decoded, tuple) else (decoded,):
        # Every timestamp the spec shows (ISO 8601 and dd-MM-yyyy) is read, none set aside.
        assert not getattr(model, "unparsed_timestamps", None)


def test_the_transaction_example_with_a_day_first_timestamp_decodes() -> None:
    ((_, body),) = spec.answers(spec.operation("getTransaction"))
    transaction = converter.structure(body["data"], Transaction)
    assert transaction.completed == datetime(2022, 2, 23, 23, 31, 31)


ERRORS = [
    (op.id, status, name, body)
    for op in spec.operations()
    if op.id in ANSWERS
    for status in op.spec.get("responses", {})
    if status.startswith("4")
    for name, body in spec.answers(op, status)
]


@pytest.mark.parametrize(
    ("op_id", "status", "name", "body"), ERRORS, ids=[f"{o} {s} {n}" for o, s, n, _ in ERRORS]
)
def test_every_spec_error_answer_becomes_a_typed_error(
    op_id: str, status: str, name: str, body: Any
) -> None:
    raw = RawResponse(int(status), {}, json.dumps(body).encode())
    with pytest.raises(APIError) as caught:
        check_envelope(raw, method="GET", path="/x", order_id=None, secret=API_KEY)
    assert caught.value.http_status == int(status)
    if isinstance(body, dict) and body.get("error_code"):
        assert caught.value.error_code == int(body["error_code"])
