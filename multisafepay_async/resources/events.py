"""`client.events`: an order's event stream (Server-Sent Events), resumed across drops."""

from __future__ import annotations

import collections
import contextlib
import logging
from collections.abc import AsyncGenerator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, Unpack
from urllib.parse import urlencode

import httpx

from .._backends import TransportFailure
from .._json import deeper_than, loads
from .._redact import forget_secret, register_secret
from .._retry import RetryPolicy, sleep_unless_testing
from .._scalars import MAX_FREE_FORM_DEPTH
from .._sse import ServerSentEvent, SSEDecoder
from ..errors import (
    APIConnectionError,
    APITimeoutError,
    InvalidResponseError,
    MultiSafepayError,
    ValidationError,
    api_error_class,
)
from ..models.events import OrderEvent
from ..models.order import CreatedOrder
from ..models.status import OrderStatus
from ._base import CallOptions, Operation, Resource, split_options

if TYPE_CHECKING:
    from .._client import AsyncClient

__all__ = ["EventStream", "Events"]

logger = logging.getLogger("multisafepay_async")
_SHOWN_PATH = "/events/stream"  # errors name the stream, never its token
_REMEMBERED_IDS = 4096  # ids already yielded, to drop what a resumed stream sends again


# Not a call of the API's: the stream's URL and token come with the created order.
SUBSCRIBE = Operation(
    "events.subscribe", "GET", "events/stream", OrderEvent, None, key="events token"
)


class Events(Resource):
    """`client.events`: subscribe to an order's events (its status changes)."""

    def subscribe(
        self,
        created: CreatedOrder | None = None,
        *,
        last_event_id: str | None = None,
        events_token: str | None = None,
        events_stream_url: str | None = None,
        **options: Unpack[CallOptions],
    ) -> EventStream:
        """The order's event stream: `async for event in client.events.subscribe(created)`
        (or `async with ... as events`). Credentials come from the `CreatedOrder` that
        `orders.create` returned, or explicitly as `events_token` and `events_stream_url`.

        A dropped stream, a 5xx or a stream silent for longer than the read timeout
        (`timeout`, default the client's) is reopened with `Last-Event-ID`, after the
        server's `retry:` or the client's backoff; `max_retries` bounds consecutive failed
        attempts to (re)connect. 401/403 raise `AuthenticationError` at once. No event is
        yielded twice. Leaving the loop, or cancelling it, closes the connection.
        """
        if created is not None and not isinstance(created, CreatedOrder):
            raise ValidationError(
                "event subscription",
                [f"$: expected the CreatedOrder of orders.create, got {type(created).__name__}"],
            )
        token = events_token or (created.events_token if created is not None else None)
        url = events_stream_url or (created.events_stream_url if created is not None else None)
        problems = []
        if not isinstance(token, str) or not token.strip():
            problems.append("$.events_token: missing (create answers carry it)")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            problems.append(f"$.events_stream_url: expected an http(s) URL, got {url!r}")
        if last_event_id is not None and not isinstance(last_event_id, str):
            problems.append(f"$.last_event_id: expected a string, got {last_event_id!r}")
        if problems:
            raise ValidationError("event subscription", problems)
        assert isinstance(token, str) and isinstance(url, str)
        max_retries, timeout, extras = split_options(options, SUBSCRIBE.name)
        retries = self._client._retries(max_retries)
        http_timeout = self._client._call_timeout(timeout)
        if extras.get("extra_body") is not None or extras.get("deadline") is not None:
            raise ValidationError(
                "event subscription", ["a stream takes extra_headers and extra_query only"]
            )
        if extras.get("extra_query"):
            url += ("&" if "?" in url else "?") + urlencode(extras["extra_query"])
        headers = dict(extras.get("extra_headers") or {})
        return EventStream(self._client, token, url, last_event_id, retries, http_timeout, headers)


class EventStream:
    """An order's events as an async iterator; also an async context manager that closes
    the stream on exit."""

    def __init__(
        self,
        client: AsyncClient,
        token: str,
        url: str,
        last_event_id: str | None,
        max_retries: int,
        timeout: httpx.Timeout,
        extra_headers: dict[str, str] | None = None,
    ) -> None:
        self._client = client
        self._token = token
        self._url = url
        self._max_retries = max_retries
        self._timeout = timeout
        #: The id of the last event yielded: where a reconnection resumes.
        self.last_event_id = last_event_id
        self._retry_ms: int | None = None
        self._opened = False
        self._extra_headers = extra_headers or {}
        self._seen: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._events = self._run()

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> OrderEvent:
        return await self._events.__anext__()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the stream (and its connection)."""
        await self._events.aclose()

    def _headers(self) -> dict[str, str]:
        headers = {
            "accept": "text/event-stream",
            "cache-control": "no-cache",
            "authorization": f"Bearer {self._token}",
            "user-agent": self._client._headers["user-agent"],
        }
        if self.last_event_id is not None:
            headers["last-event-id"] = self.last_event_id
        return {**headers, **self._extra_headers}

    async def _run(self) -> AsyncGenerator[OrderEvent, None]:
        register_secret(self._token)  # a bearer token: kept out of logs while in use
        try:
            failures = 0  # consecutive attempts that did not get the stream open
            while True:
                error: MultiSafepayError | None = None
                try:
                    # aclosing: leaving this loop must close the connection now, not
                    # whenever the garbage collector finalises the inner generator.
                    async with contextlib.aclosing(self._connection()) as connection:
                        async for event in connection:
                            yield event
                except _Retryable as exc:
                    error = exc.error
                except MultiSafepayError as exc:  # 401, not an event stream: said at once
                    exc.attempts = failures + 1
                    raise
                if self._opened:
                    failures = 0  # it was open: a drop, an idle timeout or the server's end
                else:
                    failures += 1
                    assert error is not None
                    if failures > self._max_retries:
                        error.attempts = failures
                        raise error from None
                await self._pause(failures, error)
        finally:
            forget_secret(self._token)

    async def _connection(self) -> AsyncGenerator[OrderEvent, None]:
        """One connection's events; raises `_Retryable` for what reconnecting may cure."""
        backend = self._client._ensure_open()
        self._opened = False
        try:
            async with backend.stream(
                self._url, headers=self._headers(), timeout=self._timeout
            ) as answer:
                _check_answer(answer.status, answer.headers)
                self._opened = True
                decoder = SSEDecoder()
                async with contextlib.aclosing(answer.chunks) as chunks:
                    async for chunk in chunks:
                        for sse in decoder.feed(chunk):
                            event = self._accept(sse)
                            if event is not None:
                                yield event
        except TransportFailure as exc:
            error = APITimeoutError if exc.timeout else APIConnectionError
            raise _Retryable(
                error(str(exc), method="GET", path=_SHOWN_PATH, request_sent=exc.sent)
            ) from None

    def _accept(self, sse: ServerSentEvent) -> OrderEvent | None:
        """The event to yield, or None for what is not one (a retry-only block, an event
        already yielded before a reconnection)."""
        if sse.retry is not None:
            self._retry_ms = sse.retry
        if not sse.data:  # nothing to say; httpx-sse yields these after keep-alives
            return None
        if sse.id is not None:
            if sse.id in self._seen:
                return None
            self._seen[sse.id] = None
            if len(self._seen) > _REMEMBERED_IDS:
                self._seen.popitem(last=False)
            self.last_event_id = sse.id
        return _order_event(sse)

    async def _pause(self, failures: int, error: MultiSafepayError | None) -> None:
        policy: RetryPolicy = self._client._retry
        if self._retry_ms is not None:  # the server's word comes first
            delay = self._retry_ms / 1000
        else:
            delay = policy.backoff(max(failures - 1, 0))
        logger.debug(
            "event stream reconnecting after %s (attempt %d) in %.2fs",
            type(error).__name__ if error else "end of stream",
            failures + 1,
            delay,
        )
        await sleep_unless_testing(delay)


class _Retryable(Exception):
    def __init__(self, error: MultiSafepayError) -> None:
        self.error = error


def _check_answer(status: int, headers: Any) -> None:
    if status == 200:
        kind = str(headers.get("content-type", ""))
        if kind.split(";")[0].strip().lower() == "text/event-stream":
            return
        raise InvalidResponseError(
            method="GET",
            path=_SHOWN_PATH,
            http_status=status,
            detail=f"not an event stream ({kind or 'no content type'})",
        )
    error = api_error_class(status, None, "GET")(method="GET", path=_SHOWN_PATH, http_status=status)
    if status >= 500 or status in (408, 429):
        raise _Retryable(error)
    raise error  # 401, 403 (a wrong or expired events token), 404: reconnecting cannot help


def _order_event(sse: ServerSentEvent) -> OrderEvent:
    try:
        data: Any = loads(sse.data)
    except ValueError:
        data = sse.data
    if deeper_than(data, MAX_FREE_FORM_DEPTH):  # kept as the text it came as
        data = sse.data
    order_id, status = _field(data, "order_id"), _field(data, "status")
    return OrderEvent(
        id=sse.id,
        event=sse.event,
        data=data,
        raw_data=sse.data,
        order_id=str(order_id) if isinstance(order_id, (str, int)) else None,
        status=OrderStatus(status) if isinstance(status, str) else None,
        retry=sse.retry,
    )


def _field(data: Any, name: str) -> Any:
    """`data[name]`, or `data["data"][name]` (the official SDK's payloads nest)."""
    for level in (data, data.get("data") if isinstance(data, dict) else None):
        if isinstance(level, dict) and level.get(name) is not None:
            return level[name]
    return None
