"""Checking what `AsyncClient(...)` is given, before anything is opened: every problem at
once, in one `ValidationError`. Also where the environment's settings are read."""

from __future__ import annotations

import os
import ssl
from typing import Any, Literal
from urllib.parse import urlsplit
from urllib.request import getproxies

import httpx

from . import _config
from ._backends import aiohttp_available
from ._redact import redact
from .errors import ValidationError

__all__ = [
    "API_KEY_VARIABLE",
    "ENVIRONMENT_VARIABLE",
    "as_timeout",
    "check_client",
    "make_ssl_context",
    "own_pool_fits",
]

API_KEY_VARIABLE = "MULTISAFEPAY_API_KEY"
ENVIRONMENT_VARIABLE = "MULTISAFEPAY_ENVIRONMENT"

Verify = ssl.SSLContext | str | os.PathLike[str] | Literal[True]


def from_environment(api_key: str | None, environment: str | None) -> tuple[str | None, str]:
    """The key and environment given, else those of MULTISAFEPAY_API_KEY and
    MULTISAFEPAY_ENVIRONMENT (default "test"); no key at all is None, for `check_client` to
    report with the other problems."""
    if api_key is None:
        api_key = os.environ.get(API_KEY_VARIABLE)
    if environment is None:
        environment = os.environ.get(ENVIRONMENT_VARIABLE, "").strip().lower() or "test"
    return api_key, environment


def check_client(
    *,
    api_key: object,
    environment: object,
    base_url: object,
    api_key_in: object,
    max_connections: object,
    timeout: object,
    http_client: object,
    transport: object,
    limits: object,
    backend: object,
    verify: object,
) -> httpx.Timeout:
    """The client's timeout; raises `ValidationError` listing every problem there is."""
    problems = []
    if api_key is None:
        problems.append(f"api_key: pass one, or set {API_KEY_VARIABLE} in the environment")
    elif not isinstance(api_key, str) or not api_key.strip():
        problems.append("api_key must be a non-empty string")
    if environment not in _config.BASE_URLS:
        problems.append(f"environment must be 'test' or 'live', got {environment!r}")
    if base_url is not None and not is_absolute_http_url(base_url):
        problems.append(
            f"base_url must be an absolute http:// or https:// URL, got {redact(repr(base_url))}"
        )
    if api_key_in not in ("header", "query"):
        problems.append(f"api_key_in must be 'header' or 'query', got {api_key_in!r}")
    if type(max_connections) is not int or max_connections < 1:
        problems.append(f"max_connections must be a positive integer, got {max_connections!r}")
    if http_client is not None and (transport is not None or limits is not None):
        problems.append("pass either http_client or transport/limits, not both")
    if backend not in ("httpx", "aiohttp"):
        problems.append(f"backend must be 'httpx' or 'aiohttp', got {backend!r}")
    elif backend == "aiohttp" and (http_client is not None or transport is not None):
        problems.append("http_client and transport are httpx's; backend='aiohttp' takes neither")
    elif backend == "aiohttp" and not aiohttp_available():
        problems.append(
            "backend='aiohttp' needs aiohttp: pip install 'multisafepay-async[aiohttp]'"
        )
    if verify is not True and not isinstance(verify, (ssl.SSLContext, str, os.PathLike)):
        problems.append(
            f"verify must be True, a CA bundle path or an ssl.SSLContext, got {verify!r}"
        )
    elif isinstance(verify, (str, os.PathLike)) and not os.path.exists(verify):
        problems.append(f"verify: no CA bundle at {os.fspath(verify)!r}")
    elif http_client is not None and verify is not True:
        problems.append("verify belongs to the http_client you pass; set it there")
    try:
        checked = as_timeout(timeout, "client configuration")
    except ValidationError as exc:
        problems += exc.errors
    if problems:
        raise ValidationError("client configuration", problems)
    return checked


def is_absolute_http_url(url: object) -> bool:
    if not isinstance(url, str):
        return False
    parts = urlsplit(url.strip())
    # No query or fragment: the client appends paths and its own query to it.
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not parts.query
        and not parts.fragment
    )


def as_timeout(timeout: object, what: str) -> httpx.Timeout:
    """`timeout` as an `httpx.Timeout`: positive seconds for every phase, or one as given."""
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, (int, float)) and not isinstance(timeout, bool) and timeout > 0:
        return httpx.Timeout(timeout)
    raise ValidationError(
        what, [f"timeout must be positive seconds or an httpx.Timeout, got {timeout!r}"]
    )


def make_ssl_context(verify: Any) -> ssl.SSLContext:
    """The SSL context `verify=` asks for (checked by `check_client`)."""
    if isinstance(verify, ssl.SSLContext):
        return verify
    if verify is True:  # certifi, or SSL_CERT_FILE / SSL_CERT_DIR when set
        return httpx.create_ssl_context()
    if os.path.isdir(verify):
        return ssl.create_default_context(capath=verify)
    return ssl.create_default_context(cafile=verify)


def own_pool_fits(slots: int | None) -> bool:
    """Our pool, unless the pool is unbounded or the environment names a proxy (httpx's own
    pool honours proxy settings; ours talks to the API host directly)."""
    return slots is not None and not any(k in getproxies() for k in ("http", "https", "all"))
