"""`client.transactions`: list with cursor pagination, and get one."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime
from typing import Unpack

import attrs

from ..errors import ValidationError
from ..models.transactions import Transaction, TransactionPage
from ._base import CallExtras, CallOptions, Operation, Resource, Timeout, split_options
from ._ids import currency_code

__all__ = ["TransactionListing", "Transactions"]

When = datetime | date | int | str


class TransactionListing:
    """All transactions matching the filters, newest first, fetched a page at a time.

    `async for tx in listing` yields transactions across pages; `listing.pages()` yields
    whole `TransactionPage`s. Iteration stops on the empty page MultiSafepay answers after
    the last one (or when there is no next cursor).
    """

    def __init__(
        self,
        resource: Resource,
        params: dict[str, str | list[str]],
        *,
        max_retries: int | None,
        timeout: Timeout,
        extras: CallExtras,
    ) -> None:
        self._resource = resource
        self._params = params
        self._max_retries = max_retries
        self._timeout = timeout
        self._extras = extras

    async def pages(self) -> AsyncIterator[TransactionPage]:
        params = self._params
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

    async def _page(self, params: dict[str, str | list[str]]) -> TransactionPage:
        client = self._resource._client
        envelope = await client._request(
            LIST.method,
            *LIST.segments(()),
            params=params,
            envelope=True,
            max_retries=self._max_retries,
            timeout=self._timeout,
            extras=self._extras,
        )
        pager = client._decode(
            {"pager": envelope.get("pager")}, _Paged, method="GET", path="/transactions"
        ).pager
        cursor = pager.cursor if pager is not None and pager.cursor is not None else _Cursor()
        items = client._decode(
            envelope.get("data") or [], tuple[Transaction, ...], method="GET", path="/transactions"
        )
        return TransactionPage(items=items, after=cursor.after, before=cursor.before)


# The envelope's `pager`, decoded like any answer: a cursor of the wrong shape is a
# ResponseDecodeError naming it, not an AttributeError.
@attrs.frozen
class _Cursor:
    after: str | None = None
    before: str | None = None


@attrs.frozen
class _Pager:
    cursor: _Cursor | None = None


@attrs.frozen
class _Paged:
    pager: _Pager | None = None


# The enums of the spec's `GET /transactions` parameters (paths/listtransactions.yaml).
STATUS_FILTERS = frozenset(
    [
        "cancelled",
        "chargeback",
        "completed",
        "declined",
        "expired",
        "initialized",
        "partial_refunded",
        "refunded",
        "reserved",
        "shipped",
        "uncleared",
        "void",
    ]
)
FINANCIAL_STATUS_FILTERS = frozenset(
    [
        "completed",
        "created",
        "declined",
        "error",
        "expired",
        "initialized",
        "manual",
        "new",
        "refunded",
        "reserved",
        "uncleared",
        "void",
    ]
)
TYPE_FILTERS = frozenset(
    [
        "admin_fee",
        "affiliate_payout",
        "automatic_payout",
        "chargeback",
        "coupon",
        "currency_conversion",
        "deposit",
        "fastcheckout",
        "monthly_fee",
        "payment",
        "refund",
        "reserve_chargeback",
        "signup_fee",
    ]
)


# Pages are fetched by `TransactionListing`: `data` is the page's transactions, its cursor is
# the answer's `pager`, beside `data`.
LIST = Operation(
    "transactions.list", "GET", "transactions", tuple[Transaction, ...], "listTransactions"
)
GET = Operation(
    "transactions.get", "GET", "transactions/{transaction_id}", Transaction, "getTransaction"
)


class Transactions(Resource):
    """Transactions for reconciliation: `list(**filters)` and `get(transaction_id)`."""

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
        payment_method: str | Sequence[str] | None = None,
        currency: str | None = None,
        limit: int = 100,
        after: str | None = None,
        before: str | None = None,
        **options: Unpack[CallOptions],
    ) -> TransactionListing:
        """`GET /transactions`, newest first, fetched a page at a time.

        Every filter is a query parameter of the spec's `listTransactions` operation, and is
        validated now, before any request: `status`, `financial_status` and `type` take the
        spec's enum values; `payment_method` one gateway id or several (`["VISA", "AMEX"]`);
        `*_from` is inclusive and `*_until` exclusive, each a `datetime`, `date`, Unix seconds
        or a string (MultiSafepay reads them as CET/CEST); `limit` is the page size (1..1000);
        `after`/`before` are cursors from a previous page. The SDKs' `debit_credit` is not in
        the spec nor in MultiSafepay's docs, so it is not offered.
        """
        problems = []
        if type_ok := (isinstance(limit, int) and not isinstance(limit, bool)):
            type_ok = 1 <= limit <= 1000
        if not type_ok:
            problems.append(f"$.limit: must be 1..1000, got {limit!r}")
        params: dict[str, str | list[str]] = {"limit": str(limit)}
        for name, value, allowed in (
            ("status", status, STATUS_FILTERS),
            ("financial_status", financial_status, FINANCIAL_STATUS_FILTERS),
            ("type", type, TYPE_FILTERS),
        ):
            if value is not None and value not in allowed:
                problems.append(f"$.{name}: must be one of {', '.join(sorted(allowed))}")
            elif value is not None:
                params[name] = value
        if site_id is not None:
            if builtins.type(site_id) is not int or site_id < 1:
                problems.append(f"$.site_id: expected a positive integer, got {site_id!r}")
            params["site_id"] = str(site_id)
        methods = [payment_method] if isinstance(payment_method, str) else payment_method
        if methods is not None:
            if not methods or not all(isinstance(m, str) and m.strip() for m in methods):
                problems.append(f"$.payment_method: expected gateway ids, got {payment_method!r}")
            params["payment_method"] = list(methods)
        if currency is not None:
            try:
                params["currency"] = currency_code("currency", currency)
            except ValidationError as exc:
                problems += [f"$.currency{line[1:]}" for line in exc.errors]
        for name, text in (("after", after), ("before", before)):
            if text is not None:
                if not isinstance(text, str) or not text.strip():
                    problems.append(f"$.{name}: expected a non-empty string, got {text!r}")
                params[name] = str(text)
        for name, when in (
            ("created_from", created_from),
            ("created_until", created_until),
            ("completed_from", completed_from),
            ("completed_until", completed_until),
        ):
            if when is not None:
                try:
                    params[name] = _when(when)
                except ValueError:
                    problems.append(
                        f"$.{name}: expected a datetime, date, Unix time or string, got {when!r}"
                    )
        if problems:
            raise ValidationError("transactions filter", problems)
        max_retries, timeout, extras = split_options(options, LIST.name)
        return TransactionListing(
            self, params, max_retries=max_retries, timeout=timeout, extras=extras
        )

    async def get(self, transaction_id: int | str, **options: Unpack[CallOptions]) -> Transaction:
        """`GET /transactions/{transaction_id}`."""
        text = str(transaction_id).strip()
        if isinstance(transaction_id, bool) or not text.isdigit():
            raise ValidationError("transaction_id", [f"$: expected digits, got {transaction_id!r}"])
        return await self._send(GET, text, options=options)


def _when(value: object) -> str:
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise ValueError(value)
