"""orders.create validates its input locally: bad input never reaches the network."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import httpx
import pytest
import respx

from multisafepay_async import AsyncClient, OrderRequest, ValidationError
from multisafepay_async._convert import structure_request, to_json_body
from multisafepay_async.models import CartItem, PaymentOptions, ShoppingCart

from .conftest import API_KEY, DATA, SEED_ORDER, load

BASE = "https://testapi.multisafepay.com/v1/json"


def order(**changes: Any) -> dict[str, Any]:
    body = {k: v for k, v in SEED_ORDER.items() if k not in changes or changes[k] is not ...}
    body.update({k: v for k, v in changes.items() if v is not ...})
    return body


BAD_ORDERS = [
    pytest.param(order(amount=10.5), "$.amount", id="float-amount"),
    pytest.param(order(amount=10.0), "$.amount", id="integral-float-amount"),
    pytest.param(order(amount=-1), "$.amount", id="negative-amount"),
    pytest.param(order(amount="1000"), "$.amount", id="string-amount"),
    pytest.param(order(amount=True), "$.amount", id="bool-amount"),
    pytest.param(order(currency="EURO"), "$.currency", id="4-letter-currency"),
    pytest.param(order(currency="E1R"), "$.currency", id="digit-in-currency"),
    pytest.param(order(order_id=...), "$.order_id", id="missing-order-id"),
    pytest.param(order(currency=...), "$.currency", id="missing-currency"),
    pytest.param(order(amount=...), "$.amount", id="missing-amount"),
    pytest.param(order(description=...), "$.description", id="missing-description"),
    pytest.param(order(order_id="x" * 51), "$.order_id", id="order-id-over-50"),
    pytest.param(order(order_id=""), "$.order_id", id="empty-order-id"),
    pytest.param(order(description="d" * 201), "$.description", id="description-over-200"),
    pytest.param(order(colour="red"), "colour", id="unknown-field"),
    pytest.param(order(customer={"frist_name": "J"}), "frist_name", id="unknown-nested-field"),
    pytest.param(order(type="instant"), "$.type", id="unknown-type"),
    pytest.param(order(days_active=0), "$.days_active", id="days-active-0"),
    pytest.param(order(payment_options="https://x"), "$.payment_options", id="not-an-object"),
    pytest.param(
        order(shopping_cart={"items": [{"name": "x", "quantity": 1.5}]}),
        "$.shopping_cart.items[0].quantity",
        id="fractional-quantity",
    ),
]


@pytest.mark.parametrize(("body", "field"), BAD_ORDERS)
@respx.mock(assert_all_called=False)
async def test_bad_orders_raise_validation_error_before_any_io(
    body: dict[str, Any], field: str, respx_mock: respx.MockRouter
) -> None:
    route = respx_mock.post(f"{BASE}/orders").respond(200, json={"success": True, "data": {}})
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(ValidationError) as caught:
            await client.orders.create(body)
    assert field in str(caught.value)
    assert caught.value.errors and all(":" in e for e in caught.value.errors)
    assert not route.called
    assert API_KEY not in str(caught.value)


def test_float_amount_error_says_minor_units() -> None:
    with pytest.raises(ValidationError, match=r"expected an integer, got float 10\.0"):
        structure_request(order(amount=10.0), OrderRequest, "order request")
    with pytest.raises(ValidationError, match="minor units"):
        OrderRequest(order_id="o", currency="EUR", amount=9.99, description="d")  # type: ignore[arg-type]


def test_constructing_the_request_class_directly_validates_too() -> None:
    with pytest.raises(ValidationError, match=r"\$\.currency"):
        OrderRequest(order_id="o", currency="EU", amount=1, description="d")
    ok = OrderRequest(order_id="o", currency="eur", amount=0, description="zero-auth")
    assert ok.currency == "EUR"


REQUEST_EXAMPLES = sorted(
    str(p.relative_to(DATA)) for p in (DATA / "api-examples/requests").glob("post-orders_*.json")
)
# Docs templates with "type": "" (a placeholder, not a valid order type).
TEMPLATES = {
    "api-examples/requests/post-orders_pad.json",
    "api-examples/requests/post-orders_bank-transfer.json",
}


@pytest.mark.parametrize("relative", REQUEST_EXAMPLES)
def test_docs_create_order_examples_round_trip_exactly(relative: str) -> None:
    body = load(relative)
    if relative in TEMPLATES:
        with pytest.raises(ValidationError, match=r"\$\.type: must be one of"):
            structure_request(body, OrderRequest, "order request")
        body["type"] = "direct"
    request = structure_request(body, OrderRequest, "order request")
    # The one normalisation these need: a card expiry written as a number (2512) goes out
    # as the spec's text ("2512").
    expiry = body.get("gateway_info", {}).get("card_expiry_date")
    if type(expiry) is int:
        body["gateway_info"]["card_expiry_date"] = str(expiry)
    assert to_json_body(request) == body


def test_request_body_omits_unset_fields_and_keeps_decimal_prices_exact() -> None:
    request = OrderRequest(
        order_id="o-1",
        currency="EUR",
        amount=24293,
        description="d",
        payment_options=PaymentOptions(notification_url="https://example.com/n"),
        shopping_cart=ShoppingCart(
            items=(CartItem(name="Table", unit_price=Decimal("242.93"), quantity=1),)
        ),
    )
    body = to_json_body(request)
    assert body == {
        "order_id": "o-1",
        "currency": "EUR",
        "amount": 24293,
        "description": "d",
        "type": "redirect",
        "payment_options": {"notification_url": "https://example.com/n"},
        "shopping_cart": {"items": [{"name": "Table", "unit_price": 242.93, "quantity": 1}]},
    }
    assert json.dumps(body["shopping_cart"]).count("242.93") == 1


def test_over_precise_decimals_are_sent_as_strings_not_rounded() -> None:
    item = CartItem(unit_price=Decimal("0.12345678901234567890"))
    assert to_json_body(item) == {"unit_price": "0.12345678901234567890"}


@respx.mock
async def test_extra_body_adds_fields_the_model_does_not_know(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.post(f"{BASE}/orders").respond(
        200, json={"success": True, "data": {"order_id": "my-order-id-1", "payment_url": "u"}}
    )
    async with AsyncClient(API_KEY) as client:
        await client.orders.create(SEED_ORDER, extra_body={"future_field": {"on": True}})
    sent = json.loads(route.calls.last.request.content)
    assert sent["future_field"] == {"on": True}
    assert sent["order_id"] == "my-order-id-1"


async def test_unserialisable_extra_body_fails_before_io() -> None:
    async with AsyncClient(API_KEY, transport=httpx.MockTransport(_unreachable)) as client:
        with pytest.raises(ValidationError, match="not JSON-serialisable"):
            await client.orders.create(SEED_ORDER, extra_body={"when": object()})


@pytest.mark.parametrize("bad_id", ["", "   ", None, 1.5])
async def test_get_rejects_empty_or_non_string_ids_before_io(bad_id: Any) -> None:
    async with AsyncClient(API_KEY, transport=httpx.MockTransport(_unreachable)) as client:
        with pytest.raises(ValidationError, match="order_id"):
            await client.orders.get(bad_id)


def _unreachable(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"no request should have been sent: {request.method} {request.url}")
