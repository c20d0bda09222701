"""What every resource shares: the client, the operations as data, and one call that sends a
request and decodes it.

Every public method takes the same keyword-only, typed per-call options, one bundle
(`CallOptions`: `max_retries`, `timeout`, `extra_headers`, `extra_query`, `extra_body`,
`deadline`) handed to the request path unchanged, so a typo fails type-checking (and is
refused at run time by `check_extras`, naming the method).

A method whose work is "validate, send, decode" is a declaration: an `Operation` (HTTP method,
path template, request model, answer type, which key it needs) and a signature that calls
`Resource._send`. Every `Operation` is registered in `OPERATIONS`, the table the contract test
walks against MultiSafepay's spec and the README's API table is generated from.
"""

from __future__ import annotations

import asyncio
import typing
from collections.abc import Callable, Mapping
from types import NoneType
from typing import TYPE_CHECKING, Any, Generic, Literal, TypedDict, TypeVar

import attrs
import httpx

from .._config import API_KEY_PARAM
from .._convert import structure_request, to_json_body
from ..errors import InvalidResponseError, OutcomeUnknownError, ValidationError
from ._ids import path_id

if TYPE_CHECKING:
    from .._client import AsyncClient

__all__ = [
    "OPERATIONS",
    "CallExtras",
    "CallOptions",
    "Method",
    "Operation",
    "Query",
    "Resource",
    "Shape",
    "Timeout",
    "check_extras",
    "for_lookup",
    "read_answer",
    "remaining",
    "split_options",
]

T = TypeVar("T")

#: A per-call timeout: seconds for every phase, an `httpx.Timeout`, or None for the client's.
Timeout = float | httpx.Timeout | None
#: Query parameters as sent: one value, or several (`payment_method=VISA&payment_method=AMEX`).
Query = Mapping[str, str | list[str]]


class CallExtras(TypedDict, total=False):
    """Per-call extras every API method takes (keyword arguments)."""

    #: Headers to add to this call's request (the API key's header is not one of them).
    extra_headers: Mapping[str, str]
    #: Query parameters to add (a filter this version does not offer yet).
    extra_query: Mapping[str, str]
    #: Top-level JSON fields to add to the body of a call that sends one.
    extra_body: Mapping[str, Any]
    #: Seconds the whole call may take, retries and backoff included.
    deadline: float


class CallOptions(CallExtras, total=False):
    """The per-call options every API method takes (keyword arguments): the extras, plus
    `max_retries` and `timeout`."""

    #: Retries for this call (None: the client's policy).
    max_retries: int | None
    #: Seconds for every phase, an `httpx.Timeout`, or None for the client's.
    timeout: Timeout


_EXTRAS = frozenset(CallExtras.__annotations__)
_OPTIONS = frozenset(CallOptions.__annotations__)
_NO_EXTRAS: CallExtras = {}


def split_options(
    options: Mapping[str, Any], method: str
) -> tuple[int | None, Timeout, CallExtras]:
    """(`max_retries`, `timeout`, the extras) of a call's options; an option no method takes
    (a typo) is a `TypeError` naming `method`, a bad value a `ValidationError`."""
    if not options:
        return None, None, _NO_EXTRAS
    unknown = sorted(set(options) - _OPTIONS)
    if unknown:
        raise TypeError(f"{method}() got an unexpected keyword argument {unknown[0]!r}")
    extras = {k: v for k, v in options.items() if k != "max_retries" and k != "timeout"}
    check_extras(extras, method)
    return options.get("max_retries"), options.get("timeout"), extras  # type: ignore[return-value]


def check_extras(extras: Mapping[str, Any], method: str) -> None:
    """Refuse, before any request, an extra no method takes (a typo) or a bad value."""
    unknown = sorted(set(extras) - _EXTRAS)
    if unknown:
        raise TypeError(f"{method}() got an unexpected keyword argument {unknown[0]!r}")
    problems = []
    for name in ("extra_headers", "extra_query", "extra_body"):
        value = extras.get(name)
        if value is None:
            continue
        if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
            problems.append(f"{name}: expected a mapping with string keys, got {value!r}")
        elif name != "extra_body" and not all(isinstance(v, str) for v in value.values()):
            problems.append(f"{name}: values must be strings")
        elif name != "extra_body" and any(k.lower() == API_KEY_PARAM for k in value):
            problems.append(f"{name}: the API key goes in with_options(api_key=...)")
    deadline = extras.get("deadline")
    if deadline is not None and (
        not isinstance(deadline, (int, float)) or isinstance(deadline, bool) or deadline <= 0
    ):
        problems.append(f"deadline: expected seconds > 0, got {deadline!r}")
    if problems:
        raise ValidationError("call options", problems)


def remaining(options: CallOptions, started: float) -> CallOptions:
    """`options` for the next call of a method that sends two (a lookup, then the change):
    its `deadline` is what is left of the method's since `started` (the loop's clock)."""
    deadline = options.get("deadline")
    if deadline is None:
        return options
    spent = asyncio.get_running_loop().time() - started
    return {**options, "deadline": max(deadline - spent, 1e-3)}


def for_lookup(options: CallOptions) -> CallOptions:
    """`options` for a lookup a method makes first: a GET takes no `extra_body`."""
    return {k: v for k, v in options.items() if k != "extra_body"}  # type: ignore[return-value]


#: Which API key an operation needs (MultiSafepay has several kinds; see the README's table).
Key = Literal["website", "account", "partner", "terminal group", "events token", "any"]
Method = Literal["GET", "POST", "PATCH", "DELETE"]
#: How `data` becomes the answer: as it is, or (`first`) the first of a list of one.
Shape = Literal["one", "first"]


@attrs.frozen
class Operation(Generic[T]):
    """One API operation as data: which public method sends it, the HTTP method and path
    template (`sites/{site_id}`), the request model a body is validated into, the type its
    `data` decodes into (`NoneType`: the answer only confirms), and the key it needs."""

    name: str
    method: Method
    path: str
    #: What `data` decodes into; `type(None)` when the answer is only a confirmation.
    answer: type[T]
    #: The operationId in MultiSafepay's OpenAPI spec; None for the few the spec lacks.
    spec_id: str | None
    #: The model a body is validated into before it is sent (None: sent as given, or none).
    request: Any = None
    key: Key = "website"
    shape: Shape = "one"
    #: The key of `data` the answer sits under (`{"tokens": [...]}`), if any.
    unwrap: str | None = None
    #: Fields of the request model this operation requires (the model leaves them optional
    #: because another operation sends it with any subset).
    required: tuple[str, ...] = ()

    _parts: tuple[tuple[str, bool], ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        parts = tuple((p.strip("{}"), p.startswith("{")) for p in self.path.split("/"))
        object.__setattr__(self, "_parts", parts)
        OPERATIONS.append(self)

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(name for name, is_id in self._parts if is_id)

    def shaped(self, data: Any) -> Any:
        """An answer's `data` as its answer type reads it: the first of a list of one, the
        value under `unwrap`; empty (missing, null, "" or PHP's [] for {}) as no items or
        an object of no fields."""
        if self.shape == "first" and isinstance(data, list):
            data = data[0] if data else {}
        if self.unwrap is not None and isinstance(data, Mapping):
            data = data.get(self.unwrap)
        if not data:
            return [] if typing.get_origin(self.answer) is tuple else {}
        return data

    def segments(self, ids: tuple[str | int, ...]) -> tuple[str, ...]:
        """The path's segments, each `{name}` filled with its id, checked by `path_id`."""
        if len(ids) != len(self.placeholders):
            raise TypeError(f"{self.name}: {len(ids)} ids for {self.path}")
        values = iter(ids)
        return tuple(path_id(name, next(values)) if is_id else name for name, is_id in self._parts)


#: Every operation a method of the client sends, in declaration order.
OPERATIONS: list[Operation[Any]] = []


class Resource:
    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def _fetch(
        self,
        op: Operation[Any],
        *ids: str | int,
        options: Mapping[str, Any],
        body: Any = None,
        params: Query | None = None,
        order_id: str | None = None,
    ) -> tuple[Any, str]:
        """Send `op` (ids into its path, `body` validated into its request model, every
        option checked, all before any I/O); the answer's `data`, and the path as errors
        show it. For methods that read the answer themselves; the rest call `_send`."""
        segments = op.segments(ids)
        if op.request is not None:
            request = structure_request(body, op.request, f"{op.name} body")
            missing = [f"$.{f}: required" for f in op.required if getattr(request, f) is None]
            if missing:
                raise ValidationError(f"{op.name} body", missing)
            body = to_json_body(request)
        max_retries, timeout, extras = split_options(options, op.name)
        data = await self._client._request(
            op.method,
            *segments,
            params=params,
            body=body,
            order_id=order_id,
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
        )
        return data, "/" + "/".join(segments)

    async def _send(
        self,
        op: Operation[T],
        *ids: str | int,
        options: Mapping[str, Any],
        body: Any = None,
        params: Query | None = None,
        order_id: str | None = None,
    ) -> T:
        """Send `op` (see `_fetch`) and decode its answer into its answer type; an accepted
        write whose answer cannot be read is `OutcomeUnknownError` (`read_answer`)."""
        data, path = await self._fetch(
            op, *ids, options=options, body=body, params=params, order_id=order_id
        )
        if op.answer is NoneType:
            return None  # type: ignore[return-value]
        return read_answer(
            lambda: self._client._decode(op.shaped(data), op.answer, method=op.method, path=path),
            method=op.method,
            path=path,
            order_id=order_id,
        )


def read_answer(decode: Callable[[], T], *, method: str, path: str, order_id: str | None) -> T:
    """`decode()` of an accepted answer. For a write, an answer that cannot be read is
    `OutcomeUnknownError`: MultiSafepay accepted the call and may well have acted on it, which
    a decode error would hide from a caller about to try again."""
    try:
        return decode()
    except InvalidResponseError as exc:
        if method == "GET":
            raise
        raise outcome_unknown(exc, method=method, path=path, order_id=order_id) from exc


def outcome_unknown(
    cause: InvalidResponseError, *, method: str, path: str, order_id: str | None
) -> OutcomeUnknownError:
    """The error for a write MultiSafepay accepted with an answer that does not say what
    it did."""
    return OutcomeUnknownError(
        method=method,
        path=path,
        cause=cause,
        order_id=order_id,
        http_status=200,
        note="the answer was accepted but could not be read",
    )
