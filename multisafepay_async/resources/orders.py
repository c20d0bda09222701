"""`client.orders`: create and look up orders."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterable, Awaitable, Callable, Iterable, Mapping
from typing import Any, Unpack

import attrs

from .._batch import BatchProgress, BatchResult, run_batch
from .._convert import kind_of, structure_request, to_json_body
from ..errors import OutcomeUnknownError, ValidationError
from ..models.operations import (
    CaptureRequest,
    OperationResult,
    OrderUpdate,
    RefundRequest,
    ReservationCancel,
)
from ..models.order import CreatedOrder, Order
from ..models.requests import OrderRequest
from ._base import CallExtras, Resource, check_extras, for_lookup, remaining
from ._base import Timeout as _Timeout
from ._ids import flag, instance_or_none, optional_text, path_id
from ._reconcile import reconcile_create
from ._refunds import check_items, refund_items_body
from ._wait import Until, check_wait, predicate, wait_for

__all__ = ["Orders"]


class Orders(Resource):
    """Orders: `create`, `get`, `get_many`; `update`, `refund`, `refund_items`,
    `cancel_refund`, `capture`, `cancel_reservation`, `cancel` (POS / Bancontact QR)."""

    async def create(
        self,
        order: OrderRequest | Mapping[str, Any],
        *,
        reconcile: bool = False,
        max_retries: int | None = None,
        timeout: _Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> CreatedOrder:
        """Create an order (`POST /orders`).

        `order` is an `OrderRequest` or a mapping in the API's JSON shape; a mapping is
        validated first, so a typo or a float amount raises `ValidationError` before anything
        is sent. `extra_body` adds top-level fields the model does not know yet; with a
        `deadline`, the lookup of `reconcile=True` gets what is left of it.

        The request is re-sent only when it certainly did not reach MultiSafepay. When it may
        have, `OutcomeUnknownError` is raised. With `reconcile=True` the order is looked up
        first (with this call's `max_retries` and `timeout`): if it exists with this request's
        amount and currency it is returned (as `CreatedOrder.order`, without `payment_url`);
        anything else (not found, the lookup failing too, a different order under this id)
        still ends in `OutcomeUnknownError`, with the lookup's error as `lookup_error` and
        `__cause__`. So a create that may have arrived ends in exactly one of: the order, or
        `OutcomeUnknownError`.
        """
        reconcile = flag("reconcile", reconcile)
        request = structure_request(order, OrderRequest, "order request")
        body = to_json_body(request)
        started = asyncio.get_running_loop().time()
        try:
            data = await self._client._request(
                "POST",
                "orders",
                body=body,
                order_id=request.order_id,
                max_retries=max_retries,
                timeout=timeout,
                extras=extras,
            )
        except OutcomeUnknownError as exc:
            if not reconcile:
                raise
            return await reconcile_create(
                self,
                request,
                exc,
                max_retries=max_retries,
                timeout=timeout,
                extras=remaining(extras, started),
            )
        return self._created(data, request.order_id)

    async def get(
        self,
        order_id: str,
        *,
        max_retries: int | None = None,
        timeout: _Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> Order:
        """Get an order and its current status (`GET /orders/{order_id}`).

        Raises `NotFoundError` when no order has this id on the website.
        """
        order_id = path_id("order_id", order_id)
        return await self._call(
            Order,
            "GET",
            "orders",
            order_id,
            order_id=order_id,
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
        )

    def get_many(
        self,
        order_ids: Iterable[str] | AsyncIterable[str],
        *,
        concurrency: int | None = None,
        ordered: bool = False,
        on_progress: Callable[[BatchProgress], object] | None = None,
        max_retries: int | None = None,
        timeout: _Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> AsyncGenerator[BatchResult[Order], None]:
        """Look up many orders at once; yields a `BatchResult` per id as each completes.

        `order_ids` may be any iterable or async iterable (a generator of a million ids runs
        in bounded memory). At most `concurrency` lookups run at once (default: the client's
        pool size), on the client's pool and with its retry policy. Each result has
        `.order_id`, `.order` (an `Order`, or None) and `.error` (the typed error, or None):
        one failing id never stops the others. `ordered=True` yields in input order;
        `on_progress` is called with a `BatchProgress` after each result.

        Stopping early: `async with contextlib.aclosing(client.orders.get_many(ids)) as
        results:` cancels outstanding lookups as soon as you leave the block.
        """
        if isinstance(order_ids, (str, bytes, bytearray, memoryview)):
            # Iterating "x1" would look up "x" and "1".
            raise ValidationError(
                "get_many", [f"$: expected an iterable of order ids, got {kind_of(order_ids)}"]
            )
        ordered = flag("ordered", ordered)
        if on_progress is not None and not callable(on_progress):
            raise ValidationError(
                "get_many", [f"on_progress must be callable, got {on_progress!r}"]
            )
        pool = self._client._limits.max_connections or 100
        limit = pool if concurrency is None else concurrency
        if type(limit) is not int or limit < 1:
            raise ValidationError("get_many", [f"concurrency must be >= 1, got {concurrency!r}"])

        def lookup(order_id: str) -> Awaitable[Order]:
            return self.get(order_id, max_retries=max_retries, timeout=timeout, **extras)

        return run_batch(
            order_ids, lookup, concurrency=limit, ordered=ordered, on_progress=on_progress
        )

    async def wait(
        self,
        order: CreatedOrder | Order | str,
        *,
        until: Until = None,
        timeout: float | None = None,
        poll_interval: float = 2.0,
        max_retries: int | None = None,
        **extras: Unpack[CallExtras],
    ) -> Order:
        """Wait until the order satisfies `until`, and return it.

        `until` is a set of statuses (`{"completed", "declined"}`), a function of the
        `Order`, or None: the payment's outcome is known (`OrderStatus.outcome_known`:
        completed, declined, expired, cancelled, void, refunded ...). With the event
        credentials of a `CreatedOrder` it listens to the order's event stream and confirms
        each event with `orders.get`; otherwise (or if the stream fails) it polls, every
        `poll_interval` seconds growing to 15 s. `timeout` is the whole wait in seconds
        (None: no limit); then `WaitTimeoutError` is raised with the last order seen.
        `max_retries` and the extras are those of each lookup. Cancelling it closes the
        stream.
        """
        test = predicate(until)
        check_wait(order, timeout, poll_interval)
        self._client._retries(max_retries)
        check_extras(extras, "wait")
        return await wait_for(
            self,
            order,
            test,
            timeout=timeout,
            poll_interval=float(poll_interval),
            max_retries=max_retries,
            extras=for_lookup(extras),
        )

    async def update(
        self,
        order_id: str,
        update: OrderUpdate | Mapping[str, Any],
        *,
        max_retries: int | None = None,
        timeout: _Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> OperationResult:
        """Update an order (`PATCH /orders/{id}`): ship, cancel, invoice, extend (Klarna).

        ```python
        await client.orders.update(order_id, {"status": "shipped", "tracktrace_code": "3S..."})
        await client.orders.update(order_id, {"status": "cancelled", "exclude_order": True})
        ```
        """
        order_id = path_id("order_id", order_id)
        body = _body(update, OrderUpdate)
        return await self._operation(
            "PATCH",
            "orders",
            order_id,
            body=body,
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
        )

    async def refund(
        self,
        order_id: str,
        refund: RefundRequest | Mapping[str, Any] | None = None,
        *,
        order: Order | None = None,
        max_retries: int | None = None,
        timeout: _Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> OperationResult:
        """Refund an order (`POST /orders/{id}/refunds`), in full or in part.

        ```python
        await client.orders.refund(order_id, {"currency": "EUR", "amount": 250})  # part
        await client.orders.refund(order_id)  # in full: no amount
        ```

        MultiSafepay requires the refund's `currency` (the order's own); leaving out `amount`
        is what means "in full". When `refund` carries no currency it is taken from `order`
        if you pass it, else from the order itself, looked up first (`GET /orders/{id}`,
        with this call's `max_retries` and `timeout`).

        Never re-sent when its outcome is unknown: MultiSafepay refuses a second refund of the
        same amount within 5 minutes (error 1034, `RefundRefusedError`) but would accept a
        different one.
        """
        order_id = path_id("order_id", order_id)
        instance_or_none("order", order, Order)
        request = structure_request(
            {} if refund is None else refund, RefundRequest, "RefundRequest body"
        )
        if request.currency is None and request.checkout_data is None:
            if order is None:
                order = await self.get(
                    order_id, max_retries=max_retries, timeout=timeout, **for_lookup(extras)
                )
            if not order.currency:
                raise ValidationError(
                    "RefundRequest body", ["$.currency: required, and the order has none"]
                )
            request = attrs.evolve(request, currency=order.currency)
        return await self._operation(
            "POST",
            "orders",
            order_id,
            "refunds",
            body=to_json_body(request),
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
        )

    async def refund_items(
        self,
        order_id: str,
        items: Mapping[str, int],
        *,
        order: Order | None = None,
        max_retries: int | None = None,
        timeout: _Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> OperationResult:
        """Refund cart lines of a BNPL order: `items` maps `merchant_item_id` to a quantity.

        Like the official SDKs, sends the order's own cart (fetched unless `order` is given)
        plus one negative line per refunded item as `checkout_data`. Unknown items or too
        large quantities raise `ValidationError` before the refund is sent.
        """
        order_id = path_id("order_id", order_id)
        instance_or_none("order", order, Order)
        items = check_items(items)  # before the lookup: bad input never costs a request
        if order is None:
            order = await self.get(
                order_id, max_retries=max_retries, timeout=timeout, **for_lookup(extras)
            )
        body = _body(refund_items_body(order, items), RefundRequest)
        return await self._operation(
            "POST",
            "orders",
            order_id,
            "refunds",
            body=body,
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
        )

    async def cancel_refund(
        self,
        order_id: str,
        refund_id: str | int,
        *,
        description: str | None = None,
        max_retries: int | None = None,
        timeout: _Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> OperationResult:
        """Cancel a refund that is still initialized or reserved
        (`PATCH /orders/{id}/refunds/{refund_id}`, status `void`)."""
        order_id = path_id("order_id", order_id)
        body: dict[str, Any] = {"status": "void"}
        if optional_text("description", description) is not None:
            body["description"] = description
        segments = ("orders", order_id, "refunds", path_id("refund_id", refund_id))
        return await self._operation(
            "PATCH", *segments, body=body, max_retries=max_retries, timeout=timeout, extras=extras
        )

    async def capture(
        self,
        order_id: str,
        capture: CaptureRequest | Mapping[str, Any],
        *,
        max_retries: int | None = None,
        timeout: _Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> OperationResult:
        """Capture an authorised (manual-capture) payment (`POST /orders/{id}/capture`)."""
        order_id = path_id("order_id", order_id)
        body = _body(capture, CaptureRequest)
        return await self._operation(
            "POST",
            "orders",
            order_id,
            "capture",
            body=body,
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
        )

    async def cancel_reservation(
        self,
        order_id: str,
        cancel: ReservationCancel | Mapping[str, Any],
        *,
        max_retries: int | None = None,
        timeout: _Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> OperationResult:
        """Void an authorised reservation (`PATCH /capture/{id}`, status `cancelled`)."""
        order_id = path_id("order_id", order_id)
        body = _body(cancel, ReservationCancel)
        return await self._operation(
            "PATCH",
            "capture",
            order_id,
            body=body,
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
        )

    async def cancel(
        self,
        order_id: str,
        *,
        max_retries: int | None = None,
        timeout: _Timeout = None,
        **extras: Unpack[CallExtras],
    ) -> Order:
        """Cancel a pending POS or Bancontact QR transaction (`POST /orders/{id}/cancel`);
        returns the cancelled order."""
        order_id = path_id("order_id", order_id)
        data = await self._client._request(
            "POST",
            "orders",
            order_id,
            "cancel",
            order_id=order_id,
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
        )
        # This answer is order-shaped but carries no order_id: it is the one we asked for.
        if not data:
            data = {}
        if isinstance(data, Mapping):
            data = {"order_id": order_id, **data}
        return self._client._decode(data, Order, method="POST", path=f"/orders/{order_id}/cancel")

    async def _operation(
        self,
        method: str,
        *segments: str,
        body: dict[str, Any],
        max_retries: int | None,
        timeout: _Timeout,
        extras: CallExtras,
    ) -> OperationResult:
        """Send an order operation (segments[1] is the order id) and decode its answer."""
        return await self._call(
            OperationResult,
            method,
            *segments,
            body=body,
            order_id=segments[1],
            max_retries=max_retries,
            timeout=timeout,
            extras=extras,
            if_empty={},
        )

    def _created(self, data: Any, order_id: str) -> CreatedOrder:
        created = self._client._decode(data, CreatedOrder, method="POST", path="/orders")
        if isinstance(data, Mapping) and ("status" in data or "transaction_id" in data):
            # Direct orders answer with the whole order, payment_url included.
            order = self._client._decode(data, Order, method="POST", path="/orders")
            return attrs.evolve(created, order=order)
        return created


def _body(data: Any, model: type[Any]) -> dict[str, Any]:
    """`data` (a mapping or a `model`) validated as `model`, as the JSON body to send."""
    return to_json_body(structure_request(data, model, f"{model.__name__} body"))
