"""A Server-Sent Events parser, by the WHATWG rules, for any source of bytes.

Written here rather than taken from httpx-sse because it has to serve both backends (aiohttp
hands out bytes, not httpx responses). The rules, each tested in tests/test_sse.py:

* the stream is UTF-8; one leading BOM is dropped;
* lines end in CRLF, LF or CR, and a CRLF may be split across two chunks;
* a line starting with `:` is a comment (servers send them as keep-alives);
* `field: value` drops one space after the colon; a line without a colon is a field with an
  empty value; unknown fields are ignored;
* `data` lines are joined with `\\n`; an empty line dispatches the event, unless no `data`
  was seen (then nothing is dispatched);
* `id` (without NUL) sets the last event id, which is kept across events until changed;
* `retry` with only ASCII digits sets the reconnection time in milliseconds;
* `event` names the event; `message` when there is none.
"""

from __future__ import annotations

import codecs
import re

import attrs

__all__ = ["SSEDecoder", "ServerSentEvent"]

_LINE_END = re.compile(r"\r\n|\r|\n")


@attrs.frozen
class ServerSentEvent:
    data: str
    event: str = "message"
    id: str | None = None  # the last event id in force when this event was dispatched
    retry: int | None = None  # the reconnection time this event's block set, if any


class SSEDecoder:
    """Feed it chunks of bytes; it returns the events they complete."""

    def __init__(self) -> None:
        self._text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._started = False
        self._pending = ""  # an incomplete line
        self._after_cr = False  # the last chunk ended in CR: a LF starting the next is its pair
        self._data: list[str] = []
        self._event = ""
        self._retry: int | None = None
        #: The last event id buffer: survives dispatch, as the spec says.
        self.last_event_id: str | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        text = self._text.decode(chunk)
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        if self._after_cr and text.startswith("\n"):
            text = text[1:]
        self._after_cr = text.endswith("\r")
        events: list[ServerSentEvent] = []
        buffer, start = self._pending + text, 0
        # Only CR, LF and CRLF end a line (str.splitlines would also split on U+2028 & co.).
        for end in _LINE_END.finditer(buffer):
            event = self._line(buffer[start : end.start()])
            start = end.end()
            if event is not None:
                events.append(event)
        self._pending = buffer[start:]  # an incomplete line, completed by a later chunk
        return events

    def _line(self, line: str) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        field, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if field == "data":
            self._data.append(value)
        elif field == "event":
            self._event = value
        elif field == "id" and "\0" not in value:
            self.last_event_id = value
        elif field == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        data, event, retry = self._data, self._event, self._retry
        self._data, self._event, self._retry = [], "", None
        if not data:
            # No data: nothing to dispatch (a keep-alive, or an id/retry-only block). A
            # retry it carried still counts.
            if retry is not None:
                return ServerSentEvent(data="", event="", id=self.last_event_id, retry=retry)
            return None
        return ServerSentEvent(
            data="\n".join(data), event=event or "message", id=self.last_event_id, retry=retry
        )
