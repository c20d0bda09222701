"""Cart totals checked locally, and BNPL refunds built from the order's own cart."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import httpx
import pytest
import respx

from multisafepay_async import AsyncClient, OrderRequest, OrderStatus, ValidationError
from multisafepay_async._convert import converter, structure_request
from multisafepay_async.cart import cart_total, check_cart_total
from multisafepay_async.models import CartItem, Order, ShoppingCart
from multisafepay_async.testing import FakeMultiSafepay

from .conftest import API_KEY, SEED_ORDER, load

BASE = "https://testapi.multisafepay.com/v1/json"
DOCS_ITEM = {
    "name": "Test",
    "description": "",
    "unit_price": 100,
    "quantity": 1,
    "merchant_item_id": "1111",
    "tax_table_selector": "none",
    "weight": {"unit": "KG", "value": 12},
}


def test_the_docs_klarna_order_adds_up() -> None:
    order = structure_request(
        load("api-examples/requests/post-orders_klarna-direct.json"), OrderRequest, "order"
    )
    check_cart_total(order)  # 100.00 EUR, tax table "none": 10000 cents


def _cart(*lines: tuple[str, int, str]) -> ShoppingCart:
    return ShoppingCart(
        items=tuple(
            CartItem(unit_price=Decimal(price), quantity=qty, tax_table_selector=table)
            for price, qty, table in lines
        )
    )


TAX = {
    "tax_tables": {
        "default": {"rate": 0.21, "shipping_taxed": True},
        "alternate": [
            {"name": "BTW9", "rules": [{"rate": 0.09}]},
            {"name": "BTW21", "rules": [{"rate": 0.21}]},
        ],
    }
}


@pytest.mark.parametrize(
    ("rounding", "mode", "expected"),
    [("end", "half_up", 485), ("line", "half_up", 484), ("end", "down", 484)],
)
def test_rounding_per_line_or_at_the_end_can_differ_by_a_cent(
    rounding: Any, mode: Any, expected: int
) -> None:
    from multisafepay_async.models import CheckoutOptions

    tax = converter.structure(TAX, CheckoutOptions)
    cart = _cart(("0.99", 3, "BTW21"), ("1.15", 1, "BTW9"))  # 3.5937 + 1.2535
    assert cart_total(cart, tax, rounding=rounding, mode=mode) == expected


def test_zero_decimal_currencies_count_whole_units() -> None:
    assert cart_total(_cart(("1500", 2, "")), currency="JPY") == 3000


def test_a_cart_that_does_not_add_up_is_refused_before_sending() -> None:
    order = OrderRequest(
        order_id="o",
        currency="EUR",
        amount=1000,
        description="d",
        shopping_cart=_cart(("9.99", 1, "")),
    )
    with pytest.raises(ValidationError, match=r"\$\.amount: 1000 but the cart adds up to 999"):
        check_cart_total(order)


def _bnpl_order() -> Order:
    return converter.structure(
        {"order_id": "bnpl-1", "status": "completed", "shopping_cart": {"items": [DOCS_ITEM]}},
        Order,
    )


@respx.mock
async def test_refund_items_sends_the_cart_plus_a_negative_line_like_the_docs(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.post(f"{BASE}/orders/bnpl-1/refunds").respond(
        200, json=load("api-examples/responses/refundOrder.json")
    )
    async with AsyncClient(API_KEY) as client:
        result = await client.orders.refund_items("bnpl-1", {"1111": 1}, order=_bnpl_order())
    assert json.loads(route.calls.last.request.content) == load(
        "api-examples/requests/refunds_refundBNPL.json"
    )
    assert result.transaction_id == 6303074


@pytest.mark.parametrize(
    ("items", "problem"),
    [
        ({"9999": 1}, "not in the order's cart"),
        ({"1111": 2}, "quantity must be 1..1"),
        ({}, "no items"),
    ],
)
async def test_refund_items_checks_items_and_quantities_before_sending(
    items: dict[str, int], problem: str
) -> None:
    transport = httpx.MockTransport(lambda r: pytest.fail(f"sent {r.url}"))
    async with AsyncClient(API_KEY, transport=transport) as client:
        with pytest.raises(ValidationError, match=problem):
            await client.orders.refund_items("bnpl-1", items, order=_bnpl_order())


async def test_refund_items_against_the_fake(fake: FakeMultiSafepay) -> None:
    transport = httpx.ASGITransport(fake)
    async with AsyncClient(API_KEY, base_url="http://fake/v1/json", transport=transport) as api:
        cart = {"items": [DOCS_ITEM, {**DOCS_ITEM, "merchant_item_id": "2222", "unit_price": 50}]}
        await api.orders.create(
            {**SEED_ORDER, "amount": 15000, "gateway": "KLARNA", "shopping_cart": cart}
        )
        fake.apply("my-order-id-1", "complete")
        await api.orders.refund_items("my-order-id-1", {"2222": 1})  # fetches the order first
        order = await api.orders.get("my-order-id-1")
    assert order.amount_refunded == 5000
    assert order.status is OrderStatus.PARTIAL_REFUNDED
