"""Keeps API keys out of log records, including those of httpx and httpcore.

httpx logs every request URL at INFO, so with `api_key_in="query"` the key would land in
application logs. A filter on the loggers that can see requests rewrites each record: the
keys of open clients, and any `api_key=...` query value, become `[redacted]`.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

__all__ = ["REDACTED", "forget_secret", "redact", "register_secret"]

REDACTED = "[redacted]"
_QUERY_KEY = re.compile(r"(api_key=)[^&\s'\"<>]+", re.IGNORECASE)
_LOGGERS = (
    "multisafepay_async",
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "aiohttp.client",
    "aiohttp.internal",
)
# Counted: two open clients may share a key, and closing one must not unmask the other's.
_secrets: Counter[str] = Counter()


def redact(text: str) -> str:
    for secret in _secrets:
        text = text.replace(secret, REDACTED)
    return _QUERY_KEY.sub(rf"\g<1>{REDACTED}", text)


class _RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_FILTER = _RedactingFilter()


def register_secret(secret: str) -> None:
    """Redact `secret` from now on; installs the filter on first use."""
    _secrets[secret] += 1
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


def forget_secret(secret: str) -> None:
    """Undo one `register_secret`; the key stays redacted while another holder remains."""
    _secrets[secret] -= 1
    if _secrets[secret] <= 0:
        del _secrets[secret]
