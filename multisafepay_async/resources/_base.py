"""What every resource shares: the client, and one call that sends a request and decodes it.

Every public method takes the same keyword-only, typed per-call options: `max_retries`,
`timeout`, and the `CallExtras` (`extra_headers`, `extra_query`, `extra_body`, `deadline`),
and hands them to `Resource._call` unchanged, so a typo fails type-checking (and, for the
extras, is refused at run time by `check_extras`) and there is one place where per-call
options reach the request path.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

import httpx

from .._config import API_KEY_PARAM
from ..errors import ValidationError

if TYPE_CHECKING:
    from .._client import AsyncClient

__all__ = ["CallExtras", "Query", "Resource", "Timeout", "check_extras", "for_lookup", "remaining"]

T = TypeVar("T")

#: A per-call timeout: seconds for every phase, an `httpx.Timeout`, or None for the client's.
Timeout = float | httpx.Timeout | None
#: Query parameters as sent: one value, or several (`payment_method=VISA&payment_method=AMEX`).
Query = Mapping[str, str | list[str]]


class CallExtras(TypedDict, total=False):
    """Per-call extras every API method takes (keyword arguments)."""

    #: Headers to add to this call's request (the API key's header is not one of them).
    extra_headers: Mapping[str, str]
    #: Query parameters to add (a filter this version does not offer yet).
    extra_query: Mapping[str, str]
    #: Top-level JSON fields to add to the body of a call that sends one.
    extra_body: Mapping[str, Any]
    #: Seconds the whole call may take, retries and backoff included.
    deadline: float


_EXTRAS = frozenset(CallExtras.__annotations__)


def check_extras(extras: Mapping[str, Any], method: str) -> None:
    """Refuse, before any request, an extra no method takes (a typo) or a bad value."""
    unknown = sorted(set(extras) - _EXTRAS)
    if unknown:
        raise TypeError(f"{method}() got an unexpected keyword argument {unknown[0]!r}")
    problems = []
    for name in ("extra_headers", "extra_query", "extra_body"):
        value = extras.get(name)
        if value is None:
            continue
        if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
            problems.append(f"{name}: expected a mapping with string keys, got {value!r}")
        elif name != "extra_body" and not all(isinstance(v, str) for v in value.values()):
            problems.append(f"{name}: values must be strings")
        elif name != "extra_body" and any(k.lower() == API_KEY_PARAM for k in value):
            problems.append(f"{name}: the API key goes in with_options(api_key=...)")
    deadline = extras.get("deadline")
    if deadline is not None and (
        not isinstance(deadline, (int, float)) or isinstance(deadline, bool) or deadline <= 0
    ):
        problems.append(f"deadline: expected seconds > 0, got {deadline!r}")
    if problems:
        raise ValidationError("call options", problems)


def remaining(extras: CallExtras, started: float) -> CallExtras:
    """`extras` for the next call of a method that sends two (a lookup, then the change):
    its `deadline` is what is left of the method's since `started` (the loop's clock)."""
    deadline = extras.get("deadline")
    if deadline is None:
        return extras
    spent = asyncio.get_running_loop().time() - started
    return {**extras, "deadline": max(deadline - spent, 1e-3)}


def for_lookup(extras: CallExtras) -> CallExtras:
    """`extras` for a lookup a method makes first: a GET takes no `extra_body`."""
    return {k: v for k, v in extras.items() if k != "extra_body"}  # type: ignore[return-value]


class Resource:
    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def _call(
        self,
        cls: type[T],
        method: str,
        *segments: str,
        params: Query | None = None,
        body: Mapping[str, Any] | None = None,
        order_id: str | None = None,
        max_retries: int | None,
        timeout: Timeout,
        extras: CallExtras,
        if_empty: Any = None,
    ) -> T:
        """Send one call and decode its `data` into `cls`; `if_empty` (when given) stands in
        for a `data` that is missing, null or empty (`[]` is how PHP writes `{}`)."""
        data = await self._client._request(
            method,
            *segments,
            params=params,
            body=body,
            order_id=order_id,
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
        )
        if not data and if_empty is not None:
            data = if_empty
        path = "/" + "/".join(segments)
        return self._client._decode(data, cls, method=method, path=path)
