"""Serve an ASGI app (the fake MultiSafepay) on a loopback port, inside the running loop."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from typing import Any

from .._extras import require
from ._app import FakeMultiSafepay

__all__ = ["serve"]


@contextlib.asynccontextmanager
async def serve(app: Any, *, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
    """Run `app` with uvicorn on `host:port` (0 picks a free port); yields its base URL.

    Needs the `testing` extra (`pip install multisafepay-async[testing]`).
    """
    uvicorn = require("uvicorn", "testing")  # optional, only for serving on a socket

    # proto must be IPPROTO_TCP: asyncio sets TCP_NODELAY only on sockets that say so, and
    # without it every response waits ~40 ms for a delayed ACK (Nagle).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    config = uvicorn.Config(
        app,
        log_level="warning",
        lifespan="auto",  # an app's lifespan runs (its startup state is there)
        access_log=False,
        timeout_keep_alive=60,
        timeout_graceful_shutdown=1,  # open event streams would otherwise hold shutdown
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()  # surfaces a startup failure
            await asyncio.sleep(0.01)
        bound_host, bound_port = sock.getsockname()[:2]
        url = f"http://{bound_host}:{bound_port}"
        if isinstance(app, FakeMultiSafepay):  # it knows where it is served
            app.url = url
        yield url
    finally:
        if isinstance(app, FakeMultiSafepay):
            app.url = None
        server.should_exit = True
        await task
        sock.close()
