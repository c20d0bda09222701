"""The default backend: httpx's own connection layer (httpcore), driven directly, one
connection per slot, handed out in O(1).

Two things made the plain `httpx.AsyncClient` path slow (measured on loopback and over TLS,
see `benchmarks/RESULTS.md`):

* httpcore 1.0's pool re-examines every (waiting request, connection) pair whenever a request
  starts or ends, polling each idle socket on the way: with 100 in flight that work
  dominates. So there is no pool at all: `slots` httpcore connections (one per slot, made
  again when one expires or breaks) and a stack of idle slots. The client's in-flight
  permits (one per slot) guarantee a slot is free whenever a request gets here; the stack
  (last in, first out) keeps re-using the warmest connections, so idle ones expire instead
  of all being kept busy.
* httpx's client layer (request and URL models, header inference, cookies, auth, redirects,
  event hooks, response models) costs more CPU than the HTTP exchange itself. An API client
  needs none of it: the request line and headers are known in advance, so they are built
  once, as the bytes httpcore wants, and the answer is read whole.

What stays httpx's: the connections, HTTP/1.1 (h11), timeouts and httpcore's exceptions,
which `_backends` classifies into "certainly not sent" or "may have arrived". The sockets
and TLS are asyncio's (`_asyncio_net`), not anyio's.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from urllib.parse import urlsplit

import httpcore
import httpx

from ._asyncio_net import AsyncioBackend

# httpcore's single connection: connects on first use, then HTTP/1.1 over h11 (and the class
# respx patches, so tests that mock httpx with respx.mock mock this client too).
Connection = httpcore.AsyncHTTPConnection

__all__ = ["RawHeaders", "SlotPool"]


class RawHeaders(Mapping[str, str]):
    """An answer's headers as httpcore gives them, looked up case-insensitively on demand
    (only failures read them: Retry-After, Content-Type)."""

    __slots__ = ("_raw",)

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        self._raw = raw

    def __getitem__(self, name: str) -> str:
        key = name.lower().encode("latin-1")
        for header, value in self._raw:
            if header.lower() == key:
                return value.decode("latin-1")
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return (header.decode("latin-1").lower() for header, _ in self._raw)

    def __len__(self) -> int:
        return len(self._raw)


class SlotPool:
    """`slots` httpcore connections, one per slot, for one origin (the client's base URL)."""

    def __init__(
        self,
        base_url: str,
        slots: int,
        *,
        keepalive_expiry: float | None,
        ssl_context: Callable[[], ssl.SSLContext] = httpx.create_ssl_context,
    ) -> None:
        parts = urlsplit(base_url)
        self._scheme = parts.scheme.encode()
        self._host = (parts.hostname or "").encode("idna")
        default_port = 443 if parts.scheme == "https" else 80
        self._port = parts.port or default_port
        # Everything before the path: the client's URLs all start with it.
        self._prefix = f"{parts.scheme}://{parts.netloc}"
        self._host_header = parts.netloc.rsplit("@", 1)[-1].encode("idna")
        self._keepalive_expiry = keepalive_expiry
        # Made on first use: a client that sends one request opens one slot, and all slots
        # share one SSL context (the factory's, made once: loading a CA bundle takes ~40 ms).
        self._ssl_context = ssl_context
        self._slots: list[Connection | None] = [None] * slots
        self._origin = httpcore.Origin(self._scheme, self._host, self._port)
        self._network = AsyncioBackend()
        self._idle = list(range(slots - 1, -1, -1))  # highest on top: slot 0 is used first
        # id -> (the headers mapping, kept so the id stays its own; the encoded list)
        self._headers: dict[int, tuple[Mapping[str, str], list[tuple[bytes, bytes]]]] = {}
        self._timeouts: dict[tuple[float | None, ...], dict[str, float | None]] = {}

    def _connection(self, slot: int) -> Connection:
        """The slot's connection if it can take a request now, else a new one (which
        connects on its first request)."""
        connection = self._slots[slot]
        if connection is not None and connection.is_available() and not connection.has_expired():
            return connection
        fresh = Connection(
            self._origin,
            ssl_context=self._ssl_context() if self._scheme == b"https" else None,
            keepalive_expiry=self._keepalive_expiry,
            network_backend=self._network,
        )
        self._slots[slot] = fresh
        return fresh

    def _header_list(self, headers: Mapping[str, str]) -> list[tuple[bytes, bytes]]:
        # The client passes the same two header dicts every time: encode each once.
        cached = self._headers.get(id(headers))
        if cached is not None and cached[0] is headers:
            return cached[1]
        encoded = [(b"Host", self._host_header)]
        encoded += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        if len(self._headers) >= 16:  # per-call extra headers are new dicts: start over
            self._headers.clear()
        self._headers[id(headers)] = (headers, encoded)
        return encoded

    def _timeout(self, timeout: httpx.Timeout) -> dict[str, float | None]:
        key = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        converted = self._timeouts.get(key)
        if converted is None:
            converted = timeout.as_dict()
            self._timeouts[key] = converted
        return converted

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        content: bytes | None,
        timeout: httpx.Timeout,
    ) -> tuple[int, RawHeaders, bytes]:
        """Send one request; raises httpcore's exceptions (`httpcore.PoolTimeout` when no
        slot is free, which the client's permits prevent)."""
        if not url.startswith(self._prefix):
            raise httpcore.UnsupportedProtocol(f"this pool only serves {self._prefix}")
        header_list = self._header_list(headers)
        if content is not None:
            header_list = [*header_list, (b"Content-Length", str(len(content)).encode())]
        request = httpcore.Request(
            method.encode(),
            httpcore.URL(
                scheme=self._scheme,
                host=self._host,
                port=self._port,
                target=url[len(self._prefix) :].encode(),
            ),
            headers=header_list,
            content=content or b"",
            extensions={"timeout": self._timeout(timeout)},
        )
        if not self._idle:
            raise httpcore.PoolTimeout("no free connection slot")
        slot = self._idle.pop()
        try:
            stale = self._slots[slot]
            connection = self._connection(slot)
            if stale is not None and stale is not connection:
                await _close_quietly(stale)  # expired, or closed by the server
            response = await connection.handle_async_request(request)
            try:
                body = await response.aread()
            finally:
                await response.aclose()
        except BaseException:
            # Whatever happened (a timeout, a cancellation), the next request on this slot
            # must not find a connection in an unknown state.
            broken, self._slots[slot] = self._slots[slot], None
            if broken is not None:
                await _close_quietly(broken)
            raise
        finally:
            self._idle.append(slot)
        return response.status, RawHeaders(response.headers), body

    @contextlib.asynccontextmanager
    async def stream(
        self, url: str, *, headers: Mapping[str, str], timeout: httpx.Timeout
    ) -> AsyncIterator[tuple[int, RawHeaders, AsyncIterator[bytes]]]:
        """A GET on a connection of its own (never a slot: a stream may stay open for
        hours), to any origin; yields the status, headers and the body's chunks."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise httpcore.UnsupportedProtocol(f"not an http(s) URL: {parts.scheme}://...")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        origin = httpcore.Origin(parts.scheme.encode(), parts.hostname.encode("idna"), port)
        connection = Connection(
            origin,
            ssl_context=self._ssl_context() if parts.scheme == "https" else None,
            network_backend=self._network,
        )
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request = httpcore.Request(
            b"GET",
            httpcore.URL(scheme=origin.scheme, host=origin.host, port=port, target=target),
            headers=[(b"Host", parts.netloc.encode("idna"))]
            + [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()],
            extensions={"timeout": timeout.as_dict()},
        )
        try:
            response = await connection.handle_async_request(request)
            try:
                yield response.status, RawHeaders(response.headers), response.aiter_stream()
            finally:
                await response.aclose()
        finally:
            await _close_quietly(connection)

    async def aclose(self) -> None:
        for connection in self._slots:
            if connection is not None:
                await connection.aclose()
        self._slots = [None] * len(self._slots)


async def _close_quietly(connection: Connection) -> None:
    # Closing only shuts a socket; a cancellation arriving meanwhile must not leave it open.
    with contextlib.suppress(Exception):
        await asyncio.shield(connection.aclose())
