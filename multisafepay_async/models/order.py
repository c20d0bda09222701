"""The order object: the body of `GET /orders/{order_id}` and of POST notifications (api-facts §4).

Decoding rules live in the converter (`multisafepay_async._convert`), not here. Units differ on
purpose, as they do in the API: `amount`-like fields are integers in minor units (cents);
`Cost.amount_major`, cart `unit_price` and tax `rate` are `Decimal` in major units /
fractions, and say so. Every field but `order_id` may be absent, `null` or `""` in a real
answer and is then `None` (an empty tuple for lists, 0 for `amount_refunded`).
"""

import warnings
from collections.abc import Mapping
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from .cart import CheckoutOptions, ShoppingCart
from .common import NO_UNPARSED_TIMESTAMPS, CustomInfo, extra_field
from .status import FinancialStatus, OrderStatus

__all__ = [
    "CardAuthenticationResult",
    "Cost",
    "CreatedOrder",
    "Customer",
    "Order",
    "OrderAdjustment",
    "PaymentDetails",
    "PaymentMethod",
    "RelatedTransaction",
    "TransactionCost",
]


@attrs.frozen(kw_only=True)
class Customer:
    """The customer as MultiSafepay stored it (responses use `phone1`/`phone2`)."""

    locale: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    address1: str | None = None
    address2: str | None = None
    house_number: str | None = None
    zip_code: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    country_name: str | None = None
    phone: str | None = None
    phone1: str | None = None
    phone2: str | None = None
    email: str | None = None
    cocnumber: str | None = None
    reference: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class CardAuthenticationResult:
    """3-D Secure outcome of a card payment."""

    status: str | None = None
    eci: str | None = None
    version: str | None = None
    cavv: str | None = None
    ds_transaction_id: str | None = None
    acs_transaction_id: str | None = None
    transaction_status_reason: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class PaymentDetails:
    """How the order was paid. Identifiers stay strings even when the API sends numbers."""

    type: str | None = None
    external_transaction_id: str | None = None
    account_holder_name: str | None = None
    account_id: str | None = None
    account_iban: str | None = None
    account_bic: str | None = None
    issuer_id: str | None = None
    card_expiry_date: str | None = None
    last4: str | None = None
    authorization_code: str | None = None
    response_code: str | None = None
    recurring_id: str | None = None
    recurring_model: str | None = None
    recurring_flow: str | None = None
    card_authentication_result: CardAuthenticationResult | None = None
    card_funding: str | None = None
    card_entry_mode: str | None = None
    scheme_reference_id: str | None = None
    mcc: str | None = None
    capture: str | None = None
    capture_expiry: datetime | None = None
    capture_remain: int | None = None
    #: Timestamps sent in a format this version cannot read, by field name, as sent; the
    #: field itself is then None. Empty when every timestamp parsed.
    unparsed_timestamps: Mapping[str, str] = NO_UNPARSED_TIMESTAMPS
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class PaymentMethod:
    """One method that paid (part of) the order, e.g. a gift card plus a card."""

    type: str | None = None
    status: FinancialStatus | None = None
    amount: int | None = None
    currency: str | None = None
    description: str | None = None
    payment_description: str | None = None
    external_transaction_id: str | None = None
    account_holder_name: str | None = None
    account_id: str | None = None
    account_iban: str | None = None
    account_bic: str | None = None
    card_expiry_date: str | None = None
    last4: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Cost:
    """A fee on the order. `amount_major` is a `Decimal` in **major** units (0.44 = 44
    cents), as MultiSafepay sends it here (JSON key `amount`); every other amount of this
    package, the fees of `/transactions` and related transactions included, is an `int` in
    minor units. `amount_minor` converts. None: the answer gave no amount."""

    transaction_id: int | None = None
    amount_major: Decimal | None = None
    description: str | None = None
    type: str | None = None
    status: str | None = None
    created: datetime | None = None
    #: Timestamps sent in a format this version cannot read, by field name, as sent; the
    #: field itself is then None. Empty when every timestamp parsed.
    unparsed_timestamps: Mapping[str, str] = NO_UNPARSED_TIMESTAMPS
    model_extra: Mapping[str, Any] = extra_field()

    @property
    def amount_minor(self) -> int | None:
        """`amount_major` in minor units (`Decimal("0.44")` -> 44), rounded half up to a whole
        cent; None when no amount was given."""
        if self.amount_major is None:
            return None
        return int((self.amount_major * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def amount(self) -> Decimal | None:
        """Deprecated: `amount_major` (the same value; the name now says its unit)."""
        warnings.warn(
            "Cost.amount is deprecated: use Cost.amount_major (a Decimal in major units) or"
            " Cost.amount_minor (an int in minor units, like every other amount)",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.amount_major


@attrs.frozen(kw_only=True)
class TransactionCost:
    """A fee on a related transaction: `amount` is an `int` in minor units (44 = 0.44), unlike
    the order's own `Cost.amount_major`."""

    amount: int | None = None
    currency: str | None = None
    description: str | None = None
    type: str | None = None
    status: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class RelatedTransaction:
    """A refund, capture or chargeback linked to the order."""

    transaction_id: int | None = None
    type: str | None = None
    status: str | None = None
    amount: int | None = None
    currency: str | None = None
    description: str | None = None
    created: datetime | None = None
    modified: datetime | None = None
    order_id: str | None = None
    reference_transaction_id: int | None = None
    refund_order_id: str | None = None
    costs: tuple[TransactionCost, ...] = ()
    #: Timestamps sent in a format this version cannot read, by field name, as sent; the
    #: field itself is then None. Empty when every timestamp parsed.
    unparsed_timestamps: Mapping[str, str] = NO_UNPARSED_TIMESTAMPS
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class OrderAdjustment:
    total_adjustment: Decimal | None = None
    total_tax: Decimal | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Order:
    """A MultiSafepay order with its current status.

    `status`/`financial_status` are `UNKNOWN` for values this version does not know; the exact
    strings MultiSafepay sent are in `raw_status`/`raw_financial_status`.

    Timestamps are read from ISO 8601 (with `T` or a space, with or without fraction) and from
    `dd-MM-yyyy HH:mm:ss`; without a zone they are naive, in MultiSafepay's local time
    (CET/CEST). One in any other format leaves its field None and its text in
    `unparsed_timestamps` rather than failing the whole order.

    Money is in minor units: `amount` (None only in an answer that does not carry it, such
    as some write answers; `orders.get` always does) and `amount_refunded` (0 when nothing
    was refunded). Fees are in `costs` (`Cost.amount_major`: major units, as sent).
    """

    order_id: str
    transaction_id: int | None = None
    status: OrderStatus = OrderStatus.UNKNOWN
    financial_status: FinancialStatus | None = None
    raw_status: str | None = None
    raw_financial_status: str | None = None
    amount: int | None = None
    amount_refunded: int = 0
    currency: str | None = None
    description: str | None = None
    created: datetime | None = None
    modified: datetime | None = None
    completed: datetime | None = None
    reason: str | None = None
    reason_code: str | None = None
    customer: Customer | None = None
    payment_details: PaymentDetails | None = None
    payment_methods: tuple[PaymentMethod, ...] = ()
    costs: tuple[Cost, ...] = ()
    related_transactions: tuple[RelatedTransaction, ...] = ()
    custom_info: CustomInfo | None = None
    var1: str | None = None
    var2: str | None = None
    var3: str | None = None
    items: str | None = None
    fastcheckout: str | None = None
    shopping_cart: ShoppingCart | None = None
    checkout_options: CheckoutOptions | None = None
    order_total: Decimal | None = None
    order_adjustment: OrderAdjustment | None = None
    payment_url: str | None = None
    #: Timestamps sent in a format this version cannot read, by field name, as sent; the
    #: field itself is then None. Empty when every timestamp parsed.
    unparsed_timestamps: Mapping[str, str] = NO_UNPARSED_TIMESTAMPS
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class CreatedOrder:
    """What `orders.create` returns.

    Redirect and payment-link orders carry `payment_url` (send the customer there) and
    `session_id`; direct orders also carry the full `order`. An order recovered by
    `reconcile=True` has `order` and no `payment_url`. `events_token`, `events_url` and
    `events_stream_url` are the order's event-stream credentials, when MultiSafepay sends them
    (`events_token` is a bearer token: keep it as secret as the order).
    """

    order_id: str
    payment_url: str | None = None
    session_id: str | None = None
    order: Order | None = None
    events_token: str | None = attrs.field(default=None, repr=False)
    events_url: str | None = None
    events_stream_url: str | None = None
    model_extra: Mapping[str, Any] = extra_field()
