"""The body of a refund by cart items (BNPL): the order's cart plus one negative line per
refunded item, as the official SDKs send it."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from .._convert import to_json_body
from .._scalars import kind_of
from ..errors import ValidationError
from ..models.order import Order

__all__ = ["check_items", "refund_items_body"]


def check_items(items: object) -> Mapping[str, int]:
    """`items` (merchant_item_id -> quantity) as far as it can be checked without the order."""
    if not isinstance(items, Mapping):
        raise ValidationError("refund items", [f"$: expected id -> quantity, got {kind_of(items)}"])
    if not items:
        raise ValidationError("refund items", ["$: no items to refund"])
    problems = [
        f"$.{item_id}: quantity must be a positive int, got {quantity!r}"
        for item_id, quantity in items.items()
        if type(quantity) is not int or quantity < 1
    ]
    if problems:
        raise ValidationError("refund items", problems)
    return items


def refund_items_body(order: Order, items: Mapping[str, int]) -> dict[str, Any]:
    """`{"checkout_data": {"items": [...]}}`; unknown items or too large quantities raise
    `ValidationError`."""
    cart = order.shopping_cart.items if order.shopping_cart else ()
    lines = [to_json_body(item) for item in cart]
    problems = []
    for item_id, quantity in items.items():
        item = next((i for i in cart if i.merchant_item_id == item_id), None)
        if item is None:
            problems.append(f"$.{item_id}: not in the order's cart")
        elif quantity > (item.quantity or 0):
            problems.append(f"$.{item_id}: quantity must be 1..{item.quantity}, got {quantity!r}")
        else:
            refunded = attrs.evolve(
                item, unit_price=-(item.unit_price or Decimal(0)), quantity=quantity
            )
            lines.append(to_json_body(refunded))
    if problems:
        raise ValidationError("refund items", problems)
    return {"checkout_data": {"items": lines}}
