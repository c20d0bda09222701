"""The HTTP backends: the only module that knows which HTTP library sends the bytes.

A backend sends one fully built request (the URL already carries its encoded query) and
returns the whole answer; it never retries, never parses JSON and never raises anything but
`TransportFailure`, which says whether the request may have reached the server. That
distinction is what lets the retry layer re-send a POST only when it certainly never left
this machine, so each backend classifies its own library's exceptions here, by type, never
by trusting another layer's mapping (httpx-aiohttp, for one, turns aiohttp's
`ServerDisconnectedError` into `httpx.ConnectTimeout`, which would re-send a POST that
arrived).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Mapping
from typing import Protocol

import attrs
import httpcore
import httpx

from ._httpx_pool import SlotPool
from ._redact import redact

__all__ = [
    "Backend",
    "HttpxBackend",
    "RawResponse",
    "SlotBackend",
    "StreamAnswer",
    "TransportFailure",
]


@attrs.frozen
class RawResponse:
    status: int
    headers: Mapping[str, str]
    content: bytes


class TransportFailure(Exception):
    """No answer. `sent` is False only when the request certainly never left."""

    def __init__(self, exc: BaseException, *, sent: bool, timeout: bool) -> None:
        text = redact(str(exc).strip())  # aiohttp puts the URL, query and all, in some messages
        name = type(exc).__name__
        super().__init__(f"{name}: {text}" if text else name)
        self.sent = sent
        self.timeout = timeout


@attrs.frozen
class StreamAnswer:
    """An answer whose body arrives over time (an event stream): `chunks` raises only
    `TransportFailure`."""

    status: int
    headers: Mapping[str, str]
    chunks: AsyncGenerator[bytes, None]


class Backend(Protocol):
    async def send(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        content: bytes | None,
        timeout: httpx.Timeout,
    ) -> RawResponse: ...

    def stream(
        self, url: str, *, headers: Mapping[str, str], timeout: httpx.Timeout
    ) -> contextlib.AbstractAsyncContextManager[StreamAnswer]:
        """A GET on a connection of its own, outside the pool (a stream may stay open for
        hours); `timeout.read` is the longest silence tolerated."""
        ...

    async def aclose(self) -> None: ...


# httpx failures raised before a single byte of the request was written.
_HTTPX_NOT_SENT: tuple[type[Exception], ...] = (
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
        content: bytes | None,
        timeout: httpx.Timeout,
    ) -> RawResponse:
        try:
            response = await self._client.request(
                method, url, headers=headers, content=content, timeout=timeout
            )
        except httpx.TransportError as exc:
            raise _httpx_failure(exc) from None
        return RawResponse(response.status_code, response.headers, response.content)

    @contextlib.asynccontextmanager
    async def stream(
        self, url: str, *, headers: Mapping[str, str], timeout: httpx.Timeout
    ) -> AsyncIterator[StreamAnswer]:
        try:
            async with self._client.stream("GET", url, headers=headers, timeout=timeout) as answer:
                yield StreamAnswer(answer.status_code, answer.headers, _httpx_chunks(answer))
        except httpx.TransportError as exc:
            raise _httpx_failure(exc) from None

    async def aclose(self) -> None:
        if self._owned:
            await self._client.aclose()


async def _httpx_chunks(answer: httpx.Response) -> AsyncGenerator[bytes, None]:
    try:
        async for chunk in answer.aiter_raw():
            yield chunk
    except httpx.TransportError as exc:
        raise _httpx_failure(exc) from None


# httpcore's failures raised before a single byte of the request was written.
_HTTPCORE_NOT_SENT: tuple[type[Exception], ...] = (
    httpcore.ConnectError,
    httpcore.ConnectTimeout,
    httpcore.PoolTimeout,
    httpcore.UnsupportedProtocol,
    httpcore.LocalProtocolError,
)
_HTTPCORE_FAILURES = (httpcore.NetworkError, httpcore.TimeoutException, httpcore.ProtocolError)


def _httpx_failure(exc: httpx.TransportError) -> TransportFailure:
    return TransportFailure(
        exc,
        sent=not isinstance(exc, _HTTPX_NOT_SENT),
        timeout=isinstance(exc, httpx.TimeoutException),
    )


class SlotBackend:
    """The default: httpx's connection layer driven directly (see `_httpx_pool`)."""

    def __init__(self, pool: SlotPool) -> None:
        self._pool = pool

    async def send(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        content: bytes | None,
        timeout: httpx.Timeout,
    ) -> RawResponse:
        try:
            status, answer_headers, body = await self._pool.request(
                method, url, headers=headers, content=content, timeout=timeout
            )
        except (*_HTTPCORE_FAILURES, httpcore.UnsupportedProtocol) as exc:
            raise _httpcore_failure(exc) from None
        except httpx.TransportError as exc:  # what respx.mock side effects raise here
            raise _httpx_failure(exc) from None
        return RawResponse(status, answer_headers, body)

    @contextlib.asynccontextmanager
    async def stream(
        self, url: str, *, headers: Mapping[str, str], timeout: httpx.Timeout
    ) -> AsyncIterator[StreamAnswer]:
        try:
            async with self._pool.stream(url, headers=headers, timeout=timeout) as answer:
                status, answer_headers, chunks = answer
                yield StreamAnswer(status, answer_headers, _httpcore_chunks(chunks))
        except (*_HTTPCORE_FAILURES, httpcore.UnsupportedProtocol) as exc:
            raise _httpcore_failure(exc) from None

    async def aclose(self) -> None:
        await self._pool.aclose()


async def _httpcore_chunks(chunks: AsyncIterator[bytes]) -> AsyncGenerator[bytes, None]:
    try:
        async for chunk in chunks:
            yield chunk
    except _HTTPCORE_FAILURES as exc:
        raise _httpcore_failure(exc) from None


def _httpcore_failure(exc: Exception) -> TransportFailure:
    return TransportFailure(
        exc,
        sent=not isinstance(exc, _HTTPCORE_NOT_SENT),
        timeout=isinstance(exc, httpcore.TimeoutException),
    )


def aiohttp_available() -> bool:
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        return False
    return True
