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

import ssl
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol
from urllib.request import getproxies, proxy_bypass

import attrs
import httpcore
import httpx

from ._httpx_pool import SlotPool
from ._redact import redact

if TYPE_CHECKING:
    import aiohttp
    import yarl

__all__ = [
    "AiohttpBackend",
    "Backend",
    "HttpxBackend",
    "RawResponse",
    "SlotBackend",
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

    async def aclose(self) -> None:
        if self._owned:
            await self._client.aclose()


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
            raise TransportFailure(
                exc,
                sent=not isinstance(exc, _HTTPCORE_NOT_SENT),
                timeout=isinstance(exc, httpcore.TimeoutException),
            ) from None
        except httpx.TransportError as exc:  # what respx.mock side effects raise here
            raise _httpx_failure(exc) from None
        return RawResponse(status, answer_headers, body)

    async def aclose(self) -> None:
        await self._pool.aclose()


class AiohttpBackend:
    """Talks to `aiohttp.ClientSession` directly (not through httpx's client layer).

    Tuned for an API client: one connector of `max_connections`, no cookie jar, the whole
    pool kept alive. Needs the `aiohttp` extra.
    """

    def __init__(
        self,
        *,
        max_connections: int | None,
        keepalive_expiry: float | None,
        ssl_context: ssl.SSLContext | None,
        default_timeout: httpx.Timeout,
        default_headers: Mapping[str, str],
    ) -> None:
        import aiohttp  # optional dependency, and yarl with it
        import yarl

        self._aiohttp = aiohttp
        self._yarl_url = yarl.URL
        connector = aiohttp.TCPConnector(
            limit=max_connections or 0,
            limit_per_host=0,
            keepalive_timeout=keepalive_expiry or 0,
            ttl_dns_cache=300,
            # The same trust as the httpx backend (AsyncClient's verify=); True: aiohttp's own
            # default, for a plain-HTTP base URL that needs no CA bundle loaded.
            ssl=ssl_context or True,
        )
        # trust_env=False: with it aiohttp hops to a thread twice per request (netrc and proxy
        # lookups); the environment's proxy is looked up once per host instead (_proxy_for).
        self._timeouts: dict[tuple[float | None, float | None], aiohttp.ClientTimeout] = {}
        # The client's defaults live in the session; a request passes its own only when they
        # differ (a per-request timeout costs aiohttp ~8 us of timer set-up, measured).
        self._default_timeout = default_timeout
        self._default_headers = default_headers
        self._session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=self._timeout(default_timeout),
            headers=default_headers,
            trust_env=False,
        )
        self._proxies: dict[tuple[str, str], str | None] = {}
        self._not_sent: tuple[type[BaseException], ...] = (
            aiohttp.ClientConnectorError,  # DNS, refused, TLS handshake, proxy connect
            aiohttp.ConnectionTimeoutError,
            aiohttp.InvalidURL,
            aiohttp.NonHttpUrlClientError,
        )

    def _timeout(self, timeout: httpx.Timeout) -> aiohttp.ClientTimeout:
        key = (timeout.connect, timeout.read)
        converted = self._timeouts.get(key)
        if converted is None:
            # aiohttp has no write timeout; `connect` also covers waiting for a free
            # connection, which the client's own semaphore already bounds.
            converted = self._aiohttp.ClientTimeout(
                total=None, sock_connect=timeout.connect, sock_read=timeout.read
            )
            self._timeouts[key] = converted
        return converted

    def _proxy_for(self, url: yarl.URL) -> str | None:
        key = (url.scheme, url.host or "")
        if key not in self._proxies:
            proxy = getproxies().get(url.scheme) or getproxies().get("all")
            self._proxies[key] = None if not proxy or proxy_bypass(key[1]) else proxy
        return self._proxies[key]

    async def send(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        content: bytes | None,
        timeout: httpx.Timeout,
    ) -> RawResponse:
        aiohttp = self._aiohttp
        target = self._yarl_url(url, encoded=True)  # our path encoding, untouched
        # Left out, aiohttp uses the session's (passing None would mean "no timeout").
        options: dict[str, Any] = {}
        if timeout is not self._default_timeout:
            options["timeout"] = self._timeout(timeout)
        if headers is not self._default_headers:
            options["headers"] = headers
        try:
            async with self._session.request(
                method,
                target,
                data=content,
                allow_redirects=False,
                proxy=self._proxy_for(target),
                **options,
            ) as response:
                body = await response.read()
                return RawResponse(response.status, response.headers, body)
        except (aiohttp.ClientError, TimeoutError) as exc:
            timeout_hit = isinstance(exc, (aiohttp.ServerTimeoutError, TimeoutError))
            raise TransportFailure(
                exc, sent=not isinstance(exc, self._not_sent), timeout=timeout_hit
            ) from None

    async def aclose(self) -> None:
        await self._session.close()


def aiohttp_available() -> bool:
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        return False
    return True
