"""Check locally that a shopping cart adds up to the order's amount, before sending.

MultiSafepay rejects a cart whose total differs from `amount` (error 1027) when
`checkout_options.validate_cart` is on, and BNPL providers are strict about it. Cart prices
are in major units excluding VAT; `amount` is in minor units including VAT, so the total
depends on how VAT is rounded: per line (`rounding="line"`) or once at the end (`"end"`), with
`mode` half-up (the usual), half-even or down, as the official SDK offers.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Literal

from .errors import ValidationError
from .models.cart import CartItem, CheckoutOptions, ShoppingCart
from .models.requests import OrderRequest

__all__ = ["cart_total", "check_cart_total"]

_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN}
# ISO 4217 currencies without minor units: their amounts are whole units.
_ZERO_DECIMAL = frozenset({"JPY", "KRW", "ISK", "CLP", "VND", "XAF", "XOF", "UGX", "PYG"})


def _rate(item: CartItem, tax: CheckoutOptions | None) -> Decimal:
    if tax is None:
        return Decimal(0)
    tables = tax.tax_tables
    default = (tables.default if tables else None) or tax.default
    alternate = (tables.alternate if tables else ()) or tax.alternate
    if item.tax_table_selector:
        for table in alternate:
            if table.name == item.tax_table_selector and table.rules:
                return table.rules[0].rate or Decimal(0)
    if item.merchant_item_id == "msp-shipping" and default and default.shipping_taxed is False:
        return Decimal(0)
    return (default.rate if default else None) or Decimal(0)


def cart_total(
    cart: ShoppingCart,
    tax: CheckoutOptions | None = None,
    *,
    currency: str = "EUR",
    rounding: Literal["end", "line"] = "end",
    mode: Literal["half_up", "half_even", "down"] = "half_up",
) -> int:
    """The cart's total including VAT, in minor units of `currency`."""
    step = Decimal(1) if currency.upper() in _ZERO_DECIMAL else Decimal("0.01")
    how = _MODES[mode]
    total = Decimal(0)
    for item in cart.items:
        line = (item.unit_price or Decimal(0)) * (item.quantity or 0) * (1 + _rate(item, tax))
        total += line.quantize(step, rounding=how) if rounding == "line" else line
    return int(total.quantize(step, rounding=how) / step)


def check_cart_total(
    order: OrderRequest,
    *,
    rounding: Literal["end", "line"] = "end",
    mode: Literal["half_up", "half_even", "down"] = "half_up",
) -> None:
    """Raise `ValidationError` if `order`'s cart does not add up to its `amount`."""
    if order.shopping_cart is None:
        return
    total = cart_total(
        order.shopping_cart,
        order.checkout_options,
        currency=order.currency,
        rounding=rounding,
        mode=mode,
    )
    if total != order.amount:
        raise ValidationError(
            "order request",
            [f"$.amount: {order.amount} but the cart adds up to {total} ({rounding}, {mode})"],
        )
