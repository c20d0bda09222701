"""Test helpers: a stateful fake MultiSafepay API with a payment page, a loopback server, a
retry switch, and a pytest plugin (`multisafepay_async.testing.pytest_plugin`).

    fake = FakeMultiSafepay()
    async with serve(fake), AsyncClient(fake.api_key, base_url=fake.base_url) as client:
        created = await client.orders.create(order)
        fake.pay(created.order_id)  # or open created.payment_url in a browser

docs/testing.md has complete, tested examples.
"""

from .._retry import set_testing
from ._app import DEFAULT_API_KEY, FakeMultiSafepay
from ._notify import Delivery
from ._serve import serve
from ._state import FakeError, OrderStore

__all__ = [
    "DEFAULT_API_KEY",
    "Delivery",
    "FakeError",
    "FakeMultiSafepay",
    "OrderStore",
    "serve",
    "set_testing",
]
