"""The fault matrix: every public method x every fault x every backend, over real sockets.

The methods come from the client itself (`tests/calls.py` must cover `public_methods()`),
the faults from `tests/matrixserver.py`, and the server counts what it received. For each
cell:

* the server received exactly as many requests as the error's `attempts` says (no layer
  below ours re-sends on its own);
* a write (POST, PATCH, DELETE) was received at most once, unless the fault proves that it
  was not acted on (no connection at all; 503, refused before acting);
* the error is exactly the documented class (the table below is the one in docs/retries.md);
* the API key is in no message, repr, cause, body or header of it.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from multisafepay_async import (
    APIConnectionError,
    APITimeoutError,
    AsyncClient,
    InvalidRequestError,
    InvalidResponseError,
    MultiSafepayError,
    OutcomeUnknownError,
    ServerError,
    ServiceUnavailableError,
    WaitTimeoutError,
)

from .calls import CALLS, Call, Kind
from .conftest import API_KEY, closed_port, public_methods
from .matrixserver import FAULTS, MatrixServer

BACKENDS = ["httpx", "aiohttp", "httpx.AsyncClient"]
RETRIES = 2  # the default policy: three attempts
TIMEOUT = httpx.Timeout(2.0, read=0.15)
STALL_TIMEOUT = httpx.Timeout(2.0, read=0.05)

# What a read (GET) ends in: the error class and whether it was retried.
READ: dict[str, tuple[type[MultiSafepayError], bool]] = {
    "refused": (APIConnectionError, True),
    "reset": (APIConnectionError, True),
    "close_after_status": (APIConnectionError, True),
    "close_mid_body": (APIConnectionError, True),
    "stall": (APITimeoutError, True),
    "502": (ServerError, True),
    "503": (ServiceUnavailableError, True),
    "504": (ServerError, True),
    "html200": (InvalidResponseError, True),
    "truncated_json200": (InvalidResponseError, True),
    "fail200": (InvalidRequestError, False),  # error 1014: MultiSafepay's own answer
}
# What a write ends in: re-sent only when it certainly never arrived, or was refused (503).
WRITE: dict[str, tuple[type[MultiSafepayError], bool]] = {
    **{fault: (OutcomeUnknownError, False) for fault in READ},
    "refused": (APIConnectionError, True),
    "503": (ServiceUnavailableError, True),
    "fail200": (InvalidRequestError, False),
}
# The event stream: a 200 that is not an event stream is not retried.
STREAM: dict[str, tuple[type[MultiSafepayError], bool]] = {
    **READ,
    "close_mid_body": (InvalidResponseError, False),  # its head says JSON, not a stream
    "html200": (InvalidResponseError, False),
    "truncated_json200": (InvalidResponseError, False),
    "fail200": (InvalidResponseError, False),
}
# orders.wait waits on through what may pass (connection trouble, 5xx) until its timeout.
PASSING = (APIConnectionError, ServerError)


def expected(kind: Kind, fault: str) -> tuple[type[MultiSafepayError], int]:
    """The error class and the attempts a call of `kind` ends with under `fault`."""
    table = {"read": READ, "write": WRITE, "stream": STREAM, "wait": READ}[kind]
    cls, retried = table[fault]
    if kind == "wait" and issubclass(cls, PASSING):
        return WaitTimeoutError, 0
    return cls, RETRIES + 1 if retried else 1


def test_the_calls_cover_every_public_method() -> None:
    # One call each; `client.request` twice, as a read and as a write.
    assert {call.method for call in CALLS} == set(public_methods())
    assert len(CALLS) == len(public_methods()) + 1
    assert {c.kind for c in CALLS if c.method == "request"} == {"read", "write"}


def test_the_tables_cover_every_fault() -> None:
    assert set(READ) == set(WRITE) == set(STREAM) == {"refused", *FAULTS}


def client_for(api: str, backend: str) -> AsyncClient:
    if backend == "httpx.AsyncClient":  # the httpx client layer: transport= or http_client=
        transport = httpx.AsyncHTTPTransport()
        return AsyncClient(API_KEY, base_url=api, timeout=TIMEOUT, transport=transport)
    return AsyncClient(API_KEY, base_url=api, timeout=TIMEOUT, backend=backend)  # type: ignore[arg-type]


@pytest.fixture(params=BACKENDS)
def matrix_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def outcome(call: Call, client: AsyncClient, origin: str) -> Any:
    try:
        return await call.run(client, origin)
    except MultiSafepayError as exc:
        return exc


def assert_no_key(error: BaseException) -> None:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = getattr(current, "cause", None) or current.__cause__ or current.__context__
    for each in seen:
        texts = [str(each), repr(each), str(getattr(each, "body", "")), *map(str, each.args)]
        texts += [f"{k}: {v}" for k, v in (getattr(each, "headers", None) or {}).items()]
        assert not any(API_KEY in text for text in texts), f"the key leaked in {each!r}"


@pytest.mark.parametrize("fault", ["refused", *FAULTS])
@pytest.mark.parametrize("call", CALLS, ids=lambda call: call.method)
async def test_every_method_under_every_fault(call: Call, fault: str, matrix_backend: str) -> None:
    cls, attempts = expected(call.kind, fault)
    if fault == "refused":
        origin = f"http://127.0.0.1:{closed_port()}"
        received: list[tuple[str, str]] = []
        async with client_for(origin + "/v1/json", matrix_backend) as client:
            error = await outcome(call, client, origin)
    else:
        async with MatrixServer(fault) as server:
            async with client_for(server.api, matrix_backend) as client:
                await client._request("GET", "_warm")  # the next request reuses a connection
                if fault == "stall":  # waiting out a silence is all it does: briefly
                    client = client.with_options(timeout=STALL_TIMEOUT)  # the same pool
                error = await outcome(call, client, server.origin)
            received = server.received

    assert type(error) is cls, f"{call.method} under {fault}: {error!r}"
    assert_no_key(error)
    if cls is WaitTimeoutError:
        assert received or fault == "refused", "orders.wait looked the order up"
        return
    assert error.attempts == attempts
    assert len(received) == (0 if fault == "refused" else error.attempts), received
    if call.kind == "write" and fault not in ("refused", "503"):
        assert len(received) <= 1
