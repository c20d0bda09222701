"""`client.request(...)`: any API call the methods do not offer yet (a field or an operation
MultiSafepay adds), on the same request path as every method: the same retries and
write-safety, errors, hooks and redaction. Only the typing is the caller's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Unpack, overload

from ._json import deeper_than
from ._scalars import MAX_FREE_FORM_DEPTH
from .errors import ResponseDecodeError, ValidationError
from .resources._base import CallOptions, read_answer, split_options
from .resources._ids import path_id, unsafe_segment

if TYPE_CHECKING:
    from ._client import AsyncClient

__all__ = ["request"]

T = TypeVar("T")
_METHODS = frozenset({"GET", "POST", "PATCH", "PUT", "DELETE"})


@overload
async def request(
    self: AsyncClient,
    method: str,
    path: str,
    *,
    params: Mapping[str, str | list[str]] | None = None,
    body: Mapping[str, Any] | None = None,
    cast_to: type[T],
    order_id: str | None = None,
    **options: Unpack[CallOptions],
) -> T: ...


@overload
async def request(
    self: AsyncClient,
    method: str,
    path: str,
    *,
    params: Mapping[str, str | list[str]] | None = None,
    body: Mapping[str, Any] | None = None,
    cast_to: None = None,
    order_id: str | None = None,
    **options: Unpack[CallOptions],
) -> Any: ...


async def request(
    self: AsyncClient,
    method: str,
    path: str,
    *,
    params: Mapping[str, str | list[str]] | None = None,
    body: Mapping[str, Any] | None = None,
    cast_to: type[T] | None = None,
    order_id: str | None = None,
    **options: Unpack[CallOptions],
) -> T | Any:
    """Send any API call and return its answer's `data`, decoded into `cast_to` when given
    (any model of this package, `tuple[Model, ...]`, or a plain type), else as JSON.

    ```python
    site = await client.request("GET", "sites/12345", cast_to=Site)
    await client.request("POST", "orders/o-1/files", body={...}, order_id="o-1")
    ```

    `path` is relative to the API (`"sites/12345"`), its segments encoded for you (pass ids
    as they are, not percent-encoded); query parameters go in `params`. A POST, PATCH, PUT
    or DELETE is a write: re-sent only when it certainly did not arrive, else
    `OutcomeUnknownError` (`order_id` names the order in errors and logs). Everything is
    checked before any I/O.
    """
    problems = []
    verb = method.upper() if isinstance(method, str) else ""
    if verb not in _METHODS:
        problems.append(f"$.method: one of {', '.join(sorted(_METHODS))}, got {method!r}")
    segments: list[str] = []
    if not isinstance(path, str) or "?" in path or "#" in path:
        problems.append(f"$.path: a path without a query (use params=), got {path!r:.80}")
    else:
        segments = path.strip("/").split("/")
        for segment in segments:
            problem = unsafe_segment(segment)
            if problem is not None:
                problems.append(f"$.path: {problem}: {segment!r:.60}")
    if body is not None and not isinstance(body, Mapping):
        problems.append(f"$.body: a mapping (the JSON object), got {type(body).__name__}")
    elif body is not None and verb == "GET":
        problems.append("$.body: a GET sends no body")
    if params is not None and not (
        isinstance(params, Mapping)
        and all(
            isinstance(k, str) and (isinstance(v, str) or _strings(v)) for k, v in params.items()
        )
    ):
        problems.append("$.params: a mapping of names to strings (or lists of strings)")
    if cast_to is not None and not isinstance(cast_to, type) and not hasattr(cast_to, "__origin__"):
        problems.append(f"$.cast_to: a type, got {cast_to!r:.60}")
    try:
        if order_id is not None:
            path_id("order_id", order_id)  # an order id MultiSafepay can have
    except ValidationError as exc:
        problems += exc.errors
    if problems:
        raise ValidationError("client.request", problems)
    max_retries, timeout, extras = split_options(options, "request")
    data = await self._request(
        verb,
        *segments,
        params=params,
        body=None if body is None else dict(body),
        order_id=order_id,
        max_retries=max_retries,
        timeout=timeout,
        extras=extras,
    )
    path = "/" + "/".join(segments)

    def decoded() -> Any:
        if cast_to is not None:
            return self._decode(data, cast_to, method=verb, path=path)
        if deeper_than(data, MAX_FREE_FORM_DEPTH):  # whatever parsed it, no caller could
            raise ResponseDecodeError(
                method=verb,
                path=path,
                http_status=200,
                field="$",
                problem=f"nested deeper than {MAX_FREE_FORM_DEPTH} levels",
            )
        return data

    return read_answer(decoded, method=verb, path=path, order_id=order_id)


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
