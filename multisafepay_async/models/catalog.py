"""Read-only catalogue objects: gateways, issuers, categories, payment methods, account."""

from collections.abc import Mapping
from typing import Any

import attrs

from .common import extra_field

__all__ = [
    "AllowedAmount",
    "ApiToken",
    "Category",
    "Gateway",
    "Issuer",
    "Me",
    "PaymentMethodInfo",
]


@attrs.frozen(kw_only=True)
class Gateway:
    """An activated gateway (`GET /gateways`), e.g. `IDEAL`, `VISA`."""

    id: str
    description: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Issuer:
    """A bank of a gateway (`GET /issuers/{gateway}`), e.g. iDEAL's `0031` ABN AMRO."""

    code: str
    description: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Category:
    """A site category (`GET /categories`)."""

    code: int
    description: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class AllowedAmount:
    """Limits in minor units; `None` means no limit."""

    min: int | None = None
    max: int | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class PaymentMethodInfo:
    """An activated payment method (`GET /payment-methods`). Less common details (brands,
    icons, apps, tokenization) stay as the API sent them."""

    id: str
    name: str | None = None
    type: str | None = None
    allowed_amount: AllowedAmount | None = None
    allowed_countries: tuple[str, ...] = ()
    allowed_currencies: tuple[str, ...] = ()
    preferred_countries: tuple[str, ...] = ()
    required_customer_data: tuple[str, ...] = ()
    shopping_cart_required: bool | None = None
    icon_urls: dict[str, Any] | None = None
    brands: tuple[dict[str, Any], ...] = ()
    apps: dict[str, Any] | None = None
    tokenization: dict[str, Any] | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Me:
    """Whose key this is (`GET /me`)."""

    account_id: int | None = None
    site_id: int | None = None
    role: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class ApiToken:
    """A browser-side token for payment components (`GET /auth/api_token`), valid ~10 min.
    Never expose the API key itself to a browser."""

    api_token: str
    model_extra: Mapping[str, Any] = extra_field()
