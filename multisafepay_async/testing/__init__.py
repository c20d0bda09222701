"""Test helpers: a stateful fake MultiSafepay API, a loopback server, and a retry switch.

```python
from multisafepay_async import AsyncClient
from multisafepay_async.testing import FakeMultiSafepay, serve

fake = FakeMultiSafepay()
async with serve(fake) as url, AsyncClient(fake.api_key, base_url=url + "/v1/json") as client:
    created = await client.orders.create({...})
    fake.apply(created.order_id, "complete")
```
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
