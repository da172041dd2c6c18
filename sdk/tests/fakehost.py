"""A fake mmpy host for native tests: a ``Transport`` that follows abi/ABI.md section 4.

It keeps the host's stack of running hooks and pending API calls, answers API calls with
handlers (``host.api["GetUser"] = lambda req: ...``), delivers queued hook calls one at a time
and, to test re-entrancy, hook calls *during* a given API call (``host.nested["CreatePost"]``).
When no work is left it sends ``Shutdown``. Every exchange is recorded in ``host.events``.

Messages are the generated ones: the envelope from ``mmpy_pb2``, ``Api<Method>Request`` /
``Hook<Hook>Response`` from ``plugin_pb2``. Models travel as JSON bytes; :func:`hook_call`
and :func:`js` encode dicts and model instances, :func:`unjs` decodes.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from mattermost_plugin._abi import mmpy_pb2 as pb
from mattermost_plugin._abi import plugin_pb2 as ppb
from mattermost_plugin._hooks import HOOKS

ApiHandler = Callable[[Any], Message]


def js(value: Any) -> bytes:
    """JSON bytes of ``value`` (model instances, also in lists, are encoded with ``to_dict()``)."""
    return json.dumps(value, separators=(",", ":"), default=lambda m: m.to_dict()).encode()


def unjs(data: bytes) -> Any:
    """Decode JSON bytes (empty bytes: ``None``, a nil Go value)."""
    return json.loads(data) if data else None


def hook_request(name: str, **fields: Any) -> Message:
    """The ``Hook<name>Request`` with ``fields``; dicts, lists and models given for ``bytes``
    fields (the JSON-carried Go values) are JSON-encoded."""
    request_type = HOOKS[name].request
    out: dict[str, Any] = {}
    for key, value in fields.items():
        fd = request_type.DESCRIPTOR.fields_by_name[key]
        if fd.type == FieldDescriptor.TYPE_BYTES and not isinstance(value, bytes):
            value = js(value)
        out[key] = value
    return request_type(**out)


def hook_call(name: str, **fields: Any) -> pb.HookCall:
    """A ``HookCall`` for hook ``name`` whose request has ``fields`` (see :func:`hook_request`)."""
    return pb.HookCall(hook=name, request=hook_request(name, **fields).SerializeToString())


def request_type(method: str) -> type[Message]:
    """The request message of API method ``method``."""
    return getattr(ppb, f"Api{method}Request")  # type: ignore[no-any-return]


def api_response_type(method: str) -> type[Message]:
    """The response message of API method ``method``."""
    return getattr(ppb, f"Api{method}Response")  # type: ignore[no-any-return]


def response_type(hook: str) -> type[Message]:
    """The response message of hook ``hook``."""
    return getattr(ppb, f"Hook{hook}Response")  # type: ignore[no-any-return]


_EMPTY_RESPONSES = (
    "KVSet",
    "KVDelete",
    "RegisterCommand",
    "LogDebug",
    "LogInfo",
    "LogWarn",
    "LogError",
)


class FakeHost:
    """Plays the host side of the ABI for one guest."""

    def __init__(
        self,
        hooks: Iterable[pb.HookCall] = (),
        *,
        accept: bool = True,
        error: str = "",
    ) -> None:
        self.queue: deque[pb.HookCall] = deque(hooks)
        self.accept = accept
        self.error = error
        self.api: dict[str, ApiHandler] = {}
        self.nested: dict[str, list[pb.HookCall]] = {}
        self.guest_hello: pb.GuestHello | None = None
        self.ready = False
        self.results: list[tuple[str, pb.HookResult]] = []  # (hook, result), completion order
        self.calls: list[tuple[str, Any]] = []  # (method, decoded request), call order
        self.events: list[str] = []
        self._stack: list[Any] = []  # ("hook", HookCall) | ("call", method, request, deque)
        for method in _EMPTY_RESPONSES:
            self.api[method] = lambda req, m=method: api_response_type(m)()

    # ------------------------------------------------------------ Transport

    def hello(self, data: bytes) -> bytes:
        assert self.guest_hello is None, "second hello"
        self.guest_hello = pb.GuestHello.FromString(data)
        self.events.append("hello")
        return pb.HostHello(
            abi_version=1,
            accepted=self.accept,
            error=self.error,
            host_version="fake-host",
            plugin_id="com.example.fake",
        ).SerializeToString()

    def call(self, data: bytes) -> bytes:
        assert self.ready, "API call before ready"
        call = pb.ApiCall.FromString(data)
        request = request_type(call.method).FromString(call.request)
        self.calls.append((call.method, request))
        self.events.append(f"call {call.method}")
        self._stack.append(("call", call.method, request, deque(self.nested.pop(call.method, []))))
        return self._next()

    def ret(self, data: bytes) -> bytes:
        result = pb.HookResult.FromString(data)
        if not self.ready:
            assert data == b"", "the first ret after hello must carry an empty HookResult"
            self.ready = True
            self.events.append("ready")
            return self._next()
        assert self._stack, "ret with no running hook"
        assert self._stack[-1][0] == "hook", "ret while the host waits on an API result"
        _, call = self._stack.pop()
        self.results.append((call.hook, result))
        self.events.append(f"ret {call.hook}")
        return self._next()

    # ------------------------------------------------------------ helpers

    def _next(self) -> bytes:
        if self._stack and self._stack[-1][0] == "call":
            _, method, request, nested = self._stack[-1]
            if nested:
                return self._deliver(nested.popleft())
            self._stack.pop()
            self.events.append(f"result {method}")
            return pb.HostFrame(api_result=self._answer(method, request)).SerializeToString()
        if self._stack:
            raise AssertionError(f"host stack in a bad state: {self._stack}")
        if self.queue:
            return self._deliver(self.queue.popleft())
        self.events.append("shutdown")
        return pb.HostFrame(shutdown=pb.Shutdown(reason="test done")).SerializeToString()

    def _deliver(self, call: pb.HookCall) -> bytes:
        self._stack.append(("hook", call))
        self.events.append(f"hook {call.hook}")
        return pb.HostFrame(hook=call).SerializeToString()

    def _answer(self, method: str, request: Message) -> pb.ApiResult:
        handler = self.api.get(method)
        if handler is None:
            return pb.ApiResult(
                error=pb.AppError(
                    id="mmpy.api.unavailable",
                    message=f"{method} is not available",
                    status_code=503,
                ),
            )
        answer = handler(request)
        if isinstance(answer, pb.AppError):
            return pb.ApiResult(error=answer)
        assert isinstance(answer, api_response_type(method)), (method, type(answer))
        return pb.ApiResult(response=answer.SerializeToString())

    def result(self, hook: str) -> pb.HookResult:
        """The only recorded result of ``hook``."""
        found = [r for h, r in self.results if h == hook]
        assert len(found) == 1, f"{hook}: {len(found)} results"
        return found[0]

    def response(self, hook: str) -> Any:
        """The decoded response of the only call of ``hook`` (which must have succeeded)."""
        result = self.result(hook)
        assert not result.HasField("error"), result.error.traceback
        assert not result.not_implemented
        return response_type(hook).FromString(result.response)

    def responses(self, hook: str) -> list[Any]:
        """The decoded responses of every call of ``hook``, in completion order."""
        return [response_type(h).FromString(r.response) for h, r in self.results if h == hook]

    def logs(self) -> list[tuple[str, str]]:
        """(method, message) of every Log* call."""
        return [(m, r.msg) for m, r in self.calls if m.startswith("Log")]
