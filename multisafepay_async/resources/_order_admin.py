"""The order calls that are declarations (a path, a request model, an answer): Pay After
Delivery holds and expiry, and chargeback evidence. `Orders` inherits them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import NoneType
from typing import Any, Literal, Unpack

from ..errors import ValidationError
from ..models._files import encode_file
from ..models.merchant import ChargebackFile, PadExtension, PadHold
from ._base import CallOptions, Operation, Resource
from ._ids import path_id

__all__ = ["OrderAdmin"]

PUT_ON_HOLD = Operation(
    "orders.put_on_hold",
    "POST",
    "pad/orders/{order_id}/onhold",
    datetime,
    "padPutOnHold",
    request=PadHold,
)
EXTEND_EXPIRY = Operation(
    "orders.extend_expiry",
    "POST",
    "pad/orders/{order_id}/autoexpire",
    datetime,
    "padExtendAutoExpire",
    request=PadExtension,
)
CHALLENGE_CHARGEBACK = Operation(
    "orders.challenge_chargeback",
    "POST",
    "orders/{order_id}/files",
    NoneType,
    "challengeChargeback",
    request=ChargebackFile,
)


class OrderAdmin(Resource):
    async def put_on_hold(
        self, order_id: str, duration: int | None = None, **options: Unpack[CallOptions]
    ) -> datetime:
        """Pause a Pay After Delivery order's collection for `duration` seconds (None:
        MultiSafepay's default, 10 days); returns when the hold ends
        (`POST /pad/orders/{order_id}/onhold`)."""
        body = {} if duration is None else {"duration": duration}
        order_id = path_id("order_id", order_id)
        return await self._send(
            PUT_ON_HOLD, order_id, body=body, order_id=order_id, options=options
        )

    async def extend_expiry(
        self, order_id: str, days: int | None = None, **options: Unpack[CallOptions]
    ) -> datetime:
        """Extend a Pay After Delivery order's expiry by `days`; returns the new expiry
        (`POST /pad/orders/{order_id}/autoexpire`)."""
        body = {} if days is None else {"days": days}
        order_id = path_id("order_id", order_id)
        return await self._send(
            EXTEND_EXPIRY, order_id, body=body, order_id=order_id, options=options
        )

    async def challenge_chargeback(
        self,
        order_id: str,
        file: ChargebackFile | Mapping[str, Any] | bytes | bytearray | memoryview,
        *,
        name: str | None = None,
        description: str | None = None,
        type: Literal["PDF", "JPEG", "PNG"] = "PDF",
        **options: Unpack[CallOptions],
    ) -> None:
        """Upload evidence against a chargeback (`POST /orders/{order_id}/files`).

        `file` is a `ChargebackFile` or its mapping (`type`, `base64`, `name`,
        `description`), or the file's raw bytes with `name=` and `description=` (and
        `type=`, default PDF), encoded for you. The file must be a `type` file of at most
        10 MiB, checked before anything is sent. Returns once MultiSafepay confirms."""
        if isinstance(file, (bytes, bytearray, memoryview)):
            file = {
                "type": type,
                "base64": encode_file(file),
                "name": name,
                "description": description,
            }
        elif name is not None or description is not None:
            raise ValidationError(
                "orders.challenge_chargeback body",
                ["$: name= and description= go with the file's raw bytes, not with a mapping"],
            )
        order_id = path_id("order_id", order_id)
        await self._send(
            CHALLENGE_CHARGEBACK, order_id, body=file, order_id=order_id, options=options
        )
