"""`AsyncClient`: configuration, lifecycle, views, and the doors to the request path.

resource method  ->  AsyncClient._request (`_request.request`): build URL, headers, body
                 ->  _retry.retry_delay: retry (after how long) or raise
                 ->  _backends: send, in-flight bounded by the client's permits
                 ->  _envelope.check_envelope: success, or the typed error
                 ->  AsyncClient._decode: JSON -> attrs model via the converter
"""

from __future__ import annotations

import copy
import functools
import os
import ssl
from collections.abc import Awaitable, Callable, Iterable, Sequence
from types import TracebackType
from typing import Any, Literal, Self, TypeVar, Unpack
from urllib.parse import urlsplit

import attrs
import httpx

from . import _config, _escape
from ._aiohttp_backend import AiohttpBackend
from ._backends import (
    Backend,
    HttpxBackend,
    SlotBackend,
)
from ._config import ApiKeyLocation, BackendName, Environment
from ._convert import converter, decode_error
from ._httpx_pool import SlotPool
from ._lifecycle import Lifecycle
from ._observe import APIResponse, Hook, with_raw_response
from ._request import cancelled, event, send_within
from ._request import request as request_path
from ._retry import RetryPolicy
from ._settings import (
    as_timeout,
    check_client,
    from_environment,
    make_ssl_context,
    own_pool_fits,
)
from .errors import (
    ResponseDecodeError,
    ValidationError,
)
from .models.catalog import Me
from .resources._base import CallOptions, Resource, Timeout
from .resources.account import ClosingBalances, Sites
from .resources.affiliates import Affiliates
from .resources.catalog import ME, Auth, Categories, Gateways, Issuers, PaymentMethods
from .resources.events import Events
from .resources.orders import Orders
from .resources.partners import BankAccounts, BankStatements, IdentityDocs, Ubos
from .resources.pos import Pos, Terminals, Wallets
from .resources.tokens import Tokens
from .resources.transactions import Transactions

# The converter's function per model, looked up once (converter.structure dispatches per call).
_structure_hook: Callable[[Any], Callable[[Any, Any], Any]] = functools.cache(
    converter.get_structure_hook
)

__all__ = ["AsyncClient"]

T = TypeVar("T")


class AsyncClient:
    """An asyncio client for the MultiSafepay JSON API.

    Open one per process (per event loop) and share it: it holds one connection pool.

    ```python
    async with AsyncClient(api_key, environment="test") as client:
        order = await client.orders.get("my-order-id-1")
    ```

    Args:
        api_key: the website API key (default: `MULTISAFEPAY_API_KEY` from the
            environment). It is sent in the `api_key` header (or, with `api_key_in="query"`,
            as the `api_key` query parameter) and never logged or shown.
        environment: `"test"` or `"live"`; picks the base URL (default:
            `MULTISAFEPAY_ENVIRONMENT`, else `"test"`).
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
        hooks: callables given a `RequestEvent` as each attempt starts, ends, is retried or
            is cancelled (the same on both backends; `integrations.otel.tracing_hook()` makes
            spans); None or empty: none.
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
    sites: Sites
    closing_balances: ClosingBalances
    affiliates: Affiliates
    bank_accounts: BankAccounts
    bank_statements: BankStatements
    ubos: Ubos
    identity_docs: IdentityDocs

    def __init__(
        self,
        api_key: str | None = None,
        *,
        environment: Environment | None = None,
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
        hooks: Sequence[Hook] | None = (),
    ) -> None:
        key, where = from_environment(api_key, environment)
        self._timeout = check_client(
            api_key=key,
            environment=where,
            base_url=base_url,
            api_key_in=api_key_in,
            max_connections=max_connections,
            timeout=timeout,
            http_client=http_client,
            transport=transport,
            limits=limits,
            backend=backend,
            verify=verify,
        )
        self._api_key_in = api_key_in
        self._environment = where
        self._base_url = (base_url or _config.BASE_URLS[where]).rstrip("/")
        self._server = "{0.scheme}://{0.netloc}".format(urlsplit(self._base_url))
        hooks = () if hooks is None else hooks
        if (
            isinstance(hooks, (str, bytes))
            or not isinstance(hooks, Iterable)
            or not all(callable(hook) for hook in hooks)
        ):
            raise ValidationError("client configuration", ["hooks must be a list of callables"])
        self._hooks = tuple(hooks)
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
        assert key is not None  # check_client refused a missing key
        self._use_key(key.strip())

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
        self._calls = Resource(self)  # for the client's own calls: me(), request()
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
        self.sites = Sites(self)
        self.closing_balances = ClosingBalances(self)
        self.affiliates = Affiliates(self)
        self.bank_accounts = BankAccounts(self)
        self.bank_statements = BankStatements(self)
        self.ubos = Ubos(self)
        self.identity_docs = IdentityDocs(self)

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
            new_timeout = self._timeout if timeout is None else as_timeout(timeout, "options")
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

    async def with_raw_response(self, call: Awaitable[T]) -> APIResponse[T]:
        """Await an API call and get its result with the HTTP answer it came from.

        ```python
        raw = await client.with_raw_response(client.orders.get("my-order-id-1"))
        raw.parsed.status, raw.status_code, raw.headers["date"], raw.elapsed, raw.attempts
        ```
        """
        return await with_raw_response(call)

    def __repr__(self) -> str:
        state = "closed" if self._state.closed else "open" if self._state.backend else "new"
        return (
            f"AsyncClient(environment={self._environment!r}, base_url={self._base_url!r}, "
            f"api_key_in={self._api_key_in!r}, state={state!r})"
        )

    async def me(self, **options: Unpack[CallOptions]) -> Me:
        """Whose key this is: account, site and role (`GET /me`)."""
        return await self._calls._send(ME, options=options)

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
        if self._http_client is None and self._transport is None and own_pool_fits(slots):
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
            self._ssl = make_ssl_context(self._verify)
        return self._ssl

    # --- the request path (in _request.py: built, sent, retried, checked) ----------------------

    request = _escape.request
    _request = request_path
    _send_within = send_within
    _event = event
    _cancelled = cancelled

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
        return self._timeout if timeout is None else as_timeout(timeout, "call options")

    def _decode(self, data: Any, cls: type[T], *, method: str, path: str) -> T:
        """Structure `data` into `cls`, or raise `ResponseDecodeError` naming the field."""
        try:
            return _structure_hook(cls)(data, cls)  # type: ignore[no-any-return]
        except Exception:
            where, problem = decode_error(data, cls)
            raise ResponseDecodeError(
                method=method, path=path, http_status=200, field=where, problem=problem
            ) from None
