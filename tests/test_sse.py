"""The SSE parser, rule by rule (WHATWG HTML, "Server-sent events": parsing an event stream)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from multisafepay_async._sse import ServerSentEvent, SSEDecoder


def parse(*chunks: bytes) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    return [event for chunk in chunks for event in decoder.feed(chunk)]


def test_a_blank_line_dispatches_the_event() -> None:
    assert parse(b"data: hello\n\n") == [ServerSentEvent(data="hello")]
    assert parse(b"data: hello\n") == []  # not yet dispatched


@pytest.mark.parametrize("end", [b"\n", b"\r", b"\r\n"])
def test_lines_end_in_lf_cr_or_crlf(end: bytes) -> None:
    stream = b"event: x" + end + b"data: 1" + end + end
    assert parse(stream) == [ServerSentEvent(data="1", event="x")]


def test_a_crlf_split_across_chunks_is_one_line_end() -> None:
    assert parse(b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n") == [ServerSentEvent(data="a\nb")]


def test_multi_line_data_is_joined_with_newlines() -> None:
    assert parse(b"data: one\ndata: two\ndata:\ndata: three\n\n") == [
        ServerSentEvent(data="one\ntwo\n\nthree")
    ]


def test_comments_are_ignored() -> None:
    assert parse(b": keep-alive\n\n: another\ndata: x\n\n") == [ServerSentEvent(data="x")]


def test_one_space_after_the_colon_is_dropped_and_only_one() -> None:
    assert parse(b"data:no space\n\ndata:  two spaces\n\n") == [
        ServerSentEvent(data="no space"),
        ServerSentEvent(data=" two spaces"),
    ]


def test_a_line_without_colon_is_a_field_with_an_empty_value() -> None:
    assert parse(b"data\ndata\n\n") == [ServerSentEvent(data="\n")]


def test_unknown_fields_are_ignored() -> None:
    assert parse(b"foo: bar\ndata: x\n\n") == [ServerSentEvent(data="x")]


def test_the_id_is_kept_across_events_until_changed() -> None:
    events = parse(b"id: 7\ndata: a\n\ndata: b\n\nid: 8\ndata: c\n\nid\ndata: d\n\n")
    assert [(e.id, e.data) for e in events] == [("7", "a"), ("7", "b"), ("8", "c"), ("", "d")]


def test_an_id_with_nul_is_ignored() -> None:
    events = parse(b"id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n")
    assert [e.id for e in events] == ["1", "1"]


def test_retry_takes_only_ascii_digits() -> None:
    events = parse(b"retry: 1500\ndata: a\n\nretry: 1.5s\ndata: b\n\nretry: \xd9\xa3\ndata: c\n\n")
    assert [e.retry for e in events] == [1500, None, None]


def test_a_retry_only_block_is_reported_without_data() -> None:
    assert parse(b"retry: 3000\n\n") == [ServerSentEvent(data="", event="", retry=3000)]


def test_an_event_without_data_is_not_dispatched() -> None:
    # Including after a keep-alive once an id was seen: httpx-sse yields an empty event here.
    assert parse(b"id: 1\ndata: a\n\n: keep-alive\n\nevent: ping\n\n") == [
        ServerSentEvent(data="a", id="1")
    ]


def test_the_event_name_defaults_to_message() -> None:
    assert [e.event for e in parse(b"data: a\n\nevent: order.status\ndata: b\n\n")] == [
        "message",
        "order.status",
    ]


def test_a_leading_bom_is_dropped_once() -> None:
    assert parse(b"\xef\xbb\xbfdata: a\n\n") == [ServerSentEvent(data="a")]
    assert parse(b"\xef\xbb", b"\xbfdata: a\n\n") == [ServerSentEvent(data="a")]
    assert parse(b"data: \xef\xbb\xbfa\n\n") == [ServerSentEvent(data="\ufeffa")]


def test_utf8_split_across_chunks_decodes() -> None:
    body = "data: café ✓\n\n".encode()
    assert parse(body[:8], body[8:9], body[9:]) == [ServerSentEvent(data="café ✓")]


def test_only_cr_and_lf_end_lines() -> None:
    # U+2028 is a line separator for str.splitlines, not for SSE (and JSON may contain it).
    assert parse("data: a\u2028b\x0bc\n\n".encode()) == [ServerSentEvent(data="a\u2028b\x0bc")]


@given(st.lists(st.integers(min_value=1, max_value=40), max_size=12))
def test_any_chunking_gives_the_same_events(cuts: list[int]) -> None:
    stream = (
        b'\xef\xbb\xbfretry: 10\r\n\r\nid: 1\r\nevent: e\r\ndata: {"a":\r\ndata: 1}\r\n\r\n'
        b": ka\n\nid: 2\rdata: x\r\rdata: caf\xc3\xa9\n\n"
    )
    chunks, position = [], 0
    for cut in cuts:
        chunks.append(stream[position : position + cut])
        position += cut
    chunks.append(stream[position:])
    assert parse(*chunks) == parse(stream)
    assert [e.data for e in parse(stream)] == ["", '{"a":\n1}', "x", "café"]
