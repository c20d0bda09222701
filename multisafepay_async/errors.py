"""The exception hierarchy: every error this package raises is a `MultiSafepayError`.

```
MultiSafepayError
├── ValidationError            bad input, raised before any network I/O
├── ClientStateError           closed client, or used from another event loop
├── WaitTimeoutError           orders.wait ran out of time (carries the last order seen)
├── APIConnectionError         the request did not get an answer (request_sent says if it left)
│   └── APITimeoutError
├── OutcomeUnknownError        a POST/PATCH/DELETE may have reached MultiSafepay; not re-sent
├── WebhookVerificationError   a notification is not authentic, too old, or not an order
└── APIError                   MultiSafepay (or a proxy in front of it) answered with a failure
    ├── AuthenticationError        401, 403, error 1032
    ├── NotFoundError              404, 410 (as status or code), 1006 on a lookup, 1000 "Not found"
    ├── InvalidRequestError        400, 422, errors 1001-1031, 1036, 5001 (1006 on writes)
    ├── RefundRefusedError         error 1034
    ├── RateLimitError             429
    ├── ServerError                other 5xx
    │   └── ServiceUnavailableError    501, 503
    └── InvalidResponseError       a 2xx body that is not MultiSafepay's JSON envelope
        └── ResponseDecodeError        JSON that does not fit the model (names the field)
```

No message, repr or attribute holds the API key: the client builds `path` without the query
string and scrubs server-provided text before it gets here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "ClientStateError",
    "InvalidRequestError",
    "InvalidResponseError",
    "MultiSafepayError",
    "NotFoundError",
    "OutcomeUnknownError",
    "RateLimitError",
    "RefundRefusedError",
    "ResponseDecodeError",
    "ServerError",
    "ServiceUnavailableError",
    "ValidationError",
    "WaitTimeoutError",
    "WebhookVerificationError",
]


class MultiSafepayError(Exception):
    """Root of every exception raised by multisafepay-async."""

    #: How many HTTP attempts were made before this error was raised (0: none was sent).
    attempts: int = 0

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        if self.attempts > 1:
            return f"{self.message} (after {self.attempts} attempts)"
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class ValidationError(MultiSafepayError, ValueError):
    """The input was rejected locally; nothing was sent.

    `errors` lists one readable line per problem, each naming the field (`$.amount: ...`).
    """

    def __init__(self, what: str, errors: Sequence[str]) -> None:
        self.errors = tuple(errors)
        super().__init__(f"invalid {what}: " + "; ".join(self.errors))


class ClientStateError(MultiSafepayError, RuntimeError):
    """The client cannot be used now: it is closed, or belongs to another event loop."""


class WaitTimeoutError(MultiSafepayError, TimeoutError):
    """`orders.wait` gave up: the order did not reach what was awaited in time.

    `order` is the last `Order` seen (None if no lookup succeeded), `order_id` its id.
    """

    def __init__(self, order_id: str, order: Any, waited: float) -> None:
        self.order_id = order_id
        self.order = order
        status = (
            f"last seen {order.raw_status or order.status}" if order is not None else "never seen"
        )
        super().__init__(f"order {order_id!r} not settled after {waited:.1f} s ({status})")


class WebhookVerificationError(MultiSafepayError):
    """A notification was refused; `reason` says why, and the message never holds the body
    or the key.

    Reasons: `missing_header`, `malformed_header`, `bad_signature`, `too_old`,
    `from_the_future`, `bad_payload` (authentic, but not an order), `missing_transactionid`.
    """

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(f"notification refused ({reason}): {message}")


class _RequestFailure(MultiSafepayError):
    """Shared fields of errors that belong to one HTTP call."""

    def __init__(
        self, message: str, *, method: str, path: str, order_id: str | None = None
    ) -> None:
        self.method = method
        self.path = path
        self.order_id = order_id
        super().__init__(f"{method} {path}: {message}")


class APIConnectionError(_RequestFailure):
    """No answer came back: connection refused or reset, protocol error, timeout.

    `request_sent` is False only when the request certainly never left this machine
    (connect failure, no free connection), so that even a POST may be retried safely.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        request_sent: bool,
        order_id: str | None = None,
    ) -> None:
        self.request_sent = request_sent
        super().__init__(message, method=method, path=path, order_id=order_id)


class APITimeoutError(APIConnectionError):
    """A connect, read, write or pool timeout expired."""


class OutcomeUnknownError(_RequestFailure):
    """A non-idempotent call failed after MultiSafepay may have acted on it.

    It was not re-sent, since that could create a second order or refund. Look the order up
    (`orders.create(..., reconcile=True)` does it for you) before trying again. `cause` is the
    underlying connection error or HTTP error; `http_status` is set when a proxy answered.
    After `reconcile=True`, `lookup_error` is the error of the lookup that could not settle
    it (None when the lookup answered, e.g. with a different order under that id).
    """

    def __init__(
        self,
        *,
        method: str,
        path: str,
        cause: MultiSafepayError,
        order_id: str | None = None,
        http_status: int | None = None,
        lookup_error: MultiSafepayError | None = None,
        note: str | None = None,
    ) -> None:
        self.cause = cause
        self.http_status = http_status
        self.lookup_error = lookup_error
        subject = f"order {order_id!r}" if order_id else "the request"
        message = (
            f"outcome unknown, {subject} may have been processed and was not re-sent"
            f" ({cause.message})"
        )
        if note:
            message += f"; {note}"
        if lookup_error is not None:
            message += f" ({type(lookup_error).__name__}: {lookup_error})"
        super().__init__(message, method=method, path=path, order_id=order_id)

    def after_lookup(
        self, lookup_error: MultiSafepayError | None, note: str
    ) -> OutcomeUnknownError:
        """This error again, saying why the lookup that followed did not settle it."""
        error = OutcomeUnknownError(
            method=self.method,
            path=self.path,
            cause=self.cause,
            order_id=self.order_id,
            http_status=self.http_status,
            lookup_error=lookup_error,
            note=note,
        )
        error.attempts = self.attempts
        return error


class APIError(_RequestFailure):
    """MultiSafepay answered with a failure (`success: false`, or an HTTP error status).

    Raised whatever the HTTP status: MultiSafepay reports many failures with HTTP 200. Carries
    `http_status`, `error_code`, `error_info`, the answer's `headers` and `body` text (the key
    scrubbed), and the request's `method` and `path` (never the key).
    """

    def __init__(
        self,
        *,
        method: str,
        path: str,
        http_status: int,
        error_code: int | None = None,
        error_info: str | None = None,
        retry_after: float | None = None,
        order_id: str | None = None,
        detail: str | None = None,
        headers: Mapping[str, str] | None = None,
        body: str | None = None,
    ) -> None:
        self.http_status = http_status
        self.error_code = error_code
        self.error_info = error_info
        #: The answer's headers (lower-case names), and its body as text (the API key
        #: scrubbed, at most 8 KiB).
        self.headers: Mapping[str, str] = {k.lower(): v for k, v in (headers or {}).items()}
        self.body = body
        #: Seconds the server asked us to wait (Retry-After / retry-after-ms), if it said so.
        self.retry_after = retry_after
        parts = [f"HTTP {http_status}"]
        if error_code is not None:
            parts.append(f"error {error_code}")
        text = ", ".join(parts)
        if error_info:
            text += f": {error_info}"
        if detail:
            text += f" ({detail})"
        super().__init__(text, method=method, path=path, order_id=order_id)


class AuthenticationError(APIError):
    """The API key was refused: wrong key, wrong environment (test vs live), no access."""


class NotFoundError(APIError):
    """The order, transaction or other object does not exist (for this website)."""


class InvalidRequestError(APIError):
    """MultiSafepay rejected the request's content (amount, currency, cart, ...)."""


class RefundRefusedError(APIError):
    """The refund was refused (error 1034): over the refundable amount, duplicate, ..."""


class RateLimitError(APIError):
    """Too many requests (HTTP 429)."""


class ServerError(APIError):
    """MultiSafepay or a proxy in front of it failed (HTTP 5xx)."""


class ServiceUnavailableError(ServerError):
    """The API could not be reached or is down for maintenance (HTTP 501/503)."""


class InvalidResponseError(APIError):
    """The answer is not MultiSafepay's JSON envelope (an HTML page, a truncated body)."""


class ResponseDecodeError(InvalidResponseError):
    """The JSON answer does not fit the expected model; `field` names where it broke."""

    def __init__(
        self, *, method: str, path: str, http_status: int, field: str, problem: str
    ) -> None:
        self.field = field
        super().__init__(
            method=method,
            path=path,
            http_status=http_status,
            error_info=f"response does not match the model at {field}: {problem}",
        )


_CODE_CLASSES: dict[int, type[APIError]] = {
    1032: AuthenticationError,
    1006: NotFoundError,
    1034: RefundRefusedError,
}
_INVALID_REQUEST_CODES = frozenset([*range(1001, 1032), 1036, 5001])
_STATUS_CLASSES: dict[int, type[APIError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFoundError,
    410: NotFoundError,
    422: InvalidRequestError,
    429: RateLimitError,
    501: ServiceUnavailableError,
    503: ServiceUnavailableError,
}


def api_error_class(
    http_status: int, error_code: int | None, method: str = "GET", error_info: str | None = None
) -> type[APIError]:
    """The most specific class for a failure: MultiSafepay's error code first, then status."""
    if error_code == 1006 and method != "GET" and http_status != 404:
        return InvalidRequestError  # on create, 1006 means the order_id is invalid or taken
    if error_code in (404, 410):  # an HTTP status written as the code, inside an HTTP 200
        return NotFoundError
    if error_code == 1000 and (error_info or "").strip().lower().startswith("not found"):
        return NotFoundError  # 1000 is "unknown error", but also what token lookups send
    if error_code is not None:
        if error_code in _CODE_CLASSES:
            return _CODE_CLASSES[error_code]
        if error_code in _INVALID_REQUEST_CODES:
            return InvalidRequestError
    if http_status in _STATUS_CLASSES:
        return _STATUS_CLASSES[http_status]
    if http_status >= 500:
        return ServerError
    return APIError
