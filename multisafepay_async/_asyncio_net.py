"""An httpcore network backend on plain asyncio (httpcore's `network_backend=` extension point).

httpcore reaches asyncio through anyio: a cancel scope per read and write for the timeout,
sniffio look-ups, and for TLS anyio's own `ssl.MemoryBIO` loop in Python. Profiled on
loopback that was about a third of the default backend's CPU per request. This backend talks
to asyncio's transports directly (asyncio's own TLS), with one timer per wait, and raises
httpcore's exceptions, so everything above it (httpcore, h11, the error classification in
`_backends`) is unchanged.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore

__all__ = ["AsyncioBackend"]

_HIGH_WATER = 256 * 1024  # bytes received but not yet read before the socket is paused


class _Stream(asyncio.Protocol, httpcore.AsyncNetworkStream):
    """One connection: bytes in a buffer, a waiter for the next read, flow control for writes."""

    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._eof = False
        self._error: BaseException | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._can_write: asyncio.Future[None] | None = None

    # --- asyncio.Protocol ---------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if len(self._buffer) > _HIGH_WATER and self._transport is not None:
            self._transport.pause_reading()  # until the reader catches up
        self._wake()

    def eof_received(self) -> bool:
        self._eof = True
        self._wake()
        return False  # close our side too

    def connection_lost(self, exc: Exception | None) -> None:
        self._eof = True
        self._error = exc
        self._wake()
        if self._can_write is not None and not self._can_write.done():
            self._can_write.set_result(None)

    def pause_writing(self) -> None:
        self._can_write = self._loop.create_future()

    def resume_writing(self) -> None:
        if self._can_write is not None and not self._can_write.done():
            self._can_write.set_result(None)
        self._can_write = None

    def _wake(self) -> None:
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    # --- httpcore.AsyncNetworkStream ----------------------------------------------------------

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if not self._buffer and not self._eof:
            waiter = self._waiter = self._loop.create_future()
            await _wait(waiter, timeout, httpcore.ReadTimeout)
        if self._buffer:
            data = bytes(self._buffer[:max_bytes])
            del self._buffer[:max_bytes]
            transport = self._transport
            if (
                transport is not None
                and len(self._buffer) <= _HIGH_WATER
                and not transport.is_reading()
                and not transport.is_closing()
            ):
                transport.resume_reading()
            return data
        if self._error is not None:
            raise httpcore.ReadError(str(self._error) or type(self._error).__name__)
        return b""  # the peer closed the connection

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        transport = self._transport
        if transport is None or transport.is_closing():
            raise httpcore.WriteError("the connection is closed")
        transport.write(buffer)
        if self._can_write is not None:  # the kernel's buffer is full: wait for room
            await _wait(asyncio.shield(self._can_write), timeout, httpcore.WriteTimeout)
            if self._error is not None:
                raise httpcore.WriteError(str(self._error))

    async def aclose(self) -> None:
        if self._transport is not None:
            self._transport.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        assert self._transport is not None
        try:
            async with asyncio.timeout(timeout):
                tls = await self._loop.start_tls(
                    self._transport, self, ssl_context, server_hostname=server_hostname
                )
        except TimeoutError:
            await self.aclose()
            raise httpcore.ConnectTimeout("TLS handshake timed out") from None
        except (OSError, ssl.SSLError) as exc:
            await self.aclose()
            raise httpcore.ConnectError(str(exc)) from None
        if tls is None:  # pragma: no cover - only when the loop is closing
            raise httpcore.ConnectError("TLS could not be started")
        assert isinstance(tls, asyncio.Transport)
        self._transport = tls
        return self

    def get_extra_info(self, info: str) -> Any:
        transport = self._transport
        if transport is None:
            return None
        if info == "is_readable":  # an idle connection the server closed, or sent junk on
            return self._eof or bool(self._buffer) or transport.is_closing()
        if info == "client_addr":
            return transport.get_extra_info("sockname")
        if info == "server_addr":
            return transport.get_extra_info("peername")
        if info in ("ssl_object", "socket"):
            return transport.get_extra_info(info)
        return None


async def _wait(
    future: asyncio.Future[None], timeout: float | None, error: type[Exception]
) -> None:
    if timeout is None:
        await future
        return
    expired: list[bool] = []
    timer = future.get_loop().call_later(timeout, _expire, future, expired)
    try:
        await future
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if expired and not (task is not None and task.cancelling()):
            raise error(f"no data for {timeout:g} s") from None
        raise  # the caller was cancelled
    finally:
        timer.cancel()


def _expire(future: asyncio.Future[None], expired: list[bool]) -> None:
    if not future.done():
        expired.append(True)
        future.cancel()


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Connects with `loop.create_connection` (TCP_NODELAY, as asyncio sets it)."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        local = (local_address, 0) if local_address else None
        try:
            async with asyncio.timeout(timeout):
                transport, stream = await loop.create_connection(
                    _Stream, host, port, local_addr=local
                )
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"connecting to {host}:{port} timed out") from None
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from None
        sock = transport.get_extra_info("socket")
        for option in socket_options or ():
            if sock is not None:
                sock.setsockopt(*option)
        return stream

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                _, stream = await loop.create_unix_connection(_Stream, path)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"connecting to {path} timed out") from None
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from None
        return stream

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
