"""When to try a request again, and how long to wait first.

The rule that matters for payments: a request that may have changed something at
MultiSafepay (POST, PATCH, DELETE) is re-sent only when it certainly did not arrive (the
connection was never made) or when the server refused it without acting (429, 503). Any
other failure of such a request becomes `OutcomeUnknownError`: MultiSafepay offers no
idempotency keys, so re-sending could create a second order or refund.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import attrs

from ._config import (
    DEFAULT_BACKOFF_INITIAL,
    DEFAULT_BACKOFF_MAX,
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_AFTER,
    DEFAULT_RETRY_BUDGET,
)
from .errors import (
    APIConnectionError,
    APIError,
    InvalidResponseError,
    MultiSafepayError,
    OutcomeUnknownError,
    ResponseDecodeError,
)

__all__ = [
    "RetryPolicy",
    "call_with_retries",
    "set_testing",
    "sleep_unless_testing",
    "time_left",
]

T = TypeVar("T")
logger = logging.getLogger("multisafepay_async")

# Statuses worth another try for reads: the server did not produce an answer for this request.
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# Statuses that prove a write was refused without being acted on.
REFUSED_STATUSES = frozenset({429, 503})
# Statuses after which a write may or may not have happened (a proxy gave up waiting).
UNKNOWN_STATUSES = frozenset({502, 504})

_testing = False


def set_testing(testing: bool) -> None:
    """Turn all retry sleeps off (True) or back on, like `stamina.set_testing`.

    Retries still happen and are counted; they just do not wait.
    """
    global _testing
    _testing = testing


async def sleep_unless_testing(seconds: float) -> None:
    """Wait between attempts, unless `set_testing(True)` turned waiting off."""
    if not _testing:
        await asyncio.sleep(seconds)


def _non_negative(_: object, field: attrs.Attribute[Any], value: float) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{field.name} must be a number >= 0, got {value!r}")


def _optional_positive(_: object, field: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and (
        not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0
    ):
        raise ValueError(f"{field.name} must be None or seconds > 0, got {value!r}")


def _retry_count(_: object, field: attrs.Attribute[Any], value: int) -> None:
    if type(value) is not int or value < 0:
        raise ValueError(f"{field.name} must be an int >= 0, got {value!r}")


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How `AsyncClient` retries; every resource method also takes `max_retries=`.

    Waits `min(backoff_initial * 2**n, backoff_max)` seconds before retry n (0-based), less up
    to `jitter` of it at random, or what the server's `Retry-After` asks for up to
    `max_retry_after` seconds (a longer one is raised at once). At most `budget` seconds are
    spent sleeping per call; then the last error is raised. `total_timeout` (seconds) bounds
    each whole call, retries and backoff included, like a per-call `deadline=`.
    """

    max_retries: int = attrs.field(default=DEFAULT_MAX_RETRIES, validator=_retry_count)
    backoff_initial: float = attrs.field(default=DEFAULT_BACKOFF_INITIAL, validator=_non_negative)
    backoff_max: float = attrs.field(default=DEFAULT_BACKOFF_MAX, validator=_non_negative)
    jitter: float = attrs.field(default=0.25, validator=_non_negative)
    budget: float = attrs.field(default=DEFAULT_RETRY_BUDGET, validator=_non_negative)
    max_retry_after: float = attrs.field(default=DEFAULT_MAX_RETRY_AFTER, validator=_non_negative)
    total_timeout: float | None = attrs.field(default=None, validator=_optional_positive)

    def backoff(self, retry: int) -> float:
        """Seconds to wait before retry number `retry` (0-based) when the server gave no hint."""
        delay = min(self.backoff_initial * 2.0**retry, self.backoff_max)
        return delay * (1 - self.jitter * random.random())


def _decide(
    exc: MultiSafepayError, *, idempotent: bool, retries_left: bool
) -> MultiSafepayError | None:
    """None to retry; otherwise the error to raise (maybe an `OutcomeUnknownError`)."""
    if isinstance(exc, APIConnectionError):
        if idempotent or not exc.request_sent:
            return None if retries_left else exc
        return _unknown(exc, http_status=None)
    if isinstance(exc, InvalidResponseError) and not isinstance(exc, ResponseDecodeError):
        # Not MultiSafepay's envelope at all (an HTML page, a cut-off body): something in
        # between failed. Harmless to ask again; a write may have gone through.
        if not idempotent:
            return _unknown(exc, http_status=exc.http_status)
        return None if retries_left else exc
    if isinstance(exc, APIError):
        status = exc.http_status
        if not idempotent and (
            status in UNKNOWN_STATUSES or (status == 500 and exc.error_code is None)
        ):
            return _unknown(exc, http_status=status)
        allowed = RETRY_STATUSES if idempotent else REFUSED_STATUSES
        return None if retries_left and status in allowed else exc
    return exc


def _unknown(exc: APIConnectionError | APIError, *, http_status: int | None) -> OutcomeUnknownError:
    return OutcomeUnknownError(
        method=exc.method,
        path=exc.path,
        cause=exc,
        order_id=exc.order_id,
        http_status=http_status,
    )


async def call_with_retries(
    attempt: Callable[[int], Awaitable[T]],
    *,
    policy: RetryPolicy,
    max_retries: int,
    idempotent: bool,
    deadline_at: float | None = None,
    on_retry: Callable[[MultiSafepayError, int, float], object] | None = None,
) -> T:
    """Run `attempt(n)` (n = 1, 2, ...) until it succeeds or the policy says stop; raise the
    last typed error. With `deadline_at` (the event loop's clock) no retry starts, and no
    backoff sleeps, past it; the attempt itself is told the time left (see `time_left`)."""
    slept = 0.0
    attempts = 0
    while True:
        attempts += 1
        try:
            return await attempt(attempts)
        except MultiSafepayError as exc:
            failure = _decide(exc, idempotent=idempotent, retries_left=attempts <= max_retries)
            delay = 0.0
            if failure is None:
                hint = exc.retry_after if isinstance(exc, APIError) else None
                if hint is not None and hint > policy.max_retry_after:
                    failure = exc  # "come back in an hour" is not a retry
                else:
                    delay = hint if hint is not None else policy.backoff(attempts - 1)
                    if slept + delay > policy.budget:
                        failure = exc
                    left = time_left(deadline_at)
                    if left is not None and left <= delay:
                        failure = exc  # the deadline comes first
            if failure is exc:
                exc.attempts = attempts
                raise
            if failure is not None:
                failure.attempts = exc.attempts = attempts
                raise failure from exc
            logger.debug(
                "retrying %s %s after %s (attempt %d of %d) in %.2fs",
                getattr(exc, "method", "?"),
                getattr(exc, "path", "?"),
                _short(exc),
                attempts,
                max_retries + 1,
                delay,
            )
            if on_retry is not None:
                on_retry(exc, attempts, delay)
            await sleep_unless_testing(delay)
            slept += delay


def time_left(deadline_at: float | None) -> float | None:
    """Seconds until `deadline_at` on the running loop's clock (None: no deadline)."""
    if deadline_at is None:
        return None
    return deadline_at - asyncio.get_running_loop().time()


def _short(exc: MultiSafepayError) -> str:
    if isinstance(exc, APIError):
        code = f" error {exc.error_code}" if exc.error_code is not None else ""
        return f"HTTP {exc.http_status}{code}"
    return type(exc).__name__
