"""What a client and its `with_options` views share: one backend (the connection pool), the
event loop it belongs to, the in-flight permits, and whether it is closed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from ._backends import Backend
from ._permits import Permits
from ._redact import forget_secret, register_secret
from .errors import ClientStateError

__all__ = ["Lifecycle"]


class Lifecycle:
    def __init__(self, slots: int | None) -> None:
        self._slots = slots
        self.backend: Backend | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.inflight: Permits | None = None
        self.closed = False
        self._keys: list[str] = []  # every key the client and its views use: redacted

    def use_key(self, key: str) -> None:
        register_secret(key)
        self._keys.append(key)

    def ensure_open(self, make_backend: Callable[[], Backend]) -> Backend:
        if self.closed:
            raise ClientStateError("this AsyncClient is closed; create a new one")
        loop = asyncio.get_running_loop()
        if self.backend is None:
            # Created here, inside the running loop, never at import or __init__ time.
            self.backend = make_backend()
            # Requests wait here, never inside the HTTP library's pool (see _config).
            self.inflight = Permits(self._slots or 1_000_000)
            self.loop = loop
        elif loop is not self.loop:
            raise ClientStateError(
                "this AsyncClient was opened in another event loop; "
                "create one client per event loop"
            )
        return self.backend

    async def aclose(self) -> None:
        loop = asyncio.get_running_loop()
        if self.backend is not None and self.loop is not None and loop is not self.loop:
            if not self.loop.is_closed():
                raise ClientStateError(
                    "this AsyncClient was opened in another event loop, which still runs; "
                    "close it there"
                )
            # Its loop is gone, and its connections with it: nothing can be closed from here.
            self.backend = None
        if not self.closed:
            for key in self._keys:
                forget_secret(key)
            self._keys.clear()
        self.closed = True
        backend, self.backend = self.backend, None
        if backend is not None:
            await backend.aclose()
