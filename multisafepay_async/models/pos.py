"""Point of sale: terminals and receipts; Apple Pay merchant sessions."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

import attrs

from .common import NO_UNPARSED_TIMESTAMPS, extra_field

__all__ = ["ApplePaySession", "Receipt", "ReceiptMerchant", "Terminal", "TerminalRequest"]


@attrs.frozen(kw_only=True)
class Terminal:
    """A POS terminal (`GET /terminals`)."""

    id: str
    provider: str | None = None
    name: str | None = None
    group_id: int | None = None
    manufacturer_id: str | None = None
    serial_number: str | None = None
    active: bool | None = None
    country: str | None = None
    created: datetime | None = None
    last_updated: datetime | None = None
    #: Timestamps sent in a format this version cannot read, by field name, as sent; the
    #: field itself is then None. Empty when every timestamp parsed.
    unparsed_timestamps: Mapping[str, str] = NO_UNPARSED_TIMESTAMPS
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class TerminalRequest:
    """`POST /terminals`: register a terminal in a terminal group (the official SDK creates
    `CTAP` terminals only; others are provisioned by MultiSafepay)."""

    group_id: int
    provider: Literal["CTAP"] = "CTAP"
    name: str | None = None


@attrs.frozen(kw_only=True)
class ReceiptMerchant:
    name: str | None = None
    address: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Receipt:
    """A POS receipt (`GET /pos/receipt/{order_id}`); the order part stays as sent."""

    merchant: ReceiptMerchant | None = None
    order: dict[str, Any] | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class ApplePaySession:
    """The merchant session to hand to Apple Pay JS (`completeMerchantValidation`)."""

    session: str
    model_extra: Mapping[str, Any] = extra_field()
