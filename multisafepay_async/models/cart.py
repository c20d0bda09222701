"""Shopping cart and tax tables, in requests and in the orders that echo them.

`unit_price` is a `Decimal` in major units, excluding VAT (242.93 EUR), unlike order amounts;
tax `rate` is a fraction (0.21 for 21 %). Answers send these numbers as strings or numbers.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from .common import extra_field

__all__ = [
    "CartItem",
    "CheckoutOptions",
    "DefaultTaxRate",
    "ShoppingCart",
    "TaxRule",
    "TaxTable",
    "TaxTables",
    "Weight",
]


@attrs.frozen(kw_only=True)
class Weight:
    unit: str | None = None
    value: Decimal | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class CartItem:
    """One cart line. Use `merchant_item_id="msp-shipping"` for the shipping line."""

    name: str | None = None
    description: str | None = None
    unit_price: Decimal | None = None
    quantity: int | None = None
    merchant_item_id: str | None = None
    tax_table_selector: str | None = None
    currency: str | None = None
    weight: Weight | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class ShoppingCart:
    items: tuple[CartItem, ...] = ()
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class TaxRule:
    rate: Decimal | None = None
    country: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class TaxTable:
    name: str | None = None
    standalone: bool | None = None
    rules: tuple[TaxRule, ...] = ()
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class DefaultTaxRate:
    rate: Decimal | None = None
    shipping_taxed: bool | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class TaxTables:
    default: DefaultTaxRate | None = None
    alternate: tuple[TaxTable, ...] = ()
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class CheckoutOptions:
    """Requests send `tax_tables`; orders echo the tables as top-level `default`/`alternate`."""

    validate_cart: bool | None = None
    tax_tables: TaxTables | None = None
    default: DefaultTaxRate | None = None
    alternate: tuple[TaxTable, ...] = ()
    model_extra: Mapping[str, Any] = extra_field()
