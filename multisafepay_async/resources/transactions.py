"""`client.transactions`: list with cursor pagination, and get one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import httpx

from ..errors import ValidationError
from ..models.transactions import Transaction, TransactionPage

if TYPE_CHECKING:
    from .._client import AsyncClient

__all__ = ["TransactionListing", "Transactions"]

When = datetime | date | int | str


class TransactionListing:
    """All transactions matching the filters, newest first, fetched a page at a time.

    `async for tx in listing` yields transactions across pages; `listing.pages()` yields
    whole `TransactionPage`s. Iteration stops on the empty page MultiSafepay answers after
    the last one (or when there is no next cursor).
    """

    def __init__(self, client: AsyncClient, params: dict[str, str], call: dict[str, Any]) -> None:
        self._client = client
        self._params = params
        self._call = call

    async def pages(self) -> AsyncIterator[TransactionPage]:
        params = dict(self._params)
        seen: set[str] = set()
        while True:
            page = await self._page(params)
            if not page.items:
                return
            yield page
            if not page.after or page.after in seen:  # a repeated cursor would loop forever
                return
            seen.add(page.after)
            params = {**self._params, "after": page.after}
            params.pop("before", None)

    async def __aiter__(self) -> AsyncIterator[Transaction]:
        async for page in self.pages():
            for transaction in page.items:
                yield transaction

    async def _page(self, params: dict[str, str]) -> TransactionPage:
        envelope = await self._client._request(
            "GET", "transactions", params=params, envelope=True, **self._call
        )
        cursor = (envelope.get("pager") or {}).get("cursor") or {}
        items = self._client._decode(
            envelope.get("data") or [], tuple[Transaction, ...], method="GET", path="/transactions"
        )
        return TransactionPage(items=items, after=cursor.get("after"), before=cursor.get("before"))


class Transactions:
    """Transactions for reconciliation: `list(**filters)` and `get(transaction_id)`."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    def list(
        self,
        *,
        site_id: int | None = None,
        created_from: When | None = None,
        created_until: When | None = None,
        completed_from: When | None = None,
        completed_until: When | None = None,
        status: str | None = None,
        financial_status: str | None = None,
        type: str | None = None,
        payment_method: str | None = None,
        currency: str | None = None,
        debit_credit: str | None = None,
        limit: int = 100,
        after: str | None = None,
        before: str | None = None,
        max_retries: int | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> TransactionListing:
        """`GET /transactions` with every documented filter; `*_from` is inclusive, `*_until`
        exclusive; dates take `datetime`, `date`, Unix seconds or a string. `limit` is the page
        size (1..1000). Validated now, before any request."""
        if type_ok := (isinstance(limit, int) and not isinstance(limit, bool)):
            type_ok = 1 <= limit <= 1000
        if not type_ok:
            raise ValidationError(
                "transactions filter", [f"$.limit: must be 1..1000, got {limit!r}"]
            )
        params: dict[str, str] = {"limit": str(limit)}
        for name, value in {
            "site_id": site_id,
            "status": status,
            "financial_status": financial_status,
            "type": type,
            "payment_method": payment_method,
            "currency": currency,
            "debit_credit": debit_credit,
            "after": after,
            "before": before,
        }.items():
            if value is not None:
                params[name] = str(value)
        for name, when in {
            "created_from": created_from,
            "created_until": created_until,
            "completed_from": completed_from,
            "completed_until": completed_until,
        }.items():
            if when is not None:
                params[name] = _when(name, when)
        call = {"max_retries": max_retries, "timeout": timeout}
        return TransactionListing(self._client, params, call)

    async def get(
        self,
        transaction_id: int | str,
        *,
        max_retries: int | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> Transaction:
        """`GET /transactions/{transaction_id}`."""
        text = str(transaction_id).strip()
        if isinstance(transaction_id, bool) or not text.isdigit():
            raise ValidationError("transaction_id", [f"$: expected digits, got {transaction_id!r}"])
        data = await self._client._request(
            "GET", "transactions", text, max_retries=max_retries, timeout=timeout
        )
        path = f"/transactions/{text}"
        return self._client._decode(data, Transaction, method="GET", path=path)


def _when(name: str, value: object) -> str:
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise ValidationError(
        "transactions filter", [f"$.{name}: expected a datetime, date, Unix time or string"]
    )
