"""Outbound HTTP(S) through the host (the egress capability, abi/ABI.md section 9).

The sandbox has no sockets. A plugin reaches external services by asking the host, which makes
the request with its own HTTP client, only to hosts the plugin's manifest lists in
``server.python.egress`` *and* the administrator allows (plugin setting ``MMPY_EGRESS_ALLOW``).
The request travels as ``ApiCall{method: "mmpy.HTTPRequest"}`` carrying an ``HttpRequest``.

This module holds the transport (:func:`send`), the exceptions, the ``urllib.request`` handler
installed at boot, and the clear errors ``socket`` raises in the sandbox.
"""

from __future__ import annotations

import errno
import io
import sys
import types
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from google.protobuf.message import Message

from ._abi import egress_pb2 as epb
from ._abi import mmpy_pb2 as pb

if TYPE_CHECKING:
    from importlib.abc import Loader as _LoaderBase
    from importlib.abc import MetaPathFinder as _FinderBase
    from importlib.machinery import ModuleSpec
else:
    # The import system only needs the protocol (find_spec / create_module + exec_module);
    # importlib.abc would pull in importlib.resources, pathlib and tempfile at every plugin
    # start (~20 ms in the guest).
    _LoaderBase = _FinderBase = object

__all__ = [
    "EGRESS_METHOD",
    "EgressDenied",
    "EgressError",
    "EgressTimeout",
    "RawResponse",
    "install",
    "send",
    "set_caller",
]

EGRESS_METHOD = "mmpy.HTTPRequest"

SOCKETS_UNAVAILABLE = (
    "sockets are not available in the mmpy plugin sandbox; make HTTP(S) requests with "
    "mattermost_plugin.http or urllib.request, to hosts listed in server.python.egress in "
    "plugin.json and allowed by the administrator (plugin setting MMPY_EGRESS_ALLOW)"
)


class EgressError(OSError):
    """An outbound request failed in the host (``error_id`` says why, e.g.
    ``"mmpy.egress.failed"``; ``url`` is the URL asked for)."""

    def __init__(self, message: str, *, error_id: str = "", url: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.error_id = error_id
        self.url = url

    def __str__(self) -> str:
        return self.message


class EgressDenied(EgressError, PermissionError):
    """The host refused the request: the manifest does not declare the host, the administrator
    has not allowed it, a redirect led elsewhere, or it resolves to a private address."""


class EgressTimeout(EgressError, TimeoutError):
    """The request did not complete within its timeout."""


class Caller(Protocol):
    def call(self, method: str, request: Message) -> pb.ApiResult: ...


_caller: Caller | None = None


def set_caller(caller: Caller | None) -> None:
    """Route requests through ``caller`` (the plugin's runtime; the server sets it)."""
    global _caller
    _caller = caller


class RawResponse(NamedTuple):
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    url: str


_NOT_CONNECTED = (
    "outbound HTTP goes through the mmpy host and is available once the plugin runs inside it "
    "(from hook handlers such as OnActivate, not at import time)"
)


def send(
    method: str,
    url: str,
    *,
    headers: Iterable[tuple[str, str]] = (),
    body: bytes = b"",
    timeout: float | None = None,
    follow_redirects: bool = True,
) -> RawResponse:
    """Make one request through the host; raise :class:`EgressError` (or a subclass) if the
    host refuses or it fails. Any HTTP status, 4xx and 5xx included, is a response."""
    if _caller is None:
        raise EgressError(_NOT_CONNECTED, error_id="mmpy.egress.not_connected", url=url)
    timeout_ms = 0
    if timeout is not None:
        if timeout <= 0:
            raise ValueError(f"timeout must be positive, got {timeout!r}")
        timeout_ms = max(1, round(timeout * 1000))
    request = epb.EgressRequest(
        method=method.upper(),
        url=url,
        headers=[epb.EgressHeader(name=k, value=v) for k, v in headers],
        body=body,
        timeout_ms=min(timeout_ms, 2**32 - 1),
        no_redirects=not follow_redirects,
    )
    result = _caller.call(EGRESS_METHOD, request)
    if result.HasField("error"):
        raise _error(result.error, url)
    resp = epb.EgressResponse.FromString(result.response)
    return RawResponse(
        resp.status, resp.reason, [(h.name, h.value) for h in resp.headers], resp.body, resp.url
    )


def _error(err: pb.AppError, url: str) -> EgressError:
    cls: type[EgressError] = EgressError
    if err.id == "mmpy.egress.timeout":
        cls = EgressTimeout
    elif err.status_code == 403:
        cls = EgressDenied
    return cls(err.message or err.id, error_id=err.id, url=url)


# ---------------------------------------------------------------- urllib.request


def _urllib_handler(request_module: Any) -> Any:
    """The ``urllib.request`` handler that sends ``http``/``https`` requests through the host
    (``request_module`` is ``urllib.request``, possibly still being imported)."""
    import http.client
    import urllib.error
    import urllib.response

    # Subclassing HTTPHandler makes build_opener() drop its default one; the lower
    # handler_order puts this one before an HTTPSHandler (none exists without ssl).
    base: Any = request_module.HTTPHandler

    class MmpyHTTPHandler(base):  # type: ignore[misc]
        """Serves http:// and https:// URLs with the host's egress capability."""

        handler_order = 400

        def http_open(self, req: Any) -> urllib.response.addinfourl:
            return self._open(req)

        def https_open(self, req: Any) -> urllib.response.addinfourl:
            return self._open(req)

        http_request = base.do_request_
        https_request = base.do_request_

        def _open(self, req: Any) -> urllib.response.addinfourl:
            data = req.data
            if data is not None and not isinstance(data, bytes | bytearray):
                data = data.read() if hasattr(data, "read") else b"".join(data)
            timeout = (
                req.timeout if isinstance(getattr(req, "timeout", None), int | float) else None
            )
            try:
                raw = send(
                    req.get_method(),
                    req.full_url,
                    headers=req.header_items(),
                    body=bytes(data or b""),
                    timeout=timeout,
                )
            except EgressError as exc:
                raise urllib.error.URLError(exc) from exc
            msg = http.client.HTTPMessage()
            for name, value in raw.headers:
                msg[name] = value
            resp = urllib.response.addinfourl(io.BytesIO(raw.body), msg, raw.url, raw.status)
            resp.msg = raw.reason  # type: ignore[attr-defined]
            resp.reason = raw.reason  # type: ignore[attr-defined]
            return resp

    return MmpyHTTPHandler


def build_opener() -> Any:
    """An opener like ``urllib.request.build_opener()`` whose http/https go through the host
    (redirects are followed by the host, which re-checks each target)."""
    import urllib.request

    return urllib.request.build_opener(_urllib_handler(urllib.request))


# ---------------------------------------------------------------- boot-time patches


def _patch_urllib(module: types.ModuleType) -> None:
    module.install_opener(module.build_opener(_urllib_handler(module)))


def _patch_socket(module: types.ModuleType) -> None:
    def unavailable(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError(errno.ENOTSUP, SOCKETS_UNAVAILABLE)

    def socket_init(self: Any, *_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.ENOTSUP, SOCKETS_UNAVAILABLE)

    module.socket.__init__ = socket_init
    for name in (
        "create_connection",
        "create_server",
        "getaddrinfo",
        "gethostbyname",
        "gethostbyname_ex",
        "gethostbyaddr",
        "socketpair",
        "fromfd",
    ):
        setattr(module, name, unavailable)


_PATCHES = {"urllib.request": _patch_urllib, "socket": _patch_socket}


class _PatchingLoader(_LoaderBase):
    def __init__(self, loader: _LoaderBase, patch: Any) -> None:
        self._loader = loader
        self._patch = patch

    def create_module(self, spec: ModuleSpec) -> types.ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        self._loader.exec_module(module)
        self._patch(module)


class _PatchingFinder(_FinderBase):
    """Patches ``socket`` and ``urllib.request`` when they are first imported (so plugins that
    never use them pay nothing at start-up)."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> ModuleSpec | None:
        patch = _PATCHES.get(fullname)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec: ModuleSpec | None = finder.find_spec(fullname, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = _PatchingLoader(spec.loader, patch)
                return spec
        return None


def install() -> None:
    """Make ``urllib.request.urlopen`` use the host and ``socket`` fail clearly (the boot
    module calls this inside the host; modules imported already are patched at once)."""
    for name, patch in _PATCHES.items():
        module = sys.modules.get(name)
        if module is not None:
            patch(module)
    if not any(isinstance(f, _PatchingFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _PatchingFinder())
