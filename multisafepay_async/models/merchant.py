"""A merchant's own account objects: websites (sites), closing balances, Pay After Delivery
holds, and the files that challenge a chargeback.

Money is an integer in minor units, as everywhere (`price_till=100000` is 1,000.00 EUR).
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

import attrs

from ..errors import ValidationError
from ._files import FILE_TYPES, file_problems
from .common import extra_field
from .requests import _text, _whole

_MINOR = "an integer in minor units"

__all__ = [
    "ChargebackFile",
    "ClosingBalance",
    "PadExtension",
    "PadHold",
    "Site",
    "SiteDetails",
]


@attrs.frozen(kw_only=True)
class Site:
    """A website of the account (`GET /sites/{site_id}`); its `api_key` is not in the repr."""

    id: int | None = None
    account_id: int | None = None
    name: str | None = None
    url: str | None = None
    notification_url: str | None = None
    price_from: int | None = None
    price_till: int | None = None
    support_email: str | None = None
    support_phone: str | None = None
    api_key: str | None = attrs.field(default=None, repr=False)
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class SiteDetails:
    """A website's settings to set: `sites.update` sends what is set; `affiliates.create_site`
    requires `name` and `url`."""

    name: str | None = attrs.field(default=None, validator=_text(min_len=1, max_len=200))
    url: str | None = attrs.field(default=None, validator=_text(min_len=1, max_len=2000))
    notification_url: str | None = attrs.field(default=None, validator=_text(max_len=2000))
    price_from: int | None = attrs.field(default=None, validator=_whole(low=0, what=_MINOR))
    price_till: int | None = attrs.field(default=None, validator=_whole(low=0, what=_MINOR))
    support_email: str | None = attrs.field(default=None, validator=_text(max_len=254))
    support_phone: str | None = attrs.field(default=None, validator=_text(max_len=50))


@attrs.frozen(kw_only=True)
class ClosingBalance:
    """One day's closing balance of the account (`GET /closing-balances`); its amounts are in
    minor units, 0 when the answer leaves them out."""

    account_id: int | None = None
    currency: str | None = None
    amount: int = 0
    amount_uncleared: int = 0
    payout_amount: int = 0
    payout_transaction_id: int | None = None
    closing_date: datetime | None = None
    status: str | None = None
    iban: str | None = None
    bic: str | None = None
    model_extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class PadHold:
    """`POST /pad/orders/{id}/onhold`: pause collection for `duration` seconds (at least 60;
    MultiSafepay's default when left out is 10 days)."""

    duration: int | None = attrs.field(default=None, validator=_whole(low=60))


@attrs.frozen(kw_only=True)
class PadExtension:
    """`POST /pad/orders/{id}/autoexpire`: extend the order's expiry by `days`."""

    days: int | None = attrs.field(default=None, validator=_whole(low=1, high=365))


@attrs.frozen(kw_only=True)
class ChargebackFile:
    """A document that challenges a chargeback (`POST /orders/{id}/files`): `base64` is the
    file's content, checked to be a `type` file of at most 10 MiB before it is sent."""

    type: Literal["PDF", "JPEG", "PNG"]
    base64: str = attrs.field(repr=False)
    name: str = attrs.field(validator=_text(min_len=1, max_len=250))
    description: str = attrs.field(validator=_text(min_len=1, max_len=1000))

    def __attrs_post_init__(self) -> None:
        if self.type not in FILE_TYPES:  # a model built directly skips the converter's check
            raise ValidationError("chargeback file", [f"$.type: one of {FILE_TYPES}"])
        problems = file_problems("base64", self.base64, self.type)
        if problems:
            raise ValidationError("chargeback file", problems)
