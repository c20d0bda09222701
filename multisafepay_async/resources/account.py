"""The merchant's own account: websites (`client.sites`) and closing balances
(`client.closing_balances`). They need the account's API key (MultiSafepay's "My account"
calls), not a website's."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Unpack

from ..errors import ValidationError
from ..models.merchant import ClosingBalance, Site, SiteDetails
from ._base import CallOptions, Operation, Resource
from ._ids import currency_code

__all__ = ["ClosingBalances", "Sites"]

GET_SITE = Operation("sites.get", "GET", "sites/{site_id}", Site, "getSite", key="account")
UPDATE_SITE = Operation(
    "sites.update",
    "PATCH",
    "sites/{site_id}",
    Site,
    "updateSite",
    key="account",
    request=SiteDetails,
)
LIST_CLOSING_BALANCES = Operation(
    "closing_balances.list",
    "GET",
    "closing-balances",
    tuple[ClosingBalance, ...],
    "listClosingBalances",
    key="account",
)


class Sites(Resource):
    """`client.sites`: the account's websites."""

    async def get(self, site_id: int | str, **options: Unpack[CallOptions]) -> Site:
        """`GET /sites/{site_id}`: a website's settings (its API key is not in the repr)."""
        return await self._send(GET_SITE, site_id, options=options)

    async def update(
        self,
        site_id: int | str,
        update: SiteDetails | Mapping[str, Any],
        **options: Unpack[CallOptions],
    ) -> Site:
        """`PATCH /sites/{site_id}`: change what `update` sets (name, url, notification_url,
        price_from/price_till in minor units, support contacts)."""
        return await self._send(UPDATE_SITE, site_id, body=update, options=options)


def _day(name: str, value: object) -> str:
    """A date (or a datetime's date) as the spec's `date` format, YYYY-MM-DD."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise ValidationError("closing balances", [f"$.{name}: a date or datetime, got {value!r}"])


class ClosingBalances(Resource):
    """`client.closing_balances`: the account's balance at the close of each day."""

    async def list(
        self,
        *,
        from_: date | datetime,
        until: date | datetime,
        currency: str | None = None,
        **options: Unpack[CallOptions],
    ) -> tuple[ClosingBalance, ...]:
        """`GET /closing-balances` from `from_` to `until` (dates; a datetime's date is
        used), in one currency if given."""
        params = {"from": _day("from_", from_), "until": _day("until", until)}
        if currency is not None:
            params["currency"] = currency_code("currency", currency)
        if params["from"] > params["until"]:
            raise ValidationError("closing balances", ["$: from_ is after until"])
        return await self._send(LIST_CLOSING_BALANCES, params=params, options=options)
