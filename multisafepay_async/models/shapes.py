"""TypedDicts of the JSON bodies `orders.create`, `refund`, `update` and `capture` take.

Annotate a body with one (`order: OrderRequestDict = {...}`) and mypy reports a float amount
or a misspelt key before anything runs. Generated from the attrs request models, which stay
the fully validated path (`python -m tests.shapes_gen --write`; do not edit by hand).
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal, Required, TypedDict

__all__ = [
    "CaptureRequestDict",
    "CartItemDict",
    "CheckoutOptionsDict",
    "CustomInfoDict",
    "CustomerDetailsDict",
    "DefaultTaxRateDict",
    "DeliveryDict",
    "GatewayInfoDict",
    "OrderRequestDict",
    "OrderUpdateDict",
    "PaymentOptionsDict",
    "PluginDict",
    "RecurringDict",
    "RefundRequestDict",
    "SecondChanceDict",
    "ShoppingCartDict",
    "TaxRuleDict",
    "TaxTableDict",
    "TaxTablesDict",
    "WeightDict",
]


class PaymentOptionsDict(TypedDict, total=False):
    """The JSON shape of `PaymentOptions`."""

    notification_url: str | None
    notification_method: Literal["POST", "GET"] | None
    redirect_url: str | None
    cancel_url: str | None
    close_window: bool | None
    template_id: str | None
    template: dict[str, Any] | None
    allowed_countries: Sequence[str] | None
    settings: dict[str, Any] | None


class CustomerDetailsDict(TypedDict, total=False):
    """The JSON shape of `CustomerDetails`."""

    locale: str | None
    ip_address: str | None
    forwarded_ip: str | None
    first_name: str | None
    last_name: str | None
    company_name: str | None
    gender: str | None
    birthday: str | None
    address1: str | None
    address2: str | None
    house_number: str | None
    zip_code: str | None
    city: str | None
    state: str | None
    country: str | None
    phone: str | None
    email: str | None
    reference: str | None
    referrer: str | None
    user_agent: str | None
    disable_send_email: bool | None
    browser: dict[str, Any] | None


class DeliveryDict(TypedDict, total=False):
    """The JSON shape of `Delivery`."""

    first_name: str | None
    last_name: str | None
    company_name: str | None
    address1: str | None
    address2: str | None
    house_number: str | None
    zip_code: str | None
    city: str | None
    state: str | None
    country: str | None
    phone: str | None
    email: str | None


class WeightDict(TypedDict, total=False):
    """The JSON shape of `Weight`."""

    unit: str | None
    value: Decimal | float | None


class CartItemDict(TypedDict, total=False):
    """The JSON shape of `CartItem`."""

    name: str | None
    description: str | None
    unit_price: Decimal | float | None
    quantity: int | None
    merchant_item_id: str | None
    tax_table_selector: str | None
    currency: str | None
    weight: WeightDict | None


class ShoppingCartDict(TypedDict, total=False):
    """The JSON shape of `ShoppingCart`."""

    items: Sequence[CartItemDict]


class DefaultTaxRateDict(TypedDict, total=False):
    """The JSON shape of `DefaultTaxRate`."""

    rate: Decimal | float | None
    shipping_taxed: bool | None


class TaxRuleDict(TypedDict, total=False):
    """The JSON shape of `TaxRule`."""

    rate: Decimal | float | None
    country: str | None


class TaxTableDict(TypedDict, total=False):
    """The JSON shape of `TaxTable`."""

    name: str | None
    standalone: bool | None
    rules: Sequence[TaxRuleDict]


class TaxTablesDict(TypedDict, total=False):
    """The JSON shape of `TaxTables`."""

    default: DefaultTaxRateDict | None
    alternate: Sequence[TaxTableDict]


class CheckoutOptionsDict(TypedDict, total=False):
    """The JSON shape of `CheckoutOptions`."""

    validate_cart: bool | None
    tax_tables: TaxTablesDict | None
    default: DefaultTaxRateDict | None
    alternate: Sequence[TaxTableDict]


class GatewayInfoDict(TypedDict, total=False):
    """The JSON shape of `GatewayInfo`."""

    issuer_id: str | None
    card_number: str | None
    card_holder_name: str | None
    card_expiry_date: str | None
    card_cvc: str | None
    flexible_3d: bool | None
    moto: bool | None
    term_url: str | None
    payment_token: str | None
    qr_enabled: bool | None
    qr_size: int | None
    allow_multiple: bool | None
    allow_change_amount: bool | None
    min_amount: str | None
    max_amount: str | None
    account_id: str | None
    account_holder_name: str | None
    account_holder_iban: str | None
    emandate: str | None
    birthday: str | None
    gender: str | None
    phone: str | None
    email: str | None
    bank_account: str | None


class RecurringDict(TypedDict, total=False):
    """The JSON shape of `Recurring`."""

    model: Literal["cardOnFile", "subscription", "unscheduled"] | None
    id: str | None


class CustomInfoDict(TypedDict, total=False):
    """The JSON shape of `CustomInfo`."""

    custom_1: str | None
    custom_2: str | None
    custom_3: str | None


class PluginDict(TypedDict, total=False):
    """The JSON shape of `Plugin`."""

    shop: str | None
    shop_version: str | None
    plugin_version: str | None
    partner: str | None
    shop_root_url: str | None


class SecondChanceDict(TypedDict, total=False):
    """The JSON shape of `SecondChance`."""

    send_mail: bool | None
    send_email: bool | None


class OrderRequestDict(TypedDict, total=False):
    """The JSON shape of `OrderRequest`, as `orders.create` takes it."""

    order_id: Required[str]
    currency: Required[str]
    amount: Required[int]
    description: Required[str]
    type: Literal["redirect", "direct", "paymentlink", "checkout"]
    gateway: str | None
    payment_options: PaymentOptionsDict | None
    customer: CustomerDetailsDict | None
    delivery: DeliveryDict | None
    shopping_cart: ShoppingCartDict | None
    checkout_options: CheckoutOptionsDict | None
    items: str | None
    gateway_info: GatewayInfoDict | None
    payment_data: dict[str, Any] | None
    recurring_model: Literal["cardOnFile", "subscription", "unscheduled"] | None
    recurring_id: str | None
    recurring: RecurringDict | None
    capture: Literal["manual"] | None
    days_active: int | None
    seconds_active: int | None
    var1: str | None
    var2: str | None
    var3: str | None
    custom_info: CustomInfoDict | None
    plugin: PluginDict | None
    second_chance: SecondChanceDict | None
    google_analytics: dict[str, Any] | None
    affiliate: dict[str, Any] | None
    invoice: str | None
    customer_verification: dict[str, Any] | None


class RefundRequestDict(TypedDict, total=False):
    """The JSON shape of `RefundRequest`, as `orders.refund` takes it."""

    currency: str | None
    amount: int | None
    description: str | None
    refund_order_id: str | None
    var1: str | None
    var2: str | None
    var3: str | None
    checkout_data: dict[str, Any] | None


class OrderUpdateDict(TypedDict, total=False):
    """The JSON shape of `OrderUpdate`, as `orders.update` takes it."""

    status: Literal["shipped", "cancelled", "completed"] | None
    tracktrace_code: str | None
    tracktrace_url: str | None
    carrier: str | None
    ship_date: str | None
    reason: str | None
    invoice_id: str | None
    invoice_url: str | None
    po_number: str | None
    exclude_order: bool | None
    amount: int | None
    extend_expiration: bool | None
    new_order_id: str | None


class CaptureRequestDict(TypedDict, total=False):
    """The JSON shape of `CaptureRequest`, as `orders.capture` takes it."""

    amount: Required[int]
    new_order_status: Literal["completed"]
    new_order_id: str | None
    invoice_id: str | None
    tracktrace_code: str | None
    carrier: str | None
    reason: str | None
    description: str | None
