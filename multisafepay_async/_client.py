"""`AsyncClient`: configuration, lifecycle, and the one request path every resource uses.

resource method  ->  AsyncClient._request: build URL, headers, body
                 ->  _retry.call_with_retries: retry or raise
                 ->  _backends: send, in-flight bounded by a semaphore
                 ->  _envelope.check_envelope: success, or the typed error
                 ->  AsyncClient._decode: JSON -> attrs model via the converter
"""

from __future__ import annotations

import copy
import json
import os
import ssl
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Literal, Self, TypeVar
from urllib.parse import quote, urlencode, urlsplit
from urllib.request import getproxies

import attrs
import httpx

from . import _config
from ._aiohttp_backend import AiohttpBackend
from ._backends import (
    Backend,
    HttpxBackend,
    SlotBackend,
    TransportFailure,
    aiohttp_available,
)
from ._config import ApiKeyLocation, BackendName, Environment
from ._convert import converter, decode_error
from ._envelope import check_envelope
from ._httpx_pool import SlotPool
from ._lifecycle import Lifecycle
from ._redact import redact
from ._retry import RetryPolicy, call_with_retries
from .errors import (
    APIConnectionError,
    APITimeoutError,
    ResponseDecodeError,
    ValidationError,
)
from .models.catalog import Me
from .resources._base import Query, Timeout
from .resources.catalog import Auth, Categories, Gateways, Issuers, PaymentMethods
from .resources.events import Events
from .resources.orders import Orders
from .resources.pos import Pos, Terminals, Wallets
from .resources.tokens import Tokens
from .resources.transactions import Transactions

__all__ = ["AsyncClient"]

T = TypeVar("T")

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class AsyncClient:
    """An asyncio client for the MultiSafepay JSON API.

    Open one per process (per event loop) and share it: it holds one connection pool.

    ```python
    async with AsyncClient(api_key, environment="test") as client:
        order = await client.orders.get("my-order-id-1")
    ```

    Args:
        api_key: the website API key. It is sent in the `api_key` header (or, with
            `api_key_in="query"`, as the `api_key` query parameter) and never logged or shown.
        environment: `"test"` or `"live"`; picks the base URL.
        base_url: overrides the environment, including the API prefix
            (e.g. `http://127.0.0.1:8080/v1/json` for a fake server or a proxy).
        timeout: seconds for every phase, or an `httpx.Timeout`.
        retry: the `RetryPolicy`; every method also takes `max_retries=`.
        max_connections: pool size, and the most requests in flight at once.
        limits: a full `httpx.Limits` instead of `max_connections`.
        http_client: an `httpx.AsyncClient` you own (not closed by `aclose`).
        transport: any `httpx.AsyncBaseTransport` (respx, `httpx.ASGITransport`, ...).
        verify: how to check the server's certificate: `True` (certifi's CA bundle, or
            `SSL_CERT_FILE` / `SSL_CERT_DIR` when set), a CA bundle file or directory (a
            corporate proxy's CA), or your own `ssl.SSLContext`. There is no `False`: an
            unverified payments connection has to be asked for with an explicit context.
        backend: `"httpx"`, or `"aiohttp"` (the `aiohttp` extra) for the fastest batches;
            retries, errors, timeouts and redaction behave the same on both.
    """

    orders: Orders
    events: Events
    transactions: Transactions
    gateways: Gateways
    issuers: Issuers
    categories: Categories
    payment_methods: PaymentMethods
    tokens: Tokens
    auth: Auth
    terminals: Terminals
    pos: Pos
    wallets: Wallets

    def __init__(
        self,
        api_key: str,
        *,
        environment: Environment = "test",
        base_url: str | None = None,
        api_key_in: ApiKeyLocation = "header",
        timeout: float | httpx.Timeout = _config.DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        max_connections: int = _config.DEFAULT_MAX_CONNECTIONS,
        limits: httpx.Limits | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        backend: BackendName = "httpx",
        verify: ssl.SSLContext | str | os.PathLike[str] | Literal[True] = True,
    ) -> None:
        problems = _check_config(api_key, environment, base_url, api_key_in, max_connections)
        if http_client is not None and (transport is not None or limits is not None):
            problems.append("pass either http_client or transport/limits, not both")
        if backend not in ("httpx", "aiohttp"):
            problems.append(f"backend must be 'httpx' or 'aiohttp', got {backend!r}")
        elif backend == "aiohttp" and (http_client is not None or transport is not None):
            problems.append(
                "http_client and transport are httpx's; backend='aiohttp' takes neither"
            )
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
            self._timeout = _as_timeout(timeout, "client configuration")
        except ValidationError as exc:
            problems += exc.errors
        if problems:
            raise ValidationError("client configuration", problems)
        self._api_key_in = api_key_in
        self._environment = environment
        self._base_url = (base_url or _config.BASE_URLS[environment]).rstrip("/")
        self._retry = retry or RetryPolicy()
        self._limits = limits or httpx.Limits(
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=_config.KEEPALIVE_EXPIRY,
        )
        self._http_client = http_client
        self._transport = transport
        self._backend_name = backend
        self._ssl: ssl.SSLContext | None = None
        self._verify: ssl.SSLContext | str | Literal[True] = (
            verify if verify is True or isinstance(verify, ssl.SSLContext) else os.fspath(verify)
        )
        self._state = Lifecycle(self._limits.max_connections)
        self._owner = True  # False for with_options views, which share `_state`
        self._use_key(api_key.strip())

    def _use_key(self, key: str) -> None:
        self._api_key = key
        self._state.use_key(key)
        self._headers = {"accept": "application/json", "user-agent": _config.USER_AGENT}
        if self._api_key_in == "header":
            self._headers[_config.API_KEY_PARAM] = key
        self._json_headers = {**self._headers, "content-type": "application/json"}
        self._key_params = {_config.API_KEY_PARAM: key} if self._api_key_in == "query" else {}
        self._bind_resources()

    def _bind_resources(self) -> None:
        self.orders = Orders(self)
        self.events = Events(self)
        self.transactions = Transactions(self)
        self.gateways = Gateways(self)
        self.issuers = Issuers(self)
        self.categories = Categories(self)
        self.payment_methods = PaymentMethods(self)
        self.tokens = Tokens(self)
        self.auth = Auth(self)
        self.terminals = Terminals(self)
        self.pos = Pos(self)
        self.wallets = Wallets(self)

    def with_options(
        self,
        *,
        api_key: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
    ) -> AsyncClient:
        """A view of this client with other defaults, on the same connection pool.

        ```python
        terminal = client.with_options(api_key=terminal_group_key)
        await terminal.orders.create(pos_order)
        ```

        The view shares the pool and its lifecycle: closing this client closes it for every
        view (a view's own `aclose` leaves the pool to its owner). Every key a view uses is
        redacted from logs and errors like the client's own.
        """
        problems = []
        if api_key is not None and (not isinstance(api_key, str) or not api_key.strip()):
            problems.append("api_key must be a non-empty string")
        if retry is not None and not isinstance(retry, RetryPolicy):
            problems.append(f"retry must be a RetryPolicy, got {retry!r}")
        if max_retries is not None and (type(max_retries) is not int or max_retries < 0):
            problems.append(f"max_retries must be an int >= 0, got {max_retries!r}")
        try:
            new_timeout = self._timeout if timeout is None else _as_timeout(timeout, "options")
        except ValidationError as exc:
            problems += exc.errors
        if problems:
            raise ValidationError("with_options", problems)
        view = copy.copy(self)
        view._owner = False
        view._timeout = new_timeout
        view._retry = retry or self._retry
        if max_retries is not None:
            view._retry = attrs.evolve(view._retry, max_retries=max_retries)
        if api_key is not None:
            view._use_key(api_key.strip())  # rebinds the resources too
        else:
            view._bind_resources()
        return view

    def __repr__(self) -> str:
        state = "closed" if self._state.closed else "open" if self._state.backend else "new"
        return (
            f"AsyncClient(environment={self._environment!r}, base_url={self._base_url!r}, "
            f"api_key_in={self._api_key_in!r}, state={state!r})"
        )

    async def me(self, *, max_retries: int | None = None, timeout: Timeout = None) -> Me:
        """Whose key this is: account, site and role (`GET /me`)."""
        data = await self._request("GET", "me", max_retries=max_retries, timeout=timeout)
        return self._decode(data, Me, method="GET", path="/me")

    # --- lifecycle ---------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        self._ensure_open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool (unless it belongs to a user-supplied `http_client`).
        On a `with_options` view this does nothing: the pool is its owner's to close."""
        if self._owner:
            await self._state.aclose()

    @property
    def is_closed(self) -> bool:
        return self._state.closed

    @property
    def _backend(self) -> Backend | None:
        return self._state.backend

    @_backend.setter
    def _backend(self, backend: Backend | None) -> None:  # for benchmarks and tests
        self._state.backend = backend

    def _ensure_open(self) -> Backend:
        return self._state.ensure_open(lambda: self._make_backend(self._limits.max_connections))

    def _make_backend(self, slots: int | None) -> Backend:
        if self._backend_name == "aiohttp":
            return AiohttpBackend(
                max_connections=slots,
                keepalive_expiry=self._limits.keepalive_expiry,
                ssl_context=self._ssl_context,
                https=self._base_url.startswith("https:"),
                default_timeout=self._timeout,
                default_headers=self._headers,
            )
        if self._http_client is None and self._transport is None and _own_pool_fits(slots):
            assert slots is not None
            pool = SlotPool(
                self._base_url,
                slots,
                keepalive_expiry=self._limits.keepalive_expiry,
                ssl_context=self._ssl_context,
            )
            return SlotBackend(pool)
        client = self._http_client or httpx.AsyncClient(
            timeout=self._timeout,
            limits=self._limits,
            transport=self._transport,
            follow_redirects=False,
            verify=True if self._verify is True else self._ssl_context(),  # same meaning
        )
        return HttpxBackend(client, owned=self._http_client is None)

    def _ssl_context(self) -> ssl.SSLContext:
        """One context for every connection, made on first need (loading a CA bundle takes
        ~40 ms)."""
        if self._ssl is None:
            verify = self._verify
            if isinstance(verify, ssl.SSLContext):
                self._ssl = verify
            elif verify is True:  # certifi, or SSL_CERT_FILE / SSL_CERT_DIR when set
                self._ssl = httpx.create_ssl_context()
            elif os.path.isdir(verify):
                self._ssl = ssl.create_default_context(capath=verify)
            else:
                self._ssl = ssl.create_default_context(cafile=verify)
        return self._ssl

    # --- the request path ----------------------------------------------------------------------

    async def _request(
        self,
        method: str,
        *segments: str,
        params: Query | None = None,
        body: Mapping[str, Any] | None = None,
        order_id: str | None = None,
        max_retries: int | None = None,
        timeout: Timeout = None,
        envelope: bool = False,
    ) -> Any:
        """Send one API call (with retries); return the envelope's `data` (or, with
        `envelope=True`, the whole envelope, for `pager`)."""
        backend = self._ensure_open()
        inflight = self._state.inflight
        assert inflight is not None
        path = "/" + "/".join(quote(segment, safe="") for segment in segments)
        # The path as errors and logs show it: real query values, never the key.
        shown = f"{path}?{urlencode(params, doseq=True)}" if params else path
        query = {**(params or {}), **self._key_params}
        url = (
            f"{self._base_url}{path}?{urlencode(query, doseq=True)}"
            if query
            else self._base_url + path
        )
        headers = self._headers if body is None else self._json_headers
        content = None if body is None else _encode_body(body)
        request_timeout = self._call_timeout(timeout)

        async def attempt() -> dict[str, Any]:
            async with inflight:
                try:
                    raw = await backend.send(
                        method,
                        url,
                        headers=headers,
                        content=content,
                        timeout=request_timeout,
                    )
                except TransportFailure as exc:
                    error = APITimeoutError if exc.timeout else APIConnectionError
                    raise error(
                        str(exc),
                        method=method,
                        path=shown,
                        request_sent=exc.sent,
                        order_id=order_id,
                    ) from None
            return check_envelope(
                raw, method=method, path=shown, order_id=order_id, secret=self._api_key
            )

        retries = self._retries(max_retries)
        answer = await call_with_retries(
            attempt,
            policy=self._retry,
            max_retries=retries,
            idempotent=method in _IDEMPOTENT_METHODS,
        )
        return answer if envelope else answer.get("data")

    def _retries(self, max_retries: int | None) -> int:
        """A call's `max_retries` (the policy's when None), checked before any I/O."""
        retries = self._retry.max_retries if max_retries is None else max_retries
        if type(retries) is not int or retries < 0:
            raise ValidationError(
                "call options", [f"max_retries must be an int >= 0, got {retries!r}"]
            )
        return retries

    def _call_timeout(self, timeout: Timeout) -> httpx.Timeout:
        """A call's `timeout` (the client's when None), checked before any I/O."""
        return self._timeout if timeout is None else _as_timeout(timeout, "call options")

    def _decode(self, data: Any, cls: type[T], *, method: str, path: str) -> T:
        """Structure `data` into `cls`, or raise `ResponseDecodeError` naming the field."""
        try:
            return converter.structure(data, cls)
        except Exception:
            where, problem = decode_error(data, cls)
            raise ResponseDecodeError(
                method=method, path=path, http_status=200, field=where, problem=problem
            ) from None


def _own_pool_fits(slots: int | None) -> bool:
    """Our pool, unless the pool is unbounded or the environment names a proxy (httpx's own
    pool honours proxy settings; ours talks to the API host directly)."""
    return slots is not None and not any(k in getproxies() for k in ("http", "https", "all"))


def _check_config(
    api_key: object,
    environment: object,
    base_url: object,
    api_key_in: object,
    max_connections: object,
) -> list[str]:
    problems = []
    if not isinstance(api_key, str) or not api_key.strip():
        problems.append("api_key must be a non-empty string")
    if environment not in _config.BASE_URLS:
        problems.append(f"environment must be 'test' or 'live', got {environment!r}")
    if base_url is not None and not _is_absolute_http_url(base_url):
        problems.append(
            f"base_url must be an absolute http:// or https:// URL, got {redact(repr(base_url))}"
        )
    if api_key_in not in ("header", "query"):
        problems.append(f"api_key_in must be 'header' or 'query', got {api_key_in!r}")
    if type(max_connections) is not int or max_connections < 1:
        problems.append(f"max_connections must be a positive integer, got {max_connections!r}")
    return problems


def _is_absolute_http_url(url: object) -> bool:
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


def _as_timeout(timeout: object, what: str) -> httpx.Timeout:
    """`timeout` as an `httpx.Timeout`: positive seconds for every phase, or one as given."""
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, (int, float)) and not isinstance(timeout, bool) and timeout > 0:
        return httpx.Timeout(timeout)
    raise ValidationError(
        what, [f"timeout must be positive seconds or an httpx.Timeout, got {timeout!r}"]
    )


def _encode_body(body: Mapping[str, Any]) -> bytes:
    try:
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    except (TypeError, ValueError) as exc:
        raise ValidationError("request body", [f"$: not JSON-serialisable ({exc})"]) from None
