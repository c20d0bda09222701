"""When to try a request again, and how long to wait first.

The rule that matters for payments: a request that may have changed something at
MultiSafepay (POST, PATCH, DELETE) is re-sent only when it certainly did not arrive (the
connection was never made) or when the server refused it without acting (429, 503). Any
other failure of such a request becomes `OutcomeUnknownError`: MultiSafepay offers no
idempotency keys, so re-sending could create a second order or refund.

And once an attempt of a write has arrived, the call never ends in an error that claims
nothing happened: a re-sent create refused with 1006 ("order id already used") or a re-sent
refund refused with 1034 (same amount within 5 minutes) may be refusing the first attempt's
own success, so any refusal but another 429/503 becomes `OutcomeUnknownError` too.
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any

import attrs

from ._config import (
    DEFAULT_BACKOFF_INITIAL,
    DEFAULT_BACKOFF_MAX,
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_AFTER,
    DEFAULT_RETRY_BUDGET,
    DEFAULT_TOTAL_TIMEOUT,
)
from .errors import (
    APIConnectionError,
    APIError,
    InvalidResponseError,
    MultiSafepayError,
    OutcomeUnknownError,
    ResponseDecodeError,
    ValidationError,
)

__all__ = ["RetryPolicy", "retry_delay", "set_testing", "sleep_unless_testing"]

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


def testing() -> bool:
    """Whether `set_testing(True)` turned retry sleeps off."""
    return _testing


async def sleep_unless_testing(seconds: float) -> None:
    """Wait between attempts, unless `set_testing(True)` turned waiting off."""
    if not _testing:
        await asyncio.sleep(seconds)


def _non_negative(_: object, field: attrs.Attribute[Any], value: float) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
        raise ValidationError("RetryPolicy", [f"{field.name} must be a number >= 0, got {value!r}"])


def _optional_positive(_: object, field: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and (
        not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0
    ):
        raise ValidationError(
            "RetryPolicy", [f"{field.name} must be None or seconds > 0, got {value!r}"]
        )


def _retry_count(_: object, field: attrs.Attribute[Any], value: int) -> None:
    if type(value) is not int or value < 0:
        raise ValidationError("RetryPolicy", [f"{field.name} must be an int >= 0, got {value!r}"])


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How `AsyncClient` retries; every resource method also takes `max_retries=`.

    Waits `min(backoff_initial * 2**n, backoff_max)` seconds before retry n (0-based), less up
    to `jitter` of it at random, or what the server's `Retry-After` asks for up to
    `max_retry_after` seconds (a longer one is raised at once). At most `budget` seconds are
    spent sleeping per call; then the last error is raised. `total_timeout` (seconds, default
    60; None: no bound) bounds each whole call, retries and backoff included, like a per-call
    `deadline=`: without it a GET against a silent server would take ~91 s (three 30 s reads
    and the backoff), longer than any web request should hang.
    """

    max_retries: int = attrs.field(default=DEFAULT_MAX_RETRIES, validator=_retry_count)
    backoff_initial: float = attrs.field(default=DEFAULT_BACKOFF_INITIAL, validator=_non_negative)
    backoff_max: float = attrs.field(default=DEFAULT_BACKOFF_MAX, validator=_non_negative)
    jitter: float = attrs.field(default=0.25, validator=_non_negative)
    budget: float = attrs.field(default=DEFAULT_RETRY_BUDGET, validator=_non_negative)
    max_retry_after: float = attrs.field(default=DEFAULT_MAX_RETRY_AFTER, validator=_non_negative)
    total_timeout: float | None = attrs.field(
        default=DEFAULT_TOTAL_TIMEOUT, validator=_optional_positive
    )

    def backoff(self, retry: int) -> float:
        """Seconds to wait before retry number `retry` (0-based) when the server gave no hint."""
        delay = min(self.backoff_initial * 2.0**retry, self.backoff_max)
        return delay * (1 - self.jitter * random.random())


def _decide(
    exc: MultiSafepayError,
    *,
    idempotent: bool,
    retries_left: bool,
    reached: MultiSafepayError | None = None,
) -> MultiSafepayError | None:
    """None to retry; otherwise the error to raise (maybe an `OutcomeUnknownError`).
    `reached`: an earlier attempt of this write that arrived (and was refused)."""
    if isinstance(exc, APIConnectionError):
        if idempotent or not exc.request_sent:
            return None if retries_left else exc
        return _unknown(exc, http_status=None)
    if isinstance(exc, InvalidResponseError):
        # Not MultiSafepay's envelope (an HTML page, a cut-off body: something in between
        # failed), or JSON nobody can read: a write may have gone through. Harmless to ask
        # again for a read, unless the same bytes would only fail the same way.
        if not idempotent:
            return _unknown(exc, http_status=exc.http_status)
        return None if retries_left and not isinstance(exc, ResponseDecodeError) else exc
    if isinstance(exc, APIError):
        status = exc.http_status
        if not idempotent and (
            status in UNKNOWN_STATUSES or (status == 500 and exc.error_code is None)
        ):
            return _unknown(exc, http_status=status)
        allowed = RETRY_STATUSES if idempotent else REFUSED_STATUSES
        if retries_left and status in allowed:
            return None
        if reached is not None and status not in REFUSED_STATUSES:
            # This refusal may be of the earlier attempt's own effect (a duplicate).
            note = f"an earlier attempt was answered {_short(reached)} and may have been acted on"
            return _unknown(exc, http_status=status, note=note)
        return exc
    return exc


def _unknown(
    exc: APIConnectionError | APIError, *, http_status: int | None, note: str | None = None
) -> OutcomeUnknownError:
    return OutcomeUnknownError(
        method=exc.method,
        path=exc.path,
        cause=exc,
        order_id=exc.order_id,
        http_status=http_status,
        note=note,
    )


def retry_delay(
    exc: MultiSafepayError,
    *,
    policy: RetryPolicy,
    attempts: int,
    max_retries: int,
    idempotent: bool,
    slept: float,
    time_left: float | None,
    reached: MultiSafepayError | None = None,
) -> float:
    """Seconds to wait before the next try, after try number `attempts` failed with `exc`.

    Raises what the call ends with instead (`exc`, or an `OutcomeUnknownError` for a write
    that may have happened) when the policy says stop, when `slept` plus the wait would pass
    the budget, or when `time_left` (seconds until the call's deadline, None: none) is
    shorter than the wait. Both carry `attempts`.
    """
    failure = _decide(
        exc, idempotent=idempotent, retries_left=attempts <= max_retries, reached=reached
    )
    delay = 0.0
    if failure is None:
        hint = exc.retry_after if isinstance(exc, APIError) else None
        if hint is not None and hint > policy.max_retry_after:
            failure = exc  # "come back in an hour" is not a retry
        else:
            delay = hint if hint is not None else policy.backoff(attempts - 1)
            if (slept + delay > policy.budget) or (time_left is not None and time_left <= delay):
                # Out of budget or the deadline comes first: what stopping now means.
                failure = _decide(exc, idempotent=idempotent, retries_left=False, reached=reached)
    if failure is exc:
        exc.attempts = attempts
        raise exc
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
    return delay


def _short(exc: MultiSafepayError) -> str:
    if isinstance(exc, APIError):
        code = f" error {exc.error_code}" if exc.error_code is not None else ""
        return f"HTTP {exc.http_status}{code}"
    return type(exc).__name__
