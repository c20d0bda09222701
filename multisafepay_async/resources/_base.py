"""What every resource shares: the client, and one call that sends a request and decodes it.

Every public method takes the same keyword-only, typed per-call options (`max_retries`,
`timeout`) and hands them to `Resource._call` unchanged, so a typo fails type-checking and
there is one place where per-call options reach the request path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

if TYPE_CHECKING:
    from .._client import AsyncClient

__all__ = ["Query", "Resource", "Timeout"]

T = TypeVar("T")

#: A per-call timeout: seconds for every phase, an `httpx.Timeout`, or None for the client's.
Timeout = float | httpx.Timeout | None
#: Query parameters as sent: one value, or several (`payment_method=VISA&payment_method=AMEX`).
Query = Mapping[str, str | list[str]]


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
        )
        if not data and if_empty is not None:
            data = if_empty
        path = "/" + "/".join(segments)
        return self._client._decode(data, cls, method=method, path=path)
