"""A loopback HTTP/1.1 server that answers every API request with one fault, counting them.

Started inside a test (`async with MatrixServer(fault) as server:`); every request to the
API prefix gets `fault` and is counted in `server.received` (method, path) once its head has
arrived. `GET {prefix}/_warm` answers success and is not counted: a test sends it first, so
the faulted request goes out on a kept-alive connection, where HTTP libraries are tempted
to re-send by themselves.
"""

from __future__ import annotations

import asyncio
import contextlib
from types import TracebackType

from .faultserver import _head, _reset, _send

#: Every fault of the matrix but "refused" (which is no server at all).
FAULTS = [
    "reset",  # the request read, the connection reset before any answer
    "close_after_status",  # the status line, then the connection closed
    "close_mid_body",  # headers and part of the body, then closed
    "stall",  # no answer until the client gives up
    "502",
    "503",  # with Retry-After: 0
    "504",
    "html200",
    "truncated_json200",  # a whole HTTP answer whose JSON is cut off
    "fail200",  # success: false, error 1014, HTTP 200
]

HTML = b"<html><head><title>Bad Gateway</title></head><body>nginx</body></html>"
FAIL = b'{"success":false,"data":{},"error_code":1014,"error_info":"Unspecified error"}'
TRUNCATED = b'{"success": true, "data": {"order_id": "o", "sta'


class MatrixServer:
    def __init__(self, fault: str, prefix: str = "/v1/json") -> None:
        self.fault = fault
        self.prefix = prefix
        self.received: list[tuple[str, str]] = []
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def origin(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    @property
    def api(self) -> str:
        return self.origin + self.prefix

    async def __aenter__(self) -> MatrixServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._server.wait_closed(), 1)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            while await self._one(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            self._tasks.discard(task)
            with contextlib.suppress(Exception):
                writer.close()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        head = await reader.readuntil(b"\r\n\r\n")
        request_line, *lines = head.decode("latin-1").split("\r\n")
        method, target, _ = request_line.split(" ", 2)
        length = 0
        for line in lines:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        if length:
            await reader.readexactly(length)
        path = target.split("?", 1)[0]
        if path == self.prefix + "/_warm":
            return await _send(writer, 200, b'{"success":true,"data":{}}')
        self.received.append((method, path))
        return await self._act(reader, writer)

    async def _act(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        fault = self.fault
        if fault == "reset":
            _reset(writer)
            return False
        if fault == "close_after_status":
            writer.write(b"HTTP/1.1 200 OK\r\n")
            await writer.drain()
            writer.close()
            return False
        if fault == "close_mid_body":
            writer.write(_head(200, 1000, "application/json") + b'{"success": tr')
            await writer.drain()
            writer.close()
            return False
        if fault == "stall":
            await reader.read()  # until the client closes the connection
            return False
        if fault in ("502", "504"):
            return await _send(writer, int(fault), HTML, "text/html")
        if fault == "503":
            return await _send(writer, 503, b"busy", "text/plain", {"retry-after": "0"})
        if fault == "html200":
            return await _send(writer, 200, HTML, "text/html")
        if fault == "truncated_json200":
            return await _send(writer, 200, TRUNCATED)
        if fault == "fail200":
            return await _send(writer, 200, FAIL)
        raise ValueError(f"unknown fault {fault!r}")
