# ruff: noqa: T201, B018  -- user code as users write it: prints, bare expressions
"""User code as the type checker sees it: checked with `mypy --strict` (which reports unused
`type: ignore`s) by tests/test_doc_examples.py. Each `type: ignore[code]` is an error mypy
must report; each `assert_type` a type it must infer. Not collected by pytest."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, assert_type

from multisafepay_async import (
    AsyncClient,
    BatchFailure,
    BatchSuccess,
    CaptureRequestDict,
    MultiSafepayError,
    Order,
    OrderRequestDict,
    OrderUpdateDict,
    RefundRequestDict,
    Transaction,
    to_dict,
    to_json,
)


async def batch(client: AsyncClient, ids: list[str]) -> None:
    async for result in client.orders.get_many(ids):
        if result.ok:
            assert_type(result.order, Order)
            print(result.order.status)  # no None check
        else:
            assert_type(result.error, MultiSafepayError)
        if result.error is None:
            assert_type(result.order, Order)
        match result:
            case BatchSuccess(order=order):
                assert_type(order, Order)
            case BatchFailure(error=error):
                assert_type(error, MultiSafepayError)
        result.order.status  # type: ignore[union-attr]  # unchecked: it may have failed


async def money(client: AsyncClient, order: Order, transaction: Transaction) -> None:
    await client.orders.wait(order, until=lambda o: o.amount_refunded > 0)
    assert_type(order.amount_refunded, int)
    assert_type(order.costs[0].amount_major, Decimal | None)  # major units, as sent
    assert_type(order.costs[0].amount_minor, int | None)
    assert_type(transaction.costs[0].amount, int | None)  # minor units
    order.costs[0].amount_major + transaction.costs[0].amount  # type: ignore[operator]


def dumped(order: Order, orders: tuple[Order, ...]) -> None:
    assert_type(to_dict(order), dict[str, Any])
    assert_type(to_dict(orders), list[dict[str, Any]])
    assert_type(to_json(order), str)


async def bodies(client: AsyncClient) -> None:
    order: OrderRequestDict = {
        "order_id": "o-1",
        "currency": "EUR",
        "amount": 1000,
        "description": "Test order",
        "payment_options": {"notification_url": "https://shop.example/notify"},
        "shopping_cart": {"items": [{"name": "Book", "unit_price": Decimal("10.00")}]},
    }
    await client.orders.create(order)
    refund: RefundRequestDict = {"currency": "EUR", "amount": 500}
    await client.orders.refund("o-1", refund)
    update: OrderUpdateDict = {"status": "shipped", "tracktrace_code": "3SABCD"}
    await client.orders.update("o-1", update)
    capture: CaptureRequestDict = {"amount": 1000, "new_order_status": "completed"}
    await client.orders.capture("o-1", capture)

    # What the TypedDicts catch: a float amount, a misspelt key, a missing required key, a
    # status the call does not take, a nested misspelling.
    float_amount: OrderRequestDict = {
        "order_id": "o-2",
        "currency": "EUR",
        "amount": 10.00,  # type: ignore[typeddict-item]
        "description": "ten euros would be ten cents",
    }
    misspelt: OrderRequestDict = {  # type: ignore[typeddict-unknown-key, typeddict-item]
        "order_id": "o-3",
        "currency": "EUR",
        "amount": 1000,
        "descripton": "Test order",
    }
    missing: OrderRequestDict = {"order_id": "o-4", "currency": "EUR"}  # type: ignore[typeddict-item]
    refund_float: RefundRequestDict = {"currency": "EUR", "amount": 5.0}  # type: ignore[typeddict-item]
    bad_status: OrderUpdateDict = {"status": "paid"}  # type: ignore[typeddict-item]
    capture_float: CaptureRequestDict = {"amount": 9.99}  # type: ignore[typeddict-item]
    nested: OrderRequestDict = {
        "order_id": "o-5",
        "currency": "EUR",
        "amount": 1000,
        "description": "Test order",
        "payment_options": {"notification_ulr": "https://x"},  # type: ignore[typeddict-item]
    }
    print(float_amount, misspelt, missing, refund_float, bad_status, capture_float, nested)
