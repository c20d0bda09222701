"""Verify and parse MultiSafepay's notifications (webhooks).

MultiSafepay POSTs the order as JSON to your `notification_url` with
`?transactionid=<order_id>&timestamp=<unix>` and signs it in the `Auth` header:
`base64("<timestamp>:<hex HMAC-SHA512(key=API key, msg=timestamp + ':' + raw body)>")`.

The signature covers the **raw body bytes**: pass exactly what you received, never JSON you
decoded and encoded again (spacing, `\\/` escapes, `\\u00e9` or `1.10` would differ and a
genuine notification would fail, as it does in the official Python SDK). Comparison is
constant-time. Answer HTTP 200 with body `OK` (`ACKNOWLEDGEMENT`) once you have processed it;
anything else makes MultiSafepay try again later.

```python
from multisafepay_async.webhooks import parse_notification, ACKNOWLEDGEMENT

order = parse_notification(await request.body(), request.headers.get("auth"), API_KEY)
```
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ._convert import converter, decode_error
from ._json import loads
from .errors import ValidationError, WebhookVerificationError
from .models.order import Order

if TYPE_CHECKING:
    from ._client import AsyncClient

__all__ = [
    "ACKNOWLEDGEMENT",
    "DEFAULT_MAX_AGE",
    "FUTURE_SKEW",
    "fetch_notified_order",
    "parse_notification",
    "sign_notification",
    "verify_notification",
]

#: The body MultiSafepay expects in the 200 answer to a processed notification.
ACKNOWLEDGEMENT = "OK"
#: Seconds a notification stays acceptable (MultiSafepay's SDKs use the same 600).
DEFAULT_MAX_AGE = 600.0
#: Seconds a timestamp may lie ahead of our clock (clock drift), not more.
FUTURE_SKEW = 60.0
_HEX = frozenset("0123456789abcdef")


def _key_bytes(api_key: str) -> bytes:
    if not isinstance(api_key, str) or not api_key.strip():
        raise ValidationError("webhook api_key", ["$: expected the website API key"])
    return api_key.strip().encode()  # MultiSafepay's SDKs strip it too


def _signature(key: bytes, timestamp: bytes, body: bytes) -> str:
    return hmac.new(key, timestamp + b":" + body, hashlib.sha512).hexdigest()


def sign_notification(body: bytes, api_key: str, *, timestamp: int | None = None) -> str:
    """The `Auth` header MultiSafepay would send with `body` (for tests and fake servers)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp).encode()
    signature = _signature(_key_bytes(api_key), stamp, bytes(body))
    return base64.b64encode(stamp + b":" + signature.encode()).decode()


def verify_notification(
    body: bytes,
    auth: str | bytes | None,
    api_key: str,
    *,
    max_age: float = DEFAULT_MAX_AGE,
    now: float | None = None,
) -> None:
    """Return if `body` was signed by MultiSafepay with `api_key`; else raise
    `WebhookVerificationError`.

    `auth` is the `Auth` header; `max_age` the seconds a notification stays valid
    (0 disables the age check); `now` the current Unix time (for tests).
    """
    if not isinstance(body, (bytes, bytearray, memoryview)):
        raise ValidationError(
            "webhook body", ["$: pass the raw request body as bytes, not decoded text"]
        )
    key = _key_bytes(api_key)
    if auth is None or not auth.strip():
        raise WebhookVerificationError("missing_header", "no Auth header")
    try:
        decoded = base64.b64decode(auth.strip(), validate=True).decode("ascii")
    except (binascii.Error, ValueError):
        raise WebhookVerificationError("malformed_header", "Auth is not base64 ASCII") from None
    stamp, colon, given = decoded.partition(":")
    given = given.lower()
    if not colon or not stamp.isdigit() or len(given) != 128 or not set(given) <= _HEX:
        raise WebhookVerificationError(
            "malformed_header", "Auth does not decode to '<timestamp>:<128 hex digits>'"
        )
    expected = _signature(key, stamp.encode(), bytes(body))
    if not hmac.compare_digest(expected, given):
        raise WebhookVerificationError("bad_signature", "the signature does not match the body")
    if max_age > 0:
        current = time.time() if now is None else now
        sent = int(stamp)
        if sent + max_age < current:
            age = current - sent
            raise WebhookVerificationError("too_old", f"sent {age:.0f}s ago (max {max_age:.0f}s)")
        if sent > current + FUTURE_SKEW:
            ahead = sent - current
            raise WebhookVerificationError("from_the_future", f"timestamp {ahead:.0f}s ahead")


def parse_notification(
    body: bytes,
    auth: str | bytes | None,
    api_key: str,
    *,
    max_age: float = DEFAULT_MAX_AGE,
    now: float | None = None,
) -> Order:
    """Verify the notification, then decode its body into the same `Order` as `orders.get`."""
    verify_notification(body, auth, api_key, max_age=max_age, now=now)
    try:
        data = loads(bytes(body))
    except ValueError:
        raise WebhookVerificationError("bad_payload", "the body is not JSON") from None
    if isinstance(data, dict) and "success" in data and isinstance(data.get("data"), dict):
        data = data["data"]  # tolerate an enveloped body too
    try:
        return converter.structure(data, Order)
    except Exception:
        where, problem = decode_error(data, Order)
        raise WebhookVerificationError(
            "bad_payload", f"not an order at {where}: {problem}"
        ) from None


async def fetch_notified_order(client: AsyncClient, query: Mapping[str, str]) -> Order:
    """For GET-style notifications (`?transactionid=...&timestamp=...`, no body, no
    signature): fetch the order from the API, which is the only trustworthy source."""
    order_id = query.get("transactionid", "").strip()
    if not order_id:
        raise WebhookVerificationError("missing_transactionid", "no transactionid parameter")
    return await client.orders.get(order_id)
