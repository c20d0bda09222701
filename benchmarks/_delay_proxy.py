"""A TCP proxy that adds a network round trip: every chunk is held RTT/2 in each direction,
and a new connection waits one extra RTT before it reaches the server (the SYN/SYN-ACK a
real link would cost). There is no netem in these kernels, so latency comes from here.

    python -m benchmarks._delay_proxy --upstream 127.0.0.1:8443 --rtt-ms 20   # prints PORT n

Runs in its own process; bytes are forwarded in order and unchanged (TLS passes through).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import sys


class _Side(asyncio.Protocol):
    """One end of a proxied connection; what it receives reaches `peer` after `delay`."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.loop = asyncio.get_running_loop()
        self.transport: asyncio.Transport | None = None
        self.peer: _Side | None = None
        self.queue: collections.deque[tuple[float, bytes | None]] = collections.deque()
        self.timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self._later(data)

    def eof_received(self) -> bool:
        self._later(None)  # None: close the peer once the data before it is delivered
        return True

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.queue or self.queue[-1][1] is not None:
            self._later(None)

    def _later(self, data: bytes | None) -> None:
        self.queue.append((self.loop.time() + self.delay, data))
        if self.timer is None:
            self.timer = self.loop.call_at(self.queue[0][0], self._deliver)

    def _deliver(self) -> None:
        self.timer = None
        now = self.loop.time()
        while self.queue and self.queue[0][0] <= now:
            _, data = self.queue.popleft()
            target = self.peer.transport if self.peer else None
            if target is None or target.is_closing():
                continue
            if data is None:
                target.close()
            else:
                target.write(data)
        if self.queue:
            self.timer = self.loop.call_at(self.queue[0][0], self._deliver)


async def _accept(client: _Side, host: str, port: int, rtt: float) -> None:
    assert client.transport is not None
    client.transport.pause_reading()
    await asyncio.sleep(rtt)  # the handshake a real link would take
    try:
        _, upstream = await asyncio.get_running_loop().create_connection(
            lambda: _Side(rtt / 2), host, port
        )
    except OSError:
        client.transport.close()
        return
    upstream.peer, client.peer = client, upstream
    client.transport.resume_reading()


async def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True, help="host:port")
    parser.add_argument("--rtt-ms", type=float, required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    host, port = args.upstream.rsplit(":", 1)
    rtt = args.rtt_ms / 1000
    tasks: set[asyncio.Task[None]] = set()

    def factory() -> _Side:
        side = _Side(rtt / 2)
        original = side.connection_made

        def made(transport: asyncio.BaseTransport) -> None:
            original(transport)
            task = asyncio.ensure_future(_accept(side, host, int(port), rtt))
            tasks.add(task)
            task.add_done_callback(tasks.discard)

        side.connection_made = made  # type: ignore[method-assign]
        return side

    server = await asyncio.get_running_loop().create_server(
        factory, "127.0.0.1", args.port, backlog=4096
    )
    sys.stdout.write(f"PORT {server.sockets[0].getsockname()[1]}\n")
    sys.stdout.flush()
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main(sys.argv[1:]))
