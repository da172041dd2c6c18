"""A small ``requests``-like HTTP client for plugins, over the host's egress capability.

::

    from mattermost_plugin import http

    resp = http.post("https://hooks.slack.com/services/...", json={"text": "hi"}, timeout=10)
    resp.raise_for_status()
    data = http.get("https://api.example.com/items", params={"q": "x"}).json()

Only hosts listed in ``server.python.egress`` in ``plugin.json`` (e.g.
``"egress": ["api.example.com", "*.slack.com"]``) and allowed by the administrator (plugin
setting ``MMPY_EGRESS_ALLOW``) can be reached; anything else raises :class:`EgressDenied`
naming the host and how to allow it. The host follows redirects (re-checking each target),
enforces a timeout (30 s unless ``timeout`` says otherwise, at most 2 min) and caps the
response size (16 MiB by default). ``urllib.request.urlopen`` works the same way.
"""

from __future__ import annotations

import json as _json
import urllib.parse
from collections.abc import Iterator, Mapping
from typing import Any

from ._egress import EgressDenied, EgressError, EgressTimeout, send

__all__ = [
    "EgressDenied",
    "EgressError",
    "EgressTimeout",
    "HTTPStatusError",
    "Headers",
    "Response",
    "delete",
    "get",
    "head",
    "patch",
    "post",
    "put",
    "request",
]


class Headers(Mapping[str, str]):
    """Response headers: case-insensitive; a repeated header's values are joined with ", "
    (:meth:`get_all` returns them separately)."""

    def __init__(self, items: list[tuple[str, str]]) -> None:
        self._items = list(items)
        self._joined: dict[str, tuple[str, str]] = {}
        for name, value in self._items:
            key = name.lower()
            if key in self._joined:
                first, prev = self._joined[key]
                self._joined[key] = (first, f"{prev}, {value}")
            else:
                self._joined[key] = (name, value)

    def __getitem__(self, name: str) -> str:
        return self._joined[name.lower()][1]

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._joined.values())

    def __len__(self) -> int:
        return len(self._joined)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._joined

    def get_all(self, name: str) -> list[str]:
        """Every value of header ``name``, in order."""
        key = name.lower()
        return [v for n, v in self._items if n.lower() == key]

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


class HTTPStatusError(Exception):
    """Raised by :meth:`Response.raise_for_status` for a 4xx or 5xx response."""

    def __init__(self, response: Response) -> None:
        kind = "Client" if response.status_code < 500 else "Server"
        super().__init__(
            f"{response.status_code} {kind} Error: {response.reason} for url: {response.url}"
        )
        self.response = response


class Response:
    """An HTTP response: ``status_code``, ``reason``, ``headers``, ``content`` (bytes),
    ``text``, ``json()``, ``url`` (after redirects), ``ok``."""

    def __init__(
        self, status_code: int, reason: str, headers: Headers, content: bytes, url: str
    ) -> None:
        self.status_code = status_code
        self.reason = reason
        self.headers = headers
        self.content = content
        self.url = url

    @property
    def ok(self) -> bool:
        """True for a status below 400."""
        return self.status_code < 400

    @property
    def encoding(self) -> str:
        """The charset of Content-Type, else UTF-8."""
        for part in self.headers.get("Content-Type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"'")
        return "utf-8"

    @property
    def text(self) -> str:
        """The body decoded with :attr:`encoding` (undecodable bytes replaced)."""
        try:
            return self.content.decode(self.encoding, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON."""
        return _json.loads(self.content)

    def raise_for_status(self) -> None:
        """Raise :class:`HTTPStatusError` for a 4xx or 5xx status."""
        if self.status_code >= 400:
            raise HTTPStatusError(self)

    def __repr__(self) -> str:
        return f"<Response [{self.status_code}]>"


def request(
    method: str,
    url: str,
    *,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    data: bytes | str | Mapping[str, Any] | None = None,
    json: Any = None,
    timeout: float | None = None,
    allow_redirects: bool = True,
) -> Response:
    """Send one request through the host and return its :class:`Response`.

    ``params`` are added to the query string; ``data`` is sent as is (bytes, or str encoded as
    UTF-8) or form-encoded (a mapping); ``json`` is serialized with ``Content-Type:
    application/json``. A 4xx/5xx status is a normal response (see
    :meth:`Response.raise_for_status`); a refusal or a network failure raises
    :class:`EgressError` (:class:`EgressDenied`, :class:`EgressTimeout`).
    """
    if not isinstance(method, str) or not method:
        raise TypeError(f"request(): method must be a non-empty str, got {method!r}")
    if not isinstance(url, str):
        raise TypeError(f"request(): url must be a str, got {type(url).__name__}")
    if data is not None and json is not None:
        raise TypeError("request(): pass data or json, not both")
    hdrs: dict[str, str] = dict(headers or {})
    lower = {k.lower() for k in hdrs}
    if params:
        query = urllib.parse.urlencode(params, doseq=True)
        url = f"{url}{'&' if urllib.parse.urlsplit(url).query else '?'}{query}"
    body = b""
    if json is not None:
        body = _json.dumps(json).encode()
        if "content-type" not in lower:
            hdrs["Content-Type"] = "application/json"
    elif isinstance(data, bytes | bytearray):
        body = bytes(data)
    elif isinstance(data, str):
        body = data.encode()
    elif isinstance(data, Mapping):
        body = urllib.parse.urlencode(data, doseq=True).encode()
        if "content-type" not in lower:
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
    elif data is not None:
        raise TypeError(
            f"request(): data must be bytes, str or a mapping, got {type(data).__name__}"
        )
    raw = send(
        method,
        url,
        headers=hdrs.items(),
        body=body,
        timeout=timeout,
        follow_redirects=allow_redirects,
    )
    return Response(raw.status, raw.reason, Headers(raw.headers), raw.body, raw.url or url)


def get(url: str, **kwargs: Any) -> Response:
    """``request("GET", url, ...)``."""
    return request("GET", url, **kwargs)


def head(url: str, **kwargs: Any) -> Response:
    """``request("HEAD", url, ...)``."""
    return request("HEAD", url, **kwargs)


def post(url: str, **kwargs: Any) -> Response:
    """``request("POST", url, ...)``."""
    return request("POST", url, **kwargs)


def put(url: str, **kwargs: Any) -> Response:
    """``request("PUT", url, ...)``."""
    return request("PUT", url, **kwargs)


def patch(url: str, **kwargs: Any) -> Response:
    """``request("PATCH", url, ...)``."""
    return request("PATCH", url, **kwargs)


def delete(url: str, **kwargs: Any) -> Response:
    """``request("DELETE", url, ...)``."""
    return request("DELETE", url, **kwargs)
