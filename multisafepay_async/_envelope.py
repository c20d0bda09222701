"""Turns an HTTP answer into MultiSafepay's envelope, or into the typed error it means.

MultiSafepay reports failures as `{"success": false, "error_code": ..., "error_info": ...}`
with *any* HTTP status, 200 included; proxies in front of it answer with HTML pages. This is
the one place that tells success from failure.
"""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from typing import Any

from ._backends import RawResponse
from ._json import TooDeepError, loads
from ._redact import REDACTED, redact
from .errors import APIError, InvalidResponseError, ResponseDecodeError, api_error_class

__all__ = ["check_envelope", "parse_retry_after"]

_BODY_KEPT = 8192  # bytes of a failed answer's body an error keeps


def check_envelope(
    raw: RawResponse, *, method: str, path: str, order_id: str | None, secret: str
) -> dict[str, Any]:
    """The decoded envelope of a successful answer; otherwise raises an `APIError`."""
    try:
        body = loads(raw.content) if raw.content else None
    except TooDeepError:
        if raw.status >= 400:
            body = None
        else:
            raise ResponseDecodeError(
                method=method, path=path, http_status=raw.status, field="$", problem="too deep"
            ) from None
    except ValueError:  # not JSON at all (an HTML error page, a truncated body)
        body = None
    if isinstance(body, dict) and raw.status < 400:
        success = body.get("success")
        if success is True or (success is None and "data" in body):
            return body
    raise _error(raw, body, method=method, path=path, order_id=order_id, secret=secret)


def _error(
    raw: RawResponse,
    body: object,
    *,
    method: str,
    path: str,
    order_id: str | None,
    secret: str,
) -> APIError:
    code: int | None = None
    info: str | None = None
    detail: str | None = None
    if isinstance(body, dict):
        code = _as_int(body.get("error_code"))
        info = _text(body.get("error_info") or body.get("message"))
        if body.get("success") is not False and code is None and raw.status < 400:
            detail = "JSON without MultiSafepay's envelope"
    else:
        kind = raw.headers.get("content-type", "no content type")
        detail = f"not JSON ({kind}): {_snippet(raw.content)}" if raw.content else "empty body"
    if raw.status < 400 and detail is not None:
        cls: type[APIError] = InvalidResponseError
    else:
        cls = api_error_class(raw.status, code, method, info)
    return cls(
        method=method,
        path=path,
        http_status=raw.status,
        error_code=code,
        error_info=_redact(info, secret),
        detail=_redact(detail, secret),
        retry_after=parse_retry_after(raw.headers),
        order_id=order_id,
        headers=raw.headers,
        body=_redact(raw.content[:_BODY_KEPT].decode("utf-8", "replace"), secret),
    )


def parse_retry_after(headers: Any, now: float | None = None) -> float | None:
    """Seconds to wait from `retry-after-ms` or `Retry-After` (seconds or an HTTP date)."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return max(float(millis) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None
    return max(when - (time.time() if now is None else now), 0.0)


def _as_int(value: object) -> int | None:
    if type(value) is int:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _snippet(content: bytes, limit: int = 120) -> str:
    text = " ".join(content[: limit * 4].decode("utf-8", "replace").split())
    return text[:limit] + ("..." if len(text) > limit else "")


def _redact(text: str | None, secret: str) -> str | None:
    if text is None:
        return None
    return redact(text.replace(secret, REDACTED) if secret else text)
