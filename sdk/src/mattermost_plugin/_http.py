"""HTTP request and response objects of the ``ServeHTTP``/``ServeMetrics`` hooks and of
``PluginAPI.plugin_http``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from ._abi import plugin_pb2 as pb

__all__ = ["HTTPRequest", "HTTPResponse"]


@dataclass(kw_only=True)
class HTTPRequest:
    """An HTTP request to the plugin (``/plugins/{plugin_id}/...``), as the guide describes it.

    Attributes:
        method: ``GET``, ``POST``, ...
        path: the path below the plugin's route, e.g. ``/api/hello``.
        query: the raw query string, without ``?``.
        headers: header name (canonical form, e.g. ``Mattermost-User-Id``) -> value; repeated
            headers are joined with ``", "`` (all values: :attr:`header_values`).
        body: the request body.
        url: path and query as received.
        remote_addr: the client address as the server saw it.
        host: the ``Host`` header.
        header_values: header name -> every value.
    """

    method: str = "GET"
    path: str = "/"
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    url: str = ""
    remote_addr: str = ""
    host: str = ""
    header_values: dict[str, list[str]] = field(default_factory=dict)

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
        return cls(
            method=m.method,
            path=m.path,
            query=m.query,
            headers={k: ", ".join(v) for k, v in values.items()},
            body=m.body,
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

    @property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)

    @classmethod
    def coerce(cls, where: str, value: Any) -> HTTPResponse:
        """The response a handler returned: an ``HTTPResponse``, a dict with ``status_code``,
        ``headers`` and ``body`` (``str`` is sent UTF-8 encoded), or ``None`` (200, empty)."""
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
    def from_pb(cls, m: pb.HttpResponse) -> HTTPResponse:
        """Build from the ABI message."""
        return cls(
            status_code=m.status_code,
            headers={h.name: ", ".join(h.values) for h in m.headers},
            body=m.body,
        )

    def to_pb(self) -> pb.HttpResponse:
        """The ABI message."""
        out = pb.HttpResponse(status_code=self.status_code, body=self.body)
        for k, v in self.headers.items():
            out.headers.add(name=k, values=[v])
        return out
