"""Every default of the client in one place, each with the reason it has that value."""

from __future__ import annotations

from typing import Final, Literal

import httpx

from ._version import __version__

Environment = Literal["test", "live"]
ApiKeyLocation = Literal["header", "query"]
BackendName = Literal["httpx", "aiohttp"]

BASE_URLS: Final[dict[str, str]] = {
    "test": "https://testapi.multisafepay.com/v1/json",
    "live": "https://api.multisafepay.com/v1/json",
}

# Payment calls are short. Connecting should take milliseconds, so 5 s means the network is
# broken; 30 s for reading covers MultiSafepay's slowest direct-payment calls (they wait on
# banks). No pool timeout: the client bounds in-flight requests itself (one permit per
# connection), so a request never waits in httpx's pool, where httpx 0.28 collapses under load.
DEFAULT_TIMEOUT: Final = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=None)

# 100 connections, all kept alive: with httpx's default of 20 kept alive, a batch of 100 in
# flight reopens a TCP (and TLS) connection for most requests.
DEFAULT_MAX_CONNECTIONS: Final = 100
KEEPALIVE_EXPIRY: Final = 30.0

# Three attempts (two retries), exponential backoff 0.5, 1, 2, ... capped at 8 s, at most 30 s
# of sleeping per call; a Retry-After above 60 s is a "come back later", not a retry.
DEFAULT_MAX_RETRIES: Final = 2
DEFAULT_BACKOFF_INITIAL: Final = 0.5
DEFAULT_BACKOFF_MAX: Final = 8.0
DEFAULT_RETRY_BUDGET: Final = 30.0
DEFAULT_MAX_RETRY_AFTER: Final = 60.0
# Every call ends within 60 s, retries included, unless asked otherwise: three 30 s reads of a
# silent server would otherwise hold a web request ~91 s, past most proxies' and users'
# patience. A write cut off by it ends in OutcomeUnknownError, like any write in doubt.
DEFAULT_TOTAL_TIMEOUT: Final = 60.0

USER_AGENT: Final = f"multisafepay-async/{__version__} (+python httpx)"
API_KEY_PARAM: Final = "api_key"

# Documents uploaded for a chargeback, a bank statement or an identity check: MultiSafepay
# documents no limit, and a scan or PDF of a statement is well under 10 MiB; a larger file is
# far more likely the wrong file than evidence, and would be sent in one JSON body whole.
MAX_UPLOAD_BYTES: Final = 10 * 1024 * 1024
