"""The aiohttp backend (the `aiohttp` extra): `aiohttp.ClientSession` driven directly.

Like every backend it sends one fully built request and returns the whole answer, or opens a
stream; it classifies aiohttp's own exceptions into "certainly not sent" or "may have
arrived" (never trusting another layer's mapping: httpx-aiohttp, for one, turns aiohttp's
`ServerDisconnectedError` into `httpx.ConnectTimeout`, which would re-send a POST that
arrived).
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.request import getproxies, proxy_bypass

import httpx

from ._backends import RawResponse, StreamAnswer, TransportFailure

if TYPE_CHECKING:
    import aiohttp
    import yarl

__all__ = ["AiohttpBackend"]


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
        ssl_context: Callable[[], ssl.SSLContext],
        https: bool,
        default_timeout: httpx.Timeout,
        default_headers: Mapping[str, str],
    ) -> None:
        import aiohttp  # optional dependency, and yarl with it
        import yarl

        self._aiohttp = aiohttp
        self._yarl_url = yarl.URL
        self._ssl_context = ssl_context
        connector = aiohttp.TCPConnector(
            limit=max_connections or 0,
            limit_per_host=0,
            keepalive_timeout=keepalive_expiry or 0,
            ttl_dns_cache=300,
            # The same trust as the httpx backend (AsyncClient's verify=); True: aiohttp's own
            # default, for a plain-HTTP base URL that needs no CA bundle loaded.
            ssl=ssl_context() if https else True,
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
        # aiohttp re-sends GET, PUT and DELETE once, by itself, when a kept-alive connection
        # drops (RFC 9112 9.3.1 allows it): below our retry layer, so a DELETE reached the
        # server twice while the error said one attempt, and a GET with two retries six times.
        # Every re-send is the retry layer's decision, counted in `attempts`. (A private
        # attribute since aiohttp 3.11, which is why that is the lowest version we take;
        # tests/test_fault_matrix.py counts what the server receives, so a change shows.)
        self._session._retry_connection = False
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
            # connection, which the client's own permits already bound.
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
            raise self._failure(exc) from None

    @contextlib.asynccontextmanager
    async def stream(
        self, url: str, *, headers: Mapping[str, str], timeout: httpx.Timeout
    ) -> AsyncIterator[StreamAnswer]:
        aiohttp = self._aiohttp
        target = self._yarl_url(url)
        options: dict[str, Any] = {"ssl": self._ssl_context()} if target.scheme == "https" else {}
        try:
            async with self._session.get(
                target,
                headers=headers,
                timeout=self._timeout(timeout),
                allow_redirects=False,
                proxy=self._proxy_for(target),
                **options,
            ) as response:
                yield StreamAnswer(
                    response.status, response.headers, self._chunks(response.content)
                )
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise self._failure(exc) from None

    async def _chunks(self, content: aiohttp.StreamReader) -> AsyncGenerator[bytes, None]:
        try:
            async for chunk in content.iter_any():
                yield chunk
        except (self._aiohttp.ClientError, TimeoutError) as exc:
            raise self._failure(exc) from None

    def _failure(self, exc: BaseException) -> TransportFailure:
        timeout_hit = isinstance(exc, (self._aiohttp.ServerTimeoutError, TimeoutError))
        return TransportFailure(exc, sent=not isinstance(exc, self._not_sent), timeout=timeout_hit)

    async def aclose(self) -> None:
        await self._session.close()
