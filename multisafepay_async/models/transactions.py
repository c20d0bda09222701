"""Transactions (`GET /transactions`) and recurring tokens (`GET /recurring/...`)."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from .common import NO_UNPARSED_TIMESTAMPS, extra_field
from .status import FinancialStatus, OrderStatus

__all__ = ["Token", "Transaction", "TransactionCustomer", "TransactionFee", "TransactionPage"]


@attrs.frozen(kw_only=True)
class TransactionFee:
    """A fee in a transaction listing: here `amount` is in minor units (49 = 0.49)."""

    amount: int | None = None
    description: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class TransactionCustomer:
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    iban: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Transaction:
    """One transaction: a payment, refund, chargeback, fee ... `net` = amount - fees."""

    transaction_id: int
    order_id: str | None = None
    site_id: str | None = None  # a number in the API's examples, text in the SDK's tests
    type: str | None = None
    payment_method: str | None = None
    amount: int | None = None
    net: int | None = None
    currency: str | None = None
    costs: tuple[TransactionFee, ...] = ()
    status: OrderStatus | None = None
    financial_status: FinancialStatus | None = None
    debit_credit: str | None = None
    description: str | None = None
    invoice_id: str | None = None
    customer: TransactionCustomer | None = None
    created: datetime | None = None
    completed: datetime | None = None
    updated: datetime | None = None
    var1: str | None = None
    var2: str | None = None
    var3: str | None = None
    #: Timestamps sent in a format this version cannot read, by field name, as sent; the
    #: field itself is then None. Empty when every timestamp parsed.
    unparsed_timestamps: Mapping[str, str] = NO_UNPARSED_TIMESTAMPS
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class TransactionPage:
    """One page of `transactions.list`; `after` is the cursor of the next (older) page."""

    items: tuple[Transaction, ...] = ()
    after: str | None = None
    before: str | None = None


@attrs.frozen(kw_only=True)
class Token:
    """A stored card/account for recurring payments. The API names the model `model` in
    some answers and `recurring_model` in others; both land in `recurring_model`."""

    token: str
    code: str | None = None
    display: str | None = None
    bin: str | None = None
    name_holder: str | None = None
    expiry_date: str | None = None
    expired: bool | None = None
    last4: str | None = None
    recurring_model: str | None = None
    model_extra: Mapping[str, Any] = extra_field()
