"""A fault-injecting MultiSafepay look-alike on a raw asyncio socket, for reliability tests.

Run it in its own process (`python -m tests.faultserver --port 0` prints `PORT <n>`) so that it
has a core of its own and a test can never share state with it by accident.

What each request gets is decided by the order id (the path for GETs, `order_id` in the body
for POSTs), written `<script>~<anything>`: the script lists what the 1st, 2nd, ... request for
that id gets, separated by dots; the last step repeats. Steps:

    ok        the order (GET) or a redirect-order answer (POST)
    503 503ra 503 without / with `Retry-After: 0.01`; also 429, 500, 502, 504
    html200   an HTML error page with status 200
    fail200   `success: false` with status 200 (error 1014)
    notfound  404 with MultiSafepay's not-found envelope (error 1006)
    trunc     a body shorter than its Content-Length, then the connection closes
    resetpre  the connection is reset before the request body is read (for a POST, which
              carries its id in the body, send headers `x-fault: resetpre`, `x-order-id`)
    resetpost the connection is reset after the whole request was read
    stall     no answer for 5 s (past any test's read timeout), then close
    slow      the order, after 0.3 s
    rand      like `ok`, but a random fault with probability --fault-rate

Steps count the requests for an id whatever their method. Every request is counted per
(method, order id) whatever it gets. `GET /_stats` returns those
counts and the TCP connection counters; `POST /_reset` clears them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import socket
import struct
import sys
from collections import Counter
from typing import Any
from urllib.parse import unquote

HTML = b"<html><head><title>Service Unavailable</title></head><body>Try later</body></html>"
RANDOM_FAULTS = ["503", "502", "504", "429", "500", "html200", "trunc", "resetpost", "resetpre"]


def _order_json(order_id: str) -> bytes:
    order = {
        "transaction_id": 17472052901237122,
        "order_id": order_id,
        "status": "completed",
        "financial_status": "completed",
        "amount": 1000,
        "amount_refunded": 0,
        "currency": "EUR",
        "description": "Fault server order",
        "created": "2025-05-14T08:48:10",
        "modified": "2025-05-14T08:50:32",
        "costs": [{"amount": 0.44, "transaction_id": 1101231786, "type": "SYSTEM"}],
        "customer": {"locale": "nl_NL", "first_name": "John"},
        "payment_details": {"type": "IDEAL", "external_transaction_id": "812312381624212"},
    }
    return json.dumps({"success": True, "data": order}).encode()


def _created_json(order_id: str) -> bytes:
    data = {"order_id": order_id, "payment_url": f"https://pay.example/{order_id}"}
    return json.dumps({"success": True, "data": data}).encode()


class FaultServer:
    def __init__(self, fault_rate: float, seed: int, delay: float = 0.0) -> None:
        self.fault_rate = fault_rate
        self.delay = delay
        self.random = random.Random(seed)
        self.reset()

    def reset(self) -> None:
        # Connections of an earlier test may close after this reset: they belong to an older
        # generation and no longer change the counters.
        self.generation = getattr(self, "generation", 0) + 1
        self.requests: Counter[str] = Counter()
        self.seen: Counter[str] = Counter()
        self.faulted: Counter[str] = Counter()  # faults a `rand` step chose, per id
        self.opened = 0
        self.open = 0
        self.max_open = 0

    def stats(self) -> dict[str, Any]:
        return {
            "requests": dict(self.requests),
            "faulted": dict(self.faulted),
            "connections_opened": self.opened,
            "connections_open": self.open,
            "max_open": self.max_open,
        }

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        generation = self.generation
        self.opened += 1
        self.open += 1
        self.max_open = max(self.max_open, self.open)
        counted = [True]  # control requests (/_stats, /_reset) take their connection out
        try:
            while await self._one(reader, writer, counted):
                pass
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            if counted[0] and generation == self.generation:
                self.open -= 1
            with contextlib.suppress(Exception):
                writer.close()

    async def _one(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, counted: list[bool]
    ) -> bool:
        head = await reader.readuntil(b"\r\n\r\n")
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        method, target, _ = request_line.split(" ", 2)
        headers = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        path = target.split("?", 1)[0]

        if path in ("/_stats", "/_reset") and counted[0]:
            counted[0] = False
            self.opened -= 1
            self.open -= 1
        if path == "/_stats":
            return await _send(writer, 200, json.dumps(self.stats()).encode())
        if path == "/_reset":
            self.reset()
            return await _send(writer, 200, b"{}")

        if method == "POST" and path.endswith("/orders"):
            # The id is in the body, so "before the body is read" is announced in a header.
            if headers.get("x-fault") == "resetpre":
                self.requests[f"POST {headers.get('x-order-id', '?')}"] += 1
                _reset(writer)
                return False
            body = await reader.readexactly(length) if length else b""
            try:
                order_id = str(json.loads(body)["order_id"])
            except (ValueError, KeyError, TypeError):
                return await _send(writer, 200, b'{"success":false,"error_code":1016}')
        else:
            order_id = unquote(path.rsplit("/", 1)[-1])
            if length:
                await reader.readexactly(length)
        self.requests[f"{method} {order_id}"] += 1
        self.seen[order_id] += 1  # scripts run across methods: POST, then GET to reconcile
        step = self._step(order_id, self.seen[order_id])
        if step != "ok" and "~" in order_id and order_id.startswith("rand"):
            self.faulted[order_id] += 1
        answer = _created_json(order_id) if method == "POST" else _order_json(order_id)
        return await self._act(step, writer, answer)

    def _step(self, order_id: str, nth: int) -> str:
        script = order_id.split("~", 1)[0] if "~" in order_id else "ok"
        steps = script.split(".")
        step = steps[min(nth, len(steps)) - 1]
        if step == "rand":
            faulty = self.random.random() < self.fault_rate
            return self.random.choice(RANDOM_FAULTS) if faulty else "ok"
        return step

    async def _act(self, step: str, writer: asyncio.StreamWriter, answer: bytes) -> bool:
        if step in ("ok", "slow"):
            if step == "slow" or self.delay:
                await asyncio.sleep(0.3 if step == "slow" else self.delay)
            return await _send(writer, 200, answer)
        if step.isdigit():
            return await _send(writer, int(step), b"Error " + step.encode(), "text/plain")
        if step == "503ra":
            return await _send(writer, 503, b"busy", "text/plain", {"retry-after": "0.01"})
        if step == "html200":
            return await _send(writer, 200, HTML, "text/html")
        if step == "notfound":
            body = b'{"success":false,"error_code":1006,"error_info":"Invalid transaction ID"}'
            return await _send(writer, 404, body)
        if step == "fail200":
            body = b'{"success":false,"data":{},"error_code":1014,"error_info":"Unspecified"}'
            return await _send(writer, 200, body)
        if step == "trunc":
            writer.write(_head(200, len(answer), "application/json") + answer[: len(answer) // 2])
            await writer.drain()
            writer.close()
            return False
        if step in ("resetpre", "resetpost"):
            _reset(writer)
            return False
        if step == "stall":
            await asyncio.sleep(5)
            writer.close()
            return False
        raise ValueError(f"unknown step {step!r}")


def _head(
    status: int, length: int, content_type: str, extra: dict[str, str] | None = None
) -> bytes:
    lines = [
        f"HTTP/1.1 {status} X",
        f"content-type: {content_type}",
        f"content-length: {length}",
        *(f"{k}: {v}" for k, v in (extra or {}).items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _send(
    writer: asyncio.StreamWriter,
    status: int,
    body: bytes,
    content_type: str = "application/json",
    extra: dict[str, str] | None = None,
) -> bool:
    writer.write(_head(status, len(body), content_type, extra) + body)
    await writer.drain()
    return True


def _reset(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:  # SO_LINGER 0: close() sends RST instead of FIN
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fault-rate", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--delay-ms", type=float, default=0.0, help="latency of every answer")
    args = parser.parse_args(argv)
    server = FaultServer(args.fault_rate, args.seed, args.delay_ms / 1000)
    listener = await asyncio.start_server(server.handle, "127.0.0.1", args.port, backlog=4096)
    port = listener.sockets[0].getsockname()[1]
    sys.stdout.write(f"PORT {port}\n")
    sys.stdout.flush()
    async with listener:
        await listener.serve_forever()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main(sys.argv[1:]))
