"""The one request path: how a call is built, sent, retried and checked.

    resource method  ->  request(): URL (encoded), headers, body, per-call extras
                     ->  _retry.retry_delay: retry (after how long) or raise
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
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote, urlencode

import attrs
import httpx

from ._backends import Backend, RawResponse, TransportFailure
from ._envelope import check_envelope
from ._observe import Answer, RequestEvent, emit, listening
from ._retry import retry_delay, sleep_unless_testing
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    MultiSafepayError,
    ValidationError,
)
from .resources._base import CallExtras, Query, Timeout, check_extras
from .resources._ids import unsafe_segment

if TYPE_CHECKING:
    from ._client import AsyncClient

__all__ = ["cancelled", "event", "request", "send_within"]

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# httpx refuses longer URLs (httpx.InvalidURL); no API call needs one.
_MAX_URL_LENGTH = 65_536
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
    `envelope=True`, the whole envelope, for `pager`).

    One coroutine sends, checks and retries (rather than one per attempt inside a retry
    wrapper): with thousands of calls in flight every object a call keeps alive is work for
    the garbage collector.
    """
    url, shown, headers, content, request_timeout, retries, deadline = _build(
        self, method, segments, params, body, max_retries, timeout, extras or {}
    )
    # A call's own `deadline=` is kept to the moment (a timer per attempt); the policy's
    # `total_timeout` by its phase timeouts, cut to what is left before each attempt: a
    # silent server is bounded by it at the cost of a comparison (a timer per request is
    # ~30 % of the client's own CPU per call, measured); only a server dripping a byte just
    # inside each read timeout could outlast it by one attempt.
    strict = extras is not None and extras.get("deadline") is not None
    state, hooks = self._state, self._hooks
    backend, inflight, loop = state.backend, state.inflight, state.loop
    if backend is None or state.closed or asyncio.get_running_loop() is not loop:
        backend = self._ensure_open()  # opens the pool, or says why it cannot be used here
        inflight, loop = state.inflight, state.loop
    assert inflight is not None and loop is not None
    started = loop.time()
    deadline_at = None if deadline is None else started + deadline
    attempts = 0
    slept = 0.0
    write = method not in _IDEMPOTENT_METHODS
    reached: MultiSafepayError | None = None  # the first failure of this write that arrived
    while True:
        attempts += 1
        if hooks:
            emit(hooks, self._event("request", method, shown, attempts))
            began = loop.time()
        if not inflight.take():
            await inflight.acquire()
        try:
            if deadline_at is None:
                raw: RawResponse | None = await backend.send(
                    method, url, headers=headers, content=content, timeout=request_timeout
                )
            elif strict:
                raw = await self._send_within(
                    backend, method, url, headers, content, request_timeout, deadline_at
                )
            else:
                bounded = _cut_to(request_timeout, deadline_at - loop.time())
                raw = await backend.send(
                    method, url, headers=headers, content=content, timeout=bounded
                )
        except TransportFailure as exc:
            raw = None
            kind = APITimeoutError if exc.timeout else APIConnectionError
            error: MultiSafepayError = kind(
                str(exc), method=method, path=shown, request_sent=exc.sent, order_id=order_id
            )
        except asyncio.CancelledError:  # the caller's own: it goes on, said first
            self._cancelled(method, shown, order_id, attempts, write)
            raise
        finally:
            inflight.release()
        if raw is not None:
            answers = listening()
            if answers is not None:
                answers.append(
                    Answer(raw.status, raw.headers, loop.time() - started, attempts, method, shown)
                )
            try:  # success: false at any status is a failure too, for hooks as for callers
                answer = check_envelope(
                    raw, method=method, path=shown, order_id=order_id, secret=self._api_key
                )
            except APIError as exc:
                error = exc
            else:
                if hooks:
                    event = self._event("response", method, shown, attempts, status=raw.status)
                    emit(hooks, attrs.evolve(event, elapsed=loop.time() - began))
                if logger.isEnabledFor(logging.DEBUG):
                    logger.debug("%s %s -> OK in %.1f ms", method, shown, _ms(loop, started))
                return answer if envelope else answer.get("data")
        if hooks:
            status = None if raw is None else raw.status
            event = self._event("response", method, shown, attempts, status=status, error=error)
            emit(hooks, attrs.evolve(event, elapsed=loop.time() - began))
        try:
            delay = retry_delay(
                error,
                policy=self._retry,
                attempts=attempts,
                max_retries=retries,
                idempotent=not write,
                reached=reached,
                slept=slept,
                time_left=None if deadline_at is None else deadline_at - loop.time(),
            )
        except MultiSafepayError as final:
            name = type(final).__name__
            logger.debug("%s %s -> %s in %.1f ms", method, shown, name, _ms(loop, started))
            raise
        if write and reached is None and not _never_sent(error):
            reached = error
        if hooks:
            emit(hooks, self._event("retry", method, shown, attempts, error=error, elapsed=delay))
        await sleep_unless_testing(delay)
        slept += delay


def _build(
    self: AsyncClient,
    method: str,
    segments: tuple[str, ...],
    params: Query | None,
    body: Mapping[str, Any] | None,
    max_retries: int | None,
    timeout: Timeout,
    extras: CallExtras,
) -> tuple[str, str, Mapping[str, str], bytes | None, httpx.Timeout, int, float | None]:
    """What every attempt sends, every option checked before any I/O: the URL, the path as
    errors and logs show it (real query values, never the key), headers, body, timeout,
    retries, and the seconds the whole call may take (None: no limit)."""
    if extras:
        check_extras(extras, method)
        if extras.get("extra_query"):
            params = {**(params or {}), **extras["extra_query"]}
        if extras.get("extra_body") is not None:
            if body is None and method == "GET":
                raise ValidationError("call options", ["extra_body: this call sends no body"])
            body = {**(body or {}), **extras["extra_body"]}
    # ASCII letters and digits need no escaping (nor checking): most ids skip that work.
    path = "/" + "/".join([s if s.isascii() and s.isalnum() else _segment(s) for s in segments])
    query = {**params, **self._key_params} if params else self._key_params
    headers = self._headers if body is None else self._json_headers
    if extras.get("extra_headers"):
        headers = {**headers, **extras["extra_headers"]}
    url = (
        f"{self._base_url}{path}?{urlencode(query, doseq=True)}" if query else self._base_url + path
    )
    if len(url) > _MAX_URL_LENGTH:
        raise ValidationError("request", [f"$: the URL would be {len(url)} characters long"])
    return (
        url,
        f"{path}?{urlencode(params, doseq=True)}" if params else path,
        headers,
        None if body is None else _encode_body(body),
        self._timeout if timeout is None else self._call_timeout(timeout),
        self._retry.max_retries if max_retries is None else self._retries(max_retries),
        extras.get("deadline") or self._retry.total_timeout,
    )


def _segment(value: str) -> str:
    """A path segment, encoded; the last guard against an id that would walk the URL (every
    resource checks its ids with `path_id` first, naming the argument)."""
    problem = unsafe_segment(value)
    if problem is not None:
        raise ValidationError("request path", [f"$: {problem}"])
    return quote(value, safe="")


def _never_sent(error: MultiSafepayError) -> bool:
    return isinstance(error, APIConnectionError) and not error.request_sent


def cancelled(
    self: AsyncClient, method: str, shown: str, order_id: str | None, attempt: int, write: bool
) -> None:
    """Say that an attempt was cancelled by its caller in flight; for a write, loudly: it
    may have been acted on, and nothing else will say so (the caller sees only its own
    cancellation)."""
    if write:
        subject = f" (order {order_id!r})" if order_id else ""
        logger.warning(
            "%s %s%s cancelled after it was sent: outcome unknown; reconcile with orders.get",
            method,
            shown,
            subject,
        )
    if self._hooks:
        event = self._event("cancelled", method, shown, attempt)
        emit(self._hooks, attrs.evolve(event, error_type="CancelledError"))


def _ms(loop: asyncio.AbstractEventLoop, started: float) -> float:
    return (loop.time() - started) * 1000


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
    timeout = _cut_to(timeout, left)
    try:
        async with asyncio.timeout(left):
            return await backend.send(
                method, url, headers=headers, content=content, timeout=timeout
            )
    except TimeoutError:  # the deadline struck mid-request: it may have arrived
        raise TransportFailure(
            TimeoutError(f"the call's deadline passed after {left:.2f} s"),
            sent=True,
            timeout=True,
        ) from None


def event(
    self: AsyncClient,
    kind: Literal["request", "response", "retry", "cancelled"],
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


def _cut_to(timeout: httpx.Timeout, left: float) -> httpx.Timeout:
    """`timeout` with no phase longer than the `left` seconds of the call's deadline (the
    same object when none is: the backends cache what they derive from it)."""
    if left <= 0:
        raise TransportFailure(TimeoutError("the call's deadline passed"), sent=False, timeout=True)
    phases = (timeout.connect, timeout.read, timeout.write, timeout.pool)
    if all(seconds is None or seconds <= left for seconds in phases):
        return timeout
    connect, read, write, pool = (None if s is None else min(s, left) for s in phases)
    return httpx.Timeout(connect=connect, read=read, write=write, pool=pool)


def _encode_body(body: Mapping[str, Any]) -> bytes:
    try:
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    except (TypeError, ValueError) as exc:
        raise ValidationError("request body", [f"$: not JSON-serialisable ({exc})"]) from None
