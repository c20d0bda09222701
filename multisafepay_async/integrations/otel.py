"""OpenTelemetry spans for every attempt of every call (the `otel` extra).

    from multisafepay_async.integrations.otel import tracing_hook
    client = AsyncClient(key, hooks=[tracing_hook()])

One CLIENT span per HTTP attempt, after OpenTelemetry's HTTP client semantic conventions:
`http.request.method`, `url.full`, `server.address`, `server.port`,
`http.response.status_code`, `error.type`, and `http.request.resend_count` on retries (so
every retry is its own span). No attribute holds the API key: `url.full` is the URL as
errors show it, and the key travels in a header (or, in query mode, is left out).
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

from .._extras import require
from .._observe import Hook, RequestEvent
from .._version import __version__

__all__ = ["tracing_hook"]


def tracing_hook(tracer_provider: Any = None) -> Hook:
    """A hook that records spans with `tracer_provider` (default: the global one)."""
    trace = require("opentelemetry.trace", "otel")
    tracer = trace.get_tracer("multisafepay_async", __version__, tracer_provider=tracer_provider)
    # One attempt at a time per task: its request and response events come from that task.
    spans: dict[asyncio.Task[Any] | None, Any] = {}

    def hook(event: RequestEvent) -> None:
        task = asyncio.current_task()
        if event.kind == "request":
            server = urlsplit(event.server)
            attributes: dict[str, Any] = {
                "http.request.method": event.method,
                "url.full": event.url,
                "server.address": server.hostname or "",
                "server.port": server.port or (443 if server.scheme == "https" else 80),
            }
            if event.attempt > 1:
                attributes["http.request.resend_count"] = event.attempt - 1
            spans[task] = tracer.start_span(
                event.method, kind=trace.SpanKind.CLIENT, attributes=attributes
            )
        elif event.kind in ("response", "cancelled"):
            span = spans.pop(task, None)
            if span is None:
                return
            if event.status is not None:
                span.set_attribute("http.response.status_code", event.status)
            error = event.error_type or (
                str(event.status) if event.status is not None and event.status >= 400 else None
            )
            if error is not None:
                span.set_attribute("error.type", error)
                span.set_status(trace.Status(trace.StatusCode.ERROR, error))
            span.end()

    return hook
