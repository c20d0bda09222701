"""The HTTP backends: the only module that knows which HTTP library sends the bytes.

A backend sends one fully built request and returns the whole answer; it never retries,
never parses JSON and never raises anything but `TransportFailure`, which says whether the
request may have reached the server. That distinction is what lets the retry layer re-send
a POST only when it certainly never left this machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import attrs
import httpx

__all__ = ["Backend", "HttpxBackend", "RawResponse", "TransportFailure"]


@attrs.frozen
class RawResponse:
    status: int
    headers: Mapping[str, str]
    content: bytes


class TransportFailure(Exception):
    """No answer. `sent` is False only when the request certainly never left."""

    def __init__(self, message: str, *, sent: bool, timeout: bool) -> None:
        super().__init__(message)
        self.sent = sent
        self.timeout = timeout


class Backend(Protocol):
    async def send(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        params: Mapping[str, str],
        content: bytes | None,
        timeout: httpx.Timeout,
    ) -> RawResponse: ...

    async def aclose(self) -> None: ...


# Failures raised before a single byte of the request was written.
_NOT_SENT: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
)


class HttpxBackend:
    """Sends through one pooled `httpx.AsyncClient` (ours, or one the user owns)."""

    def __init__(self, client: httpx.AsyncClient, *, owned: bool) -> None:
        self._client = client
        self._owned = owned

    async def send(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        params: Mapping[str, str],
        content: bytes | None,
        timeout: httpx.Timeout,
    ) -> RawResponse:
        try:
            response = await self._client.request(
                method, url, headers=headers, params=params, content=content, timeout=timeout
            )
        except httpx.TransportError as exc:
            raise TransportFailure(
                _describe(exc),
                sent=not isinstance(exc, _NOT_SENT),
                timeout=isinstance(exc, httpx.TimeoutException),
            ) from None
        return RawResponse(response.status_code, response.headers, response.content)

    async def aclose(self) -> None:
        if self._owned:
            await self._client.aclose()


def _describe(exc: Exception) -> str:
    # httpx messages never contain the URL, so the API key cannot leak through them.
    text = str(exc).strip()
    name = type(exc).__name__
    return f"{name}: {text}" if text else name
