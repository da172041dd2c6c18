"""The guest side of the mmpy ABI (abi/ABI.md section 4): hello, the serve loop, API calls.

Everything goes through a :class:`Transport`, three blocking exchanges of serialized messages.
:class:`WasmTransport` is the real one, over the built-in module ``_mmpy`` of the WebAssembly
interpreter; tests use a fake that plays the host.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, NoReturn, Protocol

from google.protobuf.message import Message

from ._abi import mmpy_pb2 as pb
from ._dispatch import deadline_error, run_hook
from ._errors import DeadlineExceeded, ProtocolError
from ._plugin import Plugin, hook_handlers
from ._version import ABI_VERSION, __version__

__all__ = [
    "ProtocolError",
    "Runtime",
    "Transport",
    "WasmTransport",
    "current_api",
    "set_current_api",
]

_current_api: Any = None


def set_current_api(api: Any) -> None:
    """Remember the API client of the plugin this guest serves (for ``AsyncPluginAPIClient``)."""
    global _current_api
    _current_api = api


def current_api() -> Any:
    """The API client of the plugin this guest serves; ``RuntimeError`` outside the host."""
    if _current_api is None:
        raise RuntimeError(
            "AsyncPluginAPIClient() needs a running plugin (inside the mmpy host); in unit tests "
            "pass the API explicitly: AsyncPluginAPIClient(api=fake_api)"
        )
    return _current_api


ETOOBIG = -5  # ABI error code: a message over the host's cap (abi/ABI.md section 6)


class Transport(Protocol):
    """The three blocking exchanges of the ABI, on serialized messages."""

    def hello(self, data: bytes) -> bytes:
        """Send ``GuestHello``; return ``HostHello``."""
        ...

    def call(self, data: bytes) -> bytes:
        """Send ``ApiCall``; return a ``HostFrame`` (``api_result``, or a nested ``hook``)."""
        ...

    def ret(self, data: bytes) -> bytes:
        """Send ``HookResult``; return the next ``HostFrame``."""
        ...


NOT_IN_HOST = (
    "this plugin must run inside the mmpy host: the built-in module _mmpy exists only in the "
    "WebAssembly interpreter the host starts. Run it with `mmpy run DIR` or deploy its bundle "
    "to a Mattermost server with mmpy. To test it natively, create the plugin (MyPlugin()), "
    "assign plugin.api = unittest.mock.MagicMock() and call its handler methods directly."
)


class WasmTransport:
    """:class:`Transport` over ``_mmpy``, the ABI's guest module (built into python.wasm)."""

    def __init__(self) -> None:
        try:
            module: Any = importlib.import_module("_mmpy")
        except ImportError:
            raise RuntimeError(NOT_IN_HOST) from None
        if module.ABI_VERSION != ABI_VERSION:
            raise RuntimeError(
                f"the interpreter's _mmpy module speaks mmpy ABI v{module.ABI_VERSION}, this "
                f"SDK ({__version__}) speaks v{ABI_VERSION}: use the SDK shipped with the host",
            )
        self._hello = module.hello
        self._call = module.call
        self._ret = module.ret

    def hello(self, data: bytes) -> bytes:
        result: bytes = self._hello(data)
        return result

    def call(self, data: bytes) -> bytes:
        result: bytes = self._call(data)
        return result

    def ret(self, data: bytes) -> bytes:
        result: bytes = self._ret(data)
        return result


class Runtime:
    """Serves one plugin instance over a transport; also the API's :class:`~._api.Caller`.

    ``depth`` is the number of hook calls in progress (more than one while the server runs a
    hook during one of the plugin's API calls).
    """

    def __init__(self, plugin: Plugin, transport: Transport) -> None:
        self.plugin = plugin
        self.transport = transport
        self.depth = 0
        self.host: pb.HostHello | None = None

    def serve(self) -> None:
        """Say hello, report ready, run hook calls until ``Shutdown``.

        If the host refuses the plugin, print its error to stderr and exit with status 1.
        """
        self.hello()
        self.run()

    def hello(self) -> None:
        """Say hello: announce the ABI version and the hooks; exit with status 1 if refused."""
        cls = type(self.plugin)
        hello = pb.GuestHello(
            abi_version=ABI_VERSION,
            sdk_version=__version__,
            python_version=sys.version,
            plugin_class=f"{cls.__module__}.{cls.__qualname__}",
            hooks=list(hook_handlers(cls)),
        )
        self.host = pb.HostHello.FromString(self.transport.hello(hello.SerializeToString()))
        if not self.host.accepted:
            self._refused(self.host.error)

    def run(self) -> None:
        """Report ready (after :meth:`hello`) and run hook calls until ``Shutdown``."""
        frame = self._frame(self.transport.ret(b""), "ready")  # empty HookResult = ready
        while True:
            kind = frame.WhichOneof("frame")
            if kind == "hook":
                frame = self._answer(frame.hook)
            elif kind == "shutdown":
                return
            else:
                raise ProtocolError(f"host sent HostFrame{{{kind}}} while the plugin was idle")

    def call(self, method: str, request: Message) -> pb.ApiResult:
        """Make one API call; run hooks the host delivers meanwhile; return its result."""
        data = pb.ApiCall(method=method, request=request.SerializeToString()).SerializeToString()
        frame = self._frame(self.transport.call(data), method)
        while True:
            kind = frame.WhichOneof("frame")
            if kind == "api_result":
                return frame.api_result
            if kind == "hook":
                frame = self._answer(frame.hook)
            else:
                raise ProtocolError(
                    f"host sent HostFrame{{{kind}}} while the plugin waited for {method}",
                )

    def _answer(self, call: pb.HookCall) -> pb.HostFrame:
        """Run one hook call and answer it; return the host's next frame."""
        self.depth += 1
        try:
            data = run_hook(self.plugin, call).SerializeToString()
        except DeadlineExceeded as exc:
            # The interrupt landed outside the handler's try (in the SDK's own code around it):
            # still this hook's deadline; answer it rather than stop the guest.
            data = pb.HookResult(error=deadline_error(call.hook, exc)).SerializeToString()
        finally:
            self.depth -= 1
        try:
            reply = self.transport.ret(data)
        except OSError as exc:
            if exc.errno != ETOOBIG:
                raise
            # The host refused the answer as larger than its message cap; the hook is still
            # running on its side, so answer it with an error that says so instead.
            error = pb.GuestError(
                type="mattermost_plugin.MessageTooLarge",
                message=f"the answer of hook {call.hook} is {len(data)} bytes, more than the "
                f"host's message cap allows ({exc.strerror}); return less data",
            )
            reply = self.transport.ret(pb.HookResult(error=error).SerializeToString())
        return self._frame(reply, call.hook)

    @staticmethod
    def _frame(data: bytes, after: str) -> pb.HostFrame:
        frame: pb.HostFrame = pb.HostFrame.FromString(data)
        if frame.WhichOneof("frame") is None:
            raise ProtocolError(f"host sent an empty HostFrame (after {after})")
        return frame

    @staticmethod
    def _refused(error: str) -> NoReturn:
        reason = error or "(no reason given)"
        print(f"mmpy: the host refused this plugin: {reason}", file=sys.stderr)
        sys.exit(1)
