"""Seeing what the client does: hooks, a DEBUG line per call, and raw answers on request.

One hook interface for both backends: a hook is a callable that receives a `RequestEvent`
at the start of every attempt (`"request"`), at its end (`"response"`: the status, or the
error type when no answer came), and when the client decides to retry (`"retry"`). No event
holds the API key: `path` is the path and query as errors show them. OpenTelemetry spans
are one such hook (`multisafepay_async.integrations.otel`).
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Generic, Literal, TypeVar

import attrs

__all__ = [
    "APIResponse",
    "Answer",
    "Hook",
    "RequestEvent",
    "emit",
    "listening",
    "with_raw_response",
]

T = TypeVar("T")
logger = logging.getLogger("multisafepay_async")


@attrs.frozen(kw_only=True)
class RequestEvent:
    """What happened to one attempt of a call."""

    #: `cancelled`: the caller cancelled the call while this attempt was in flight (for a
    #: write, POST, PATCH or DELETE, it may have been acted on: logged as a WARNING too).
    kind: Literal["request", "response", "retry", "cancelled"]
    method: str
    #: The path and query as errors show them: never the API key.
    path: str
    #: The URL's scheme, host and port, for tracing (`server.address`).
    server: str
    #: The whole URL as errors would show it (the query without the key), for `url.full`.
    url: str
    #: 1 for the first attempt, 2 for the first retry, ...
    attempt: int
    #: The HTTP status of a response (None when no answer came).
    status: int | None = None
    #: Seconds the attempt took (`response`), or the wait before the next (`retry`).
    elapsed: float | None = None
    #: The error's class name when the attempt failed (`MultiSafepayError` subclasses).
    error_type: str | None = None


Hook = Callable[[RequestEvent], object]


def emit(hooks: Sequence[Hook], event: RequestEvent) -> None:
    for hook in hooks:
        try:
            hook(event)
        except Exception:  # a broken hook must not break a payment call
            logger.warning(
                "a request hook failed on %s %s", event.method, event.path, exc_info=True
            )


@attrs.frozen
class Answer:
    """The HTTP answer a call ended with."""

    status_code: int
    headers: Mapping[str, str]
    #: Seconds the whole call took, retries included.
    elapsed: float
    attempts: int
    method: str
    path: str


@attrs.frozen(kw_only=True)
class APIResponse(Answer, Generic[T]):
    """A call's result (`parsed`) with the HTTP answer it came from
    (`client.with_raw_response`)."""

    parsed: T


_capturing: contextvars.ContextVar[list[Answer] | None] = contextvars.ContextVar(
    "multisafepay_async_capture", default=None
)


def listening() -> list[Answer] | None:
    """Where to record a call's answer for `with_raw_response`, when one is listening (the
    hot path asks first, so that nothing is built when nobody is)."""
    return _capturing.get()


async def with_raw_response(call: Awaitable[T]) -> APIResponse[T]:
    answers: list[Answer] = []
    token = _capturing.set(answers)
    try:
        parsed = await call
    finally:
        _capturing.reset(token)
    if not answers:
        raise TypeError("with_raw_response takes a call of this client, e.g. client.me()")
    last = answers[-1]  # a method that looks something up first sends its own call last
    return APIResponse(parsed=parsed, **attrs.asdict(last, recurse=False))
