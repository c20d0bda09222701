"""TLS over a real loopback socket: a throwaway CA (trustme), a keep-alive HTTPS server, both
backends. The certificate is always verified: by `verify=` or by `SSL_CERT_FILE`."""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import trustme

from multisafepay_async import APIConnectionError, AsyncClient, ValidationError
from multisafepay_async._config import BackendName

from .conftest import API_KEY

ORDER = json.dumps({"success": True, "data": {"order_id": "o", "status": "completed"}}).encode()


class TlsServer:
    """Answers every request with the same order, keeping connections alive; counts them."""

    def __init__(self) -> None:
        self.connections = 0
        self.requests = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                await reader.readuntil(b"\r\n\r\n")
                self.requests += 1
                head = f"HTTP/1.1 200 OK\r\ncontent-length: {len(ORDER)}\r\n"
                writer.write(head.encode() + b"content-type: application/json\r\n\r\n" + ORDER)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
async def https(ca: trustme.CA) -> AsyncIterator[tuple[str, TlsServer]]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    server = TlsServer()
    listener = await asyncio.start_server(server.handle, "127.0.0.1", 0, ssl=context)
    port = listener.sockets[0].getsockname()[1]
    async with listener:
        yield f"https://localhost:{port}/v1/json", server


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


async def test_https_with_a_ca_bundle_path_keeps_connections_alive(
    https: tuple[str, TlsServer], ca_file: Path, backend: BackendName
) -> None:
    url, server = https
    async with AsyncClient(API_KEY, base_url=url, verify=ca_file, backend=backend) as client:
        orders = await asyncio.gather(*(client.orders.get(f"o{i}") for i in range(50)))
        again = await client.orders.get("o")
    assert {o.order_id for o in [*orders, again]} == {"o"}
    assert server.requests == 51 and server.connections <= 50  # one handshake per connection


async def test_https_trusts_ssl_cert_file(
    https: tuple[str, TlsServer],
    ca_file: Path,
    backend: BackendName,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    async with AsyncClient(API_KEY, base_url=https[0], backend=backend) as client:
        assert (await client.orders.get("o")).order_id == "o"


async def test_https_with_an_ssl_context(
    https: tuple[str, TlsServer], ca: trustme.CA, backend: BackendName
) -> None:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    async with AsyncClient(API_KEY, base_url=https[0], verify=context, backend=backend) as client:
        assert (await client.orders.get("o")).order_id == "o"


async def test_an_untrusted_certificate_is_refused_as_not_sent(
    https: tuple[str, TlsServer], backend: BackendName, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    async with AsyncClient(API_KEY, base_url=https[0], backend=backend) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.orders.create(
                {
                    "order_id": "x",
                    "currency": "EUR",
                    "amount": 100,
                    "description": "d",
                }
            )
    # The handshake failed, so even a create was certainly not sent (and was retried).
    assert caught.value.request_sent is False and caught.value.attempts == 3
    assert https[1].requests == 0


def test_verify_false_is_refused() -> None:
    with pytest.raises(ValidationError, match="verify"):
        AsyncClient(API_KEY, verify=False)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="no CA bundle"):
        AsyncClient(API_KEY, verify="/no/such/ca.pem")
