"""Request bodies for `POST /orders` (api-facts §3.1-3.3).

Build them directly, or pass `orders.create` a mapping in the API's JSON shape: the mapping is
structured into these classes, so typos, wrong types and out-of-range values fail with
`ValidationError` before anything is sent. Fields left as `None` are not sent.
"""

from typing import Annotated, Any, Literal

import attrs

from ..errors import ValidationError
from .cart import CheckoutOptions, ShoppingCart
from .common import CustomInfo

__all__ = [
    "CustomerDetails",
    "Delivery",
    "GatewayInfo",
    "OrderRequest",
    "OrderType",
    "PaymentOptions",
    "Plugin",
    "Recurring",
    "SecondChance",
]

OrderType = Literal["redirect", "direct", "paymentlink", "checkout"]
RecurringModel = Literal["cardOnFile", "subscription", "unscheduled"]


class _IdMarker:
    """Marks a field as an identifier: requests take it only as a string (see `Id`)."""

    def __repr__(self) -> str:
        return "ID"


ID = _IdMarker()
#: An identifier in a request (your order id, a recurring id): a string, never coerced, since
#: `order_id=123` may be your "00123" with its zeros lost before it reached us.
Id = Annotated[str, ID]


def _fail(field: "attrs.Attribute[Any]", problem: str) -> ValidationError:
    return ValidationError("order request", [f"$.{field.name}: {problem}"])


def _text(*, min_len: int = 0, max_len: int) -> Any:
    def check(_: object, field: "attrs.Attribute[Any]", value: str | None) -> None:
        if value is None:
            return
        if not isinstance(value, str):
            raise _fail(field, f"must be a string, got {type(value).__name__}")
        if not min_len <= len(value) <= max_len:
            raise _fail(field, f"must be {min_len} to {max_len} characters, got {len(value)}")

    return check


def _whole(*, low: int, high: int | None = None, what: str = "an integer") -> Any:
    def check(_: object, field: "attrs.Attribute[Any]", value: int | None) -> None:
        if value is None:
            return
        # bool is an int subclass, and a float here is almost always a major-unit mistake
        # (10.00 meaning ten euros would charge ten cents), so both are refused outright.
        if type(value) is not int:
            raise _fail(field, f"must be {what}, got {type(value).__name__} {value!r}")
        if value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f">= {low}"
            raise _fail(field, f"must be {bound}, got {value}")

    return check


def _minor_units_text(value: int | str | None) -> str | None:
    return str(value) if type(value) is int and value >= 0 else value  # type: ignore[return-value]


def _minor_units(_: object, field: "attrs.Attribute[Any]", value: str | None) -> None:
    if value is None or (isinstance(value, str) and value.isascii() and value.isdigit()):
        return
    raise _fail(field, f"must be a whole number of minor units, got {value!r}")


def _currency(_: object, field: "attrs.Attribute[Any]", value: str) -> None:
    if not (isinstance(value, str) and len(value) == 3 and value.isascii() and value.isalpha()):
        raise _fail(field, f"must be a 3-letter ISO 4217 code such as 'EUR', got {value!r}")


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


@attrs.frozen(kw_only=True)
class PaymentOptions:
    """Where MultiSafepay sends the customer and the notifications.

    Set `notification_method="POST"` to receive signed notifications: the API's legacy
    default is an unsigned GET.
    """

    notification_url: str | None = attrs.field(default=None, validator=_text(max_len=150))
    notification_method: Literal["POST", "GET"] | None = None
    redirect_url: str | None = None
    cancel_url: str | None = None
    close_window: bool | None = None
    template_id: str | None = None
    #: A payment page template (version, settings, header, body ...); overrides template_id.
    template: dict[str, Any] | None = None
    #: FastCheckout: the countries a shipping address may be in (ISO 3166-1 alpha-2).
    allowed_countries: tuple[str, ...] | None = None
    settings: dict[str, Any] | None = None


@attrs.frozen(kw_only=True)
class CustomerDetails:
    """The paying customer. BNPL and most direct methods require it; `reference` is required
    for recurring payments."""

    locale: str | None = None
    ip_address: str | None = None
    forwarded_ip: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    gender: str | None = None
    birthday: str | None = None  # YYYY-MM-DD
    address1: str | None = None
    address2: str | None = None
    house_number: str | None = None
    zip_code: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    phone: str | None = None
    email: str | None = None
    reference: str | None = None
    referrer: str | None = None
    user_agent: str | None = None
    disable_send_email: bool | None = None
    browser: dict[str, Any] | None = None


@attrs.frozen(kw_only=True)
class Delivery:
    """Shipping address (required for BNPL methods)."""

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
    phone: str | None = None
    email: str | None = None


@attrs.frozen(kw_only=True)
class Plugin:
    """Identifies the integration to MultiSafepay support."""

    shop: str | None = None
    shop_version: str | None = None
    plugin_version: str | None = None
    partner: str | None = None
    shop_root_url: str | None = None


@attrs.frozen(kw_only=True)
class SecondChance:
    """Reminder e-mails for unpaid orders; sources disagree on the key, so both exist."""

    send_mail: bool | None = None
    send_email: bool | None = None


@attrs.frozen(kw_only=True)
class GatewayInfo:
    """Method-specific details of direct orders: iDEAL `issuer_id`; cards (`card_number`,
    `card_holder_name`, `card_expiry_date` YYMM, `card_cvc`, `flexible_3d`, `moto`,
    `term_url`); wallets (`payment_token`); QR (`qr_enabled`, `qr_size`); SEPA direct debit
    (`account_id`, `account_holder_name`, `account_holder_iban`, `emandate`); BNPL
    (`birthday`, `gender`, `phone`, `email`, `bank_account`); iDEAL QR (`qr_size`,
    `allow_multiple`, `allow_change_amount`, `min_amount`, `max_amount` in minor units)."""

    issuer_id: str | None = None
    card_number: str | None = None
    card_holder_name: str | None = None
    card_expiry_date: str | None = None  # YYMM (an integer is sent as its digits)
    card_cvc: str | None = None
    flexible_3d: bool | None = None
    moto: bool | None = None
    term_url: str | None = None
    payment_token: str | None = None
    qr_enabled: bool | None = None
    qr_size: int | None = None
    allow_multiple: bool | None = None
    allow_change_amount: bool | None = None
    # Minor units. The spec types these as text ("500"), MultiSafepay's older docs as
    # numbers: given either way, they are sent as the spec has them, text of digits.
    min_amount: str | None = attrs.field(
        default=None, converter=_minor_units_text, validator=_minor_units
    )
    max_amount: str | None = attrs.field(
        default=None, converter=_minor_units_text, validator=_minor_units
    )
    account_id: str | None = None
    account_holder_name: str | None = None
    account_holder_iban: str | None = None
    emandate: str | None = None
    birthday: str | None = None
    gender: str | None = None
    phone: str | None = None
    email: str | None = None
    bank_account: str | None = None


@attrs.frozen(kw_only=True)
class Recurring:
    """Recurring payments: the `model`, and for a subsequent payment the `id` of the first."""

    model: RecurringModel | None = None
    id: Id | None = None


@attrs.frozen(kw_only=True)
class OrderRequest:
    """The body of `POST /orders`.

    `amount` is an integer in minor units (1000 = 10.00 EUR; 10 JPY = 10) and 0 only for
    zero-authorisation; `order_id` is your own unique id (at most 50 characters).
    """

    order_id: Id = attrs.field(validator=_text(min_len=1, max_len=50))
    currency: str = attrs.field(converter=_upper, validator=_currency)
    amount: int = attrs.field(validator=_whole(low=0, what="an integer in minor units (cents)"))
    description: str = attrs.field(validator=_text(min_len=1, max_len=200))
    type: OrderType = "redirect"
    gateway: str | None = None
    payment_options: PaymentOptions | None = None
    customer: CustomerDetails | None = None
    delivery: Delivery | None = None
    shopping_cart: ShoppingCart | None = None
    checkout_options: CheckoutOptions | None = None
    items: str | None = None
    gateway_info: GatewayInfo | None = None
    payment_data: dict[str, Any] | None = None
    recurring_model: RecurringModel | None = None
    recurring_id: Id | None = None
    recurring: Recurring | None = None
    capture: Literal["manual"] | None = None
    days_active: int | None = attrs.field(default=None, validator=_whole(low=1, high=365))
    seconds_active: int | None = attrs.field(default=None, validator=_whole(low=1, high=31_536_000))
    var1: str | None = attrs.field(default=None, validator=_text(max_len=500))
    var2: str | None = attrs.field(default=None, validator=_text(max_len=500))
    var3: str | None = attrs.field(default=None, validator=_text(max_len=500))
    custom_info: CustomInfo | None = None
    plugin: Plugin | None = None
    second_chance: SecondChance | None = None
    google_analytics: dict[str, Any] | None = None
    affiliate: dict[str, Any] | None = None
    #: PayPal: your invoice id, shown in PayPal's messages (at most 50 characters).
    invoice: str | None = attrs.field(default=None, validator=_text(max_len=50))
    #: Documented in the spec's request schema (it is what card-direct answers carry).
    customer_verification: dict[str, Any] | None = None
