"""HTTP request and response objects of the ``ServeHTTP``/``ServeMetrics`` hooks and of
``PluginAPI.plugin_http``."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, overload

from ._abi import mmpy_pb2
from ._abi import plugin_pb2 as pb

__all__ = ["HTTPRequest", "HTTPResponse", "StreamArg", "reader_arg", "write_output"]

MAX_WHOLE_BODY = 64 << 20
"""The largest request body :attr:`HTTPRequest.body` loads whole; read larger ones from
:attr:`HTTPRequest.stream`."""

STREAM_CHUNK = 1 << 20
"""Bytes per chunk when a body streams across the ABI."""


def _api() -> Any:
    from ._runtime import current_api

    return current_api()


class _BodyStream(io.RawIOBase):
    """The request body, read from the host one chunk at a time (``mmpy.StreamRead``)."""

    def __init__(self, stream_id: int) -> None:
        self._id = stream_id
        self._eof = False
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        view = memoryview(b).cast("B")
        if not self._buf and not self._eof:
            resp = _api()._invoke(
                "mmpy.StreamRead",
                mmpy_pb2.StreamReadRequest(stream=self._id, max=min(len(view), STREAM_CHUNK)),
                mmpy_pb2.StreamReadResponse,
            )
            self._buf, self._eof = resp.data, resp.eof
        n = min(len(view), len(self._buf))
        view[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


class _Body:
    """``HTTPRequest.body``: bytes; a streamed body is read from the host on first access."""

    @overload
    def __get__(self, obj: None, objtype: Any = None) -> bytes: ...
    @overload
    def __get__(self, obj: HTTPRequest, objtype: Any = None) -> bytes: ...
    def __get__(self, obj: HTTPRequest | None, objtype: Any = None) -> bytes:
        if obj is None:
            return b""
        data: bytes | None = obj.__dict__.get("_body")
        if data is None:
            data = obj._read_whole() if obj.stream_id else b""
            obj.__dict__["_body"] = data
        return data

    def __set__(self, obj: HTTPRequest, value: bytes | None) -> None:
        obj.__dict__["_body"] = None if value is None else bytes(value)


@dataclass(kw_only=True)
class HTTPRequest:
    """An HTTP request to the plugin (``/plugins/{plugin_id}/...``), as the guide describes it.

    Attributes:
        method: ``GET``, ``POST``, ...
        path: the path below the plugin's route, e.g. ``/api/hello``.
        query: the raw query string, without ``?``.
        headers: header name (canonical form, e.g. ``Mattermost-User-Id``) -> value; repeated
            headers are joined with ``", "`` (all values: :attr:`header_values`).
        body: the request body (bodies the host streams, above 8 MiB or of unknown length,
            are read on first access, up to ``MAX_WHOLE_BODY``; read :attr:`stream` for larger).
        url: path and query as received.
        remote_addr: the client address as the server saw it.
        host: the ``Host`` header.
        header_values: header name -> every value.
    """

    method: str = "GET"
    path: str = "/"
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: _Body = _Body()
    url: str = ""
    remote_addr: str = ""
    host: str = ""
    header_values: dict[str, list[str]] = field(default_factory=dict)
    stream_id: int = 0
    content_length: int = 0

    @property
    def stream(self) -> io.BufferedReader:
        """The body as a binary file object, read from the host in chunks when it streams
        (``for chunk in iter(lambda: request.stream.read(65536), b""): ...``)."""
        cached: io.BufferedReader | None = self.__dict__.get("_stream")
        if cached is None:
            raw: io.RawIOBase
            if self.stream_id and self.__dict__.get("_body") is None:
                raw = _BodyStream(self.stream_id)
            else:
                raw = _BytesRaw(self.body)
            cached = io.BufferedReader(raw, STREAM_CHUNK)
            self.__dict__["_stream"] = cached
        return cached

    def _read_whole(self) -> bytes:
        data = self.stream.read(MAX_WHOLE_BODY + 1)
        if len(data) > MAX_WHOLE_BODY:
            raise ValueError(
                f"the request body is larger than {MAX_WHOLE_BODY >> 20} MiB: read it in chunks "
                "from request.stream instead of request.body"
            )
        return data

    @property
    def user_id(self) -> str:
        """The id of the logged-in user the server authenticated (header ``Mattermost-User-Id``),
        ``""`` for anonymous requests."""
        return self.header("Mattermost-User-Id")

    def header(self, name: str, default: str = "") -> str:
        """A header's value, by case-insensitive name."""
        value = self.headers.get(name)
        if value is not None:
            return value
        low = name.lower()
        for k, v in self.headers.items():
            if k.lower() == low:
                return v
        return default

    @property
    def query_params(self) -> dict[str, list[str]]:
        """The query string parsed (``parse_qs``)."""
        from urllib.parse import parse_qs  # imported on use: urllib.parse costs ~7 ms at start

        return parse_qs(self.query, keep_blank_values=True)

    @property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)

    @classmethod
    def from_pb(cls, m: pb.HttpRequest) -> HTTPRequest:
        """Build from the ABI message."""
        values = {h.name: list(h.values) for h in m.headers}
        streamed = m.stream != 0 and not m.body and m.content_length != 0
        return cls(
            method=m.method,
            path=m.path,
            query=m.query,
            headers={k: ", ".join(v) for k, v in values.items()},
            body=None if streamed else m.body,
            stream_id=m.stream,
            content_length=m.content_length,
            url=m.url,
            remote_addr=m.remote_addr,
            host=m.host,
            header_values=values,
        )

    def to_pb(self) -> pb.HttpRequest:
        """The ABI message (for ``plugin_http``)."""
        out = pb.HttpRequest(
            method=self.method,
            url=self.url,
            path=self.path,
            query=self.query,
            body=bytes(self.body),
            remote_addr=self.remote_addr,
            host=self.host,
        )
        values = dict(self.header_values)
        for k, v in self.headers.items():
            values.setdefault(k, [v])
        for k, vs in values.items():
            out.headers.add(name=k, values=vs)
        return out


_RESPONSE_KEYS = ("status_code", "headers", "body")


@dataclass(kw_only=True)
class HTTPResponse:
    """An HTTP response: what a ``ServeHTTP`` handler returns (or the equivalent dict
    ``{"status_code": 200, "headers": {...}, "body": "..."}``), and what ``plugin_http``
    returns."""

    status_code: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    streamed: bool = False  # already written to the client through the response stream

    @property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)

    @classmethod
    def coerce(cls, where: str, value: Any, request: HTTPRequest | None = None) -> HTTPResponse:
        """The response a handler returned: an ``HTTPResponse``, a dict with ``status_code``,
        ``headers`` and ``body`` (``str`` is sent UTF-8 encoded; an iterable of ``bytes`` chunks
        or a binary file object is streamed to the client chunk by chunk), or ``None`` (200,
        empty)."""
        if value is None:
            return cls()
        if isinstance(value, HTTPResponse):
            return value
        if not isinstance(value, Mapping):
            raise TypeError(
                f"{where}() must return a dict {{'status_code': int, 'headers': dict, "
                f"'body': str | bytes}} or an HTTPResponse; it returned {type(value).__name__}"
            )
        bad = [k for k in value if k not in _RESPONSE_KEYS]
        if bad:
            raise TypeError(
                f"{where}(): unknown response key(s) {', '.join(map(repr, bad))}; "
                "valid: status_code, headers, body"
            )
        status = value.get("status_code", 200)
        if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 999:
            raise TypeError(
                f"{where}(): status_code must be an int from 100 to 999, got {status!r}"
            )
        headers = value.get("headers") or {}
        if not isinstance(headers, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
        ):
            raise TypeError(f"{where}(): headers must be a dict of str to str")
        body = value.get("body", b"")
        if body is None:
            body = b""
        elif not isinstance(body, str | bytes | bytearray | memoryview | Mapping) and (
            hasattr(body, "read") or isinstance(body, Iterable)
        ):
            return cls._stream(where, status, dict(headers), body, request)
        elif isinstance(body, str):
            body = body.encode("utf-8")
        elif isinstance(body, bytearray | memoryview):
            body = bytes(body)
        elif not isinstance(body, bytes):
            raise TypeError(
                f"{where}(): body must be str or bytes, got {type(body).__name__} "
                "(serialize it first, e.g. json.dumps(data))"
            )
        return cls(status_code=status, headers=dict(headers), body=body)

    @classmethod
    def _stream(
        cls,
        where: str,
        status: int,
        headers: dict[str, str],
        body: Any,
        request: HTTPRequest | None,
    ) -> HTTPResponse:
        chunks: Iterable[Any] = (
            iter(lambda: body.read(STREAM_CHUNK), b"") if hasattr(body, "read") else body
        )
        if request is None or not request.stream_id:
            # no response stream (e.g. a unit test): collect the chunks
            data = b"".join(_chunk(where, c) for c in chunks)
            return cls(status_code=status, headers=headers, body=data)
        api = _api()
        first = mmpy_pb2.StreamWriteRequest(
            stream=request.stream_id,
            status_code=status,
            headers_json=json.dumps({k: [v] for k, v in headers.items()}).encode(),
        )
        for c in chunks:
            first.data = _chunk(where, c)
            api._invoke("mmpy.StreamWrite", first, mmpy_pb2.StreamWriteResponse)
            first = mmpy_pb2.StreamWriteRequest(stream=request.stream_id)
        if first.status_code or first.headers_json:  # no chunk at all: still send the head
            api._invoke("mmpy.StreamWrite", first, mmpy_pb2.StreamWriteResponse)
        return cls(status_code=status, headers=headers, streamed=True)

    @classmethod
    def from_pb(cls, m: pb.HttpResponse) -> HTTPResponse:
        """Build from the ABI message."""
        return cls(
            status_code=m.status_code,
            headers={h.name: ", ".join(h.values) for h in m.headers},
            body=m.body,
        )

    def to_pb(self) -> pb.HttpResponse:
        """The ABI message."""
        out = pb.HttpResponse(status_code=self.status_code, body=self.body, streamed=self.streamed)
        for k, v in self.headers.items():
            out.headers.add(name=k, values=[v])
        return out


def _chunk(where: str, chunk: Any) -> bytes:
    if isinstance(chunk, str):
        return chunk.encode("utf-8")
    if isinstance(chunk, bytes | bytearray | memoryview):
        return bytes(chunk)
    raise TypeError(
        f"{where}(): streamed body chunks must be bytes or str, got {type(chunk).__name__}"
    )


class _BytesRaw(io.RawIOBase):
    """A raw reader over bytes already received."""

    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        view = memoryview(b).cast("B")
        n = min(len(view), len(self._data))
        view[:n] = self._data[:n]
        self._data = self._data[n:]
        return n


# ---------------------------------------------------------------- hook streams (FileWillBeUploaded)


class StreamArg(io.BufferedReader):
    """A hook's ``io.Reader`` argument whose content streams from the host (files over 8 MiB):
    a binary file object (``read``, iteration by lines, ``readinto``). ``stream_id`` names the
    exchange the handler's output may stream back through."""

    def __init__(self, stream_id: int) -> None:
        super().__init__(_BodyStream(stream_id), STREAM_CHUNK)
        self.stream_id = stream_id


def reader_arg(data: bytes, stream_id: int, streams: bool) -> bytes | StreamArg:
    """The handler's value of an ``io.Reader`` parameter: the bytes, or a :class:`StreamArg`
    when the host streams the content."""
    return StreamArg(stream_id) if streams and stream_id else data


def write_output(where: str, value: Any, args: Any, resp: Any, field_name: str) -> None:
    """Put a handler's output (an ``io.Writer`` result) into ``resp``: bytes go in the message;
    an iterable of chunks or a binary file object streams through ``mmpy.StreamWrite`` when the
    input streamed (``StreamArg`` among ``args``), else it is collected into bytes."""
    if value is None:
        return
    if isinstance(value, bytes | bytearray | memoryview):
        setattr(resp, field_name, bytes(value))
        return
    if isinstance(value, str) or not (hasattr(value, "read") or isinstance(value, Iterable)):
        raise TypeError(
            f"{where}(): the replacement content must be bytes, an iterable of bytes or a binary "
            f"file object, got {type(value).__name__}"
        )
    chunks: Iterable[Any] = (
        iter(lambda: value.read(STREAM_CHUNK), b"") if hasattr(value, "read") else value
    )
    stream = next((a for a in args if isinstance(a, StreamArg)), None)
    if stream is None:
        setattr(resp, field_name, b"".join(_chunk(where, c) for c in chunks))
        return
    api = _api()
    for c in chunks:
        data = _chunk(where, c)
        if data:
            api._invoke(
                "mmpy.StreamWrite",
                mmpy_pb2.StreamWriteRequest(stream=stream.stream_id, data=data),
                mmpy_pb2.StreamWriteResponse,
            )
    setattr(resp, field_name + "_streamed", True)
