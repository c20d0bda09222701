"""The one request path: how a call is built, sent, retried and checked.

    resource method  ->  request(): URL (encoded), headers, body, per-call extras
                     ->  _retry.call_with_retries: retry or raise
                     ->  the backend (_backends), in-flight bounded by the client's permits
                     ->  _envelope.check_envelope: success, or the typed error
    (hooks see every attempt; with_raw_response listens; one DEBUG line per call)

These functions are `AsyncClient` methods (`AsyncClient._request` is `request`); they live
here so that the client module stays about configuration and lifecycle.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote, urlencode

import attrs
import httpx

from ._backends import Backend, RawResponse, TransportFailure
from ._envelope import check_envelope
from ._observe import Answer, RequestEvent, emit, listening
from ._retry import call_with_retries
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    MultiSafepayError,
    ValidationError,
)
from .resources._base import CallExtras, Query, Timeout, check_extras

if TYPE_CHECKING:
    from ._client import AsyncClient

__all__ = ["event", "request", "send_within"]

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
logger = logging.getLogger("multisafepay_async")


async def request(
    self: AsyncClient,
    method: str,
    *segments: str,
    params: Query | None = None,
    body: Mapping[str, Any] | None = None,
    order_id: str | None = None,
    max_retries: int | None = None,
    timeout: Timeout = None,
    extras: CallExtras | None = None,
    envelope: bool = False,
) -> Any:
    """Send one API call (with retries); return the envelope's `data` (or, with
    `envelope=True`, the whole envelope, for `pager`)."""
    extras = extras or {}
    if extras:
        check_extras(extras, method)
        if extras.get("extra_query"):
            params = {**(params or {}), **extras["extra_query"]}
        if extras.get("extra_body") is not None:
            if body is None and method == "GET":
                raise ValidationError("call options", ["extra_body: this call sends no body"])
            body = {**(body or {}), **extras["extra_body"]}
    request_timeout = self._call_timeout(timeout)
    retries = self._retries(max_retries)
    backend = self._ensure_open()
    inflight, loop = self._state.inflight, self._state.loop
    assert inflight is not None and loop is not None
    path = "/" + "/".join(quote(segment, safe="") for segment in segments)
    # The path as errors and logs show it: real query values, never the key.
    shown = f"{path}?{urlencode(params, doseq=True)}" if params else path
    query = {**(params or {}), **self._key_params}
    url = (
        f"{self._base_url}{path}?{urlencode(query, doseq=True)}" if query else self._base_url + path
    )
    headers = self._headers if body is None else self._json_headers
    if extras.get("extra_headers"):
        headers = {**headers, **extras["extra_headers"]}
    content = None if body is None else _encode_body(body)
    started = loop.time()
    seconds = extras.get("deadline") or self._retry.total_timeout
    deadline_at = None if seconds is None else started + seconds
    hooks = self._hooks

    async def attempt(number: int) -> dict[str, Any]:
        if hooks:
            emit(hooks, self._event("request", method, shown, number))
        began = loop.time()
        try:
            async with inflight:
                if deadline_at is None:
                    raw = await backend.send(
                        method, url, headers=headers, content=content, timeout=request_timeout
                    )
                else:
                    raw = await self._send_within(
                        backend, method, url, headers, content, request_timeout, deadline_at
                    )
        except TransportFailure as exc:
            error = APITimeoutError if exc.timeout else APIConnectionError
            failure = error(
                str(exc), method=method, path=shown, request_sent=exc.sent, order_id=order_id
            )
            if hooks:
                event = self._event("response", method, shown, number, error=failure)
                emit(hooks, attrs.evolve(event, elapsed=loop.time() - began))
            raise failure from None
        answers = listening()
        if answers is not None:
            answers.append(
                Answer(raw.status, raw.headers, loop.time() - started, number, method, shown)
            )
        refused: APIError | None = None
        try:  # success: false at any status is a failure too, for hooks as for callers
            return check_envelope(
                raw, method=method, path=shown, order_id=order_id, secret=self._api_key
            )
        except APIError as exc:
            refused = exc
            raise
        finally:
            if hooks:
                event = self._event(
                    "response", method, shown, number, status=raw.status, error=refused
                )
                emit(hooks, attrs.evolve(event, elapsed=loop.time() - began))

    on_retry: Callable[[MultiSafepayError, int, float], None] | None = None
    if hooks:

        def on_retry(error: MultiSafepayError, number: int, delay: float) -> None:
            event = self._event("retry", method, shown, number, error=error, elapsed=delay)
            emit(hooks, event)

    try:
        answer = await call_with_retries(
            attempt,
            policy=self._retry,
            max_retries=retries,
            idempotent=method in _IDEMPOTENT_METHODS,
            deadline_at=deadline_at,
            on_retry=on_retry,
        )
    except MultiSafepayError as exc:
        logger.debug(
            "%s %s -> %s in %.1f ms",
            method,
            shown,
            type(exc).__name__,
            (loop.time() - started) * 1000,
        )
        raise
    logger.debug("%s %s -> OK in %.1f ms", method, shown, (loop.time() - started) * 1000)
    return answer if envelope else answer.get("data")


async def send_within(
    self: AsyncClient,
    backend: Backend,
    method: str,
    url: str,
    headers: Mapping[str, str],
    content: bytes | None,
    timeout: httpx.Timeout,
    deadline_at: float,
) -> RawResponse:
    """One attempt of a call with a deadline: done by `deadline_at`, or a timeout."""
    left = deadline_at - asyncio.get_running_loop().time()
    if left <= 0:
        raise TransportFailure(TimeoutError("the call's deadline passed"), sent=False, timeout=True)
    shrunk = httpx.Timeout(
        connect=_at_most(timeout.connect, left),
        read=_at_most(timeout.read, left),
        write=_at_most(timeout.write, left),
        pool=_at_most(timeout.pool, left),
    )
    try:
        async with asyncio.timeout(left):
            return await backend.send(method, url, headers=headers, content=content, timeout=shrunk)
    except TimeoutError:  # the deadline struck mid-request: it may have arrived
        raise TransportFailure(
            TimeoutError(f"the call's deadline passed after {left:.2f} s"),
            sent=True,
            timeout=True,
        ) from None


def event(
    self: AsyncClient,
    kind: Literal["request", "response", "retry"],
    method: str,
    path: str,
    attempt: int,
    *,
    status: int | None = None,
    error: MultiSafepayError | None = None,
    elapsed: float | None = None,
) -> RequestEvent:
    return RequestEvent(
        kind=kind,
        method=method,
        path=path,
        server=self._server,
        url=self._base_url + path,
        attempt=attempt,
        status=status if error is None else getattr(error, "http_status", None),
        elapsed=elapsed,
        error_type=type(error).__name__ if error is not None else None,
    )


def _at_most(seconds: float | None, left: float) -> float:
    return left if seconds is None else min(seconds, left)


def _encode_body(body: Mapping[str, Any]) -> bytes:
    try:
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    except (TypeError, ValueError) as exc:
        raise ValidationError("request body", [f"$: not JSON-serialisable ({exc})"]) from None
