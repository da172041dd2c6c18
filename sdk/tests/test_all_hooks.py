"""Every hook of the generated table, through ``run_hook``: requests decode to the handler
arguments its documented signature promises, and return values encode to the response.

The requests and return values are derived from ``HookSpec.signature`` and the request
message, so a hook added to the table is covered without editing this file.
"""

from __future__ import annotations

from typing import Any

import pytest
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from fakehost import js, response_type, unjs
from mattermost_plugin import HookName, HTTPRequest, Plugin, hook, models
from mattermost_plugin._abi import mmpy_pb2 as pb
from mattermost_plugin._abi import plugin_pb2 as ppb
from mattermost_plugin._dispatch import run_hook
from mattermost_plugin._hooks import HOOKS, HookSpec
from samples import filled

NAMES = list(HOOKS)


def split_top(text: str) -> list[str]:
    """``text`` split at the commas outside brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def params(spec: HookSpec) -> list[tuple[str, str]]:
    """(name, annotation) of the handler's parameters after ``self``."""
    inner = spec.signature[spec.signature.index("(") + 1 : spec.signature.rindex(") ->")]
    out = []
    for part in split_top(inner)[1:]:
        name, _, annotation = part.partition(": ")
        # an io.Reader argument is bytes, or a file object when the host streams it
        out.append((name, annotation.replace("bytes | BinaryIO", "bytes")))
    return out


def returns(spec: HookSpec) -> str:
    """The handler's documented return annotation, without the trailing ``| None``s."""
    annotation = spec.signature.rpartition(") -> ")[2]
    while annotation.endswith(" | None") and annotation != "None":
        annotation = annotation.removesuffix(" | None")
    return annotation


def strip_none(annotation: str) -> str:
    return annotation.removesuffix(" | None")


def model(annotation: str) -> type[Any] | None:
    """The model class an annotation such as ``_m.Post | None`` names."""
    name = strip_none(annotation).removeprefix("_m.")
    return models.MODELS.get(name)


def sample(annotation: str, seed: int) -> Any:
    """A non-zero Python value for a handler annotation."""
    bare = strip_none(annotation)
    cls = model(bare)
    if cls is not None:
        return filled(cls, depth=1)
    if bare.startswith("list["):
        return [filled(models.MODELS[bare[len("list[") : -1].removeprefix("_m.")], depth=1)]
    return {
        "str": f"value-{seed}",
        "int": 2**62 + seed,
        "bool": True,
        "bytes": bytes([0, 1, 2, 255, seed]),
        "Any": {"any": [seed, "x"]},
        "HTTPRequest": HTTPRequest(
            method="POST",
            path="/api/x",
            query="a=1&a=2",
            headers={"Content-Type": "application/json", "Mattermost-User-Id": "u1"},
            body=b'{"n": 1}',
            url="/plugins/p/api/x?a=1&a=2",
            remote_addr="10.0.0.2:5000",
            host="mm.example.com",
            header_values={
                "Content-Type": ["application/json"],
                "Mattermost-User-Id": ["u1"],
            },
        ),
    }[bare]


def arg_fields(spec: HookSpec) -> list[FieldDescriptor]:
    """The request fields that carry handler arguments (not the stream bookkeeping of an
    io.Reader argument: <name>_stream, <name>_streams)."""
    return [
        fd for fd in spec.request.DESCRIPTOR.fields if not fd.name.endswith(("_stream", "_streams"))
    ]


def encode_field(fd: FieldDescriptor, value: Any) -> Any:
    """The request-message value carrying the handler argument ``value``."""
    if fd.message_type is not None:
        return value.to_pb()  # HttpRequest
    if fd.type == FieldDescriptor.TYPE_BYTES and not isinstance(value, bytes):
        return js(value)  # a Go value carried as JSON
    return value


def request_for(spec: HookSpec) -> tuple[Message, list[Any]]:
    """A request with every field set, and the handler arguments it must decode to."""
    fields = arg_fields(spec)
    annotations = params(spec)
    assert len(fields) == len(annotations), (spec.name, spec.signature)
    args = [sample(a, i) for i, (_, a) in enumerate(annotations)]
    values = {fd.name: encode_field(fd, v) for fd, v in zip(fields, args, strict=True)}
    return spec.request(**values), args


def typical_return(spec: HookSpec) -> Any:
    """A non-trivial value of the documented return type."""
    annotation = returns(spec)
    if annotation == "None":
        return "ignored"  # the return value of a void hook does not matter
    if annotation.startswith("HTTPResponse"):
        return {"status_code": 201, "headers": {"X-Test": "yes"}, "body": "créé"}
    if annotation.startswith("tuple["):
        parts = split_top(annotation[len("tuple[") : -1])
        return tuple(
            sample(p, 7) if i == 0 else ("rejected" if strip_none(p) == "str" else b"new file")
            for i, p in enumerate(parts)
        )
    return sample(annotation, 7)


def to_wire(value: Any) -> Any:
    """What a hook answers for ``value``: models in their wire encoding (``_c_<Model>``,
    without the zero members Go decodes as zero)."""
    if isinstance(value, list):
        return [to_wire(v) for v in value]
    return getattr(models, "_c_" + type(value).__name__)(value)


class AllHooks(Plugin):
    """Implements every hook; records the arguments and returns ``self.returns[name]``."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.returns: dict[str, Any] = {}

    def _handle(self, name: str, args: tuple[Any, ...]) -> Any:
        self.calls.append((name, args))
        return self.returns.get(name)


def _make_handler(name: str) -> Any:
    def handler(self: AllHooks, *args: Any) -> Any:
        return self._handle(name, args)

    handler.__name__ = f"on_{name}"
    return hook(name)(handler)


AllHooksPlugin: type[AllHooks] = type(
    "AllHooksPlugin", (AllHooks,), {f"on_{name}": _make_handler(name) for name in NAMES}
)


def run(plugin: Plugin, name: str, request: Message) -> pb.HookResult:
    return run_hook(plugin, pb.HookCall(hook=name, request=request.SerializeToString()))


def test_a_plugin_can_implement_all_51_hooks() -> None:
    assert AllHooksPlugin.implemented_hooks() == list(HookName)
    assert len(AllHooksPlugin.implemented_hooks()) == 51


@pytest.mark.parametrize("name", NAMES)
def test_default_request_and_none_return(name: str) -> None:
    """The request with every field at its default (what a Go zero value or nil sends)."""
    spec = HOOKS[name]
    plugin = AllHooksPlugin()
    result = run(plugin, name, spec.request())
    assert not result.HasField("error"), result.error.traceback
    assert not result.not_implemented
    ((called, args),) = plugin.calls
    assert called == name
    assert len(args) == len(params(spec))
    fields = arg_fields(spec)
    for fd, arg, (pname, annotation) in zip(fields, args, params(spec), strict=True):
        bare = strip_none(annotation)
        expected = {"str": "", "int": 0, "bytes": b""}.get(bare)
        if fd.type == FieldDescriptor.TYPE_BYTES and bare != "bytes":
            cls = model(annotation)
            if cls is not None and not annotation.endswith(" | None"):
                assert arg == cls(), pname  # a Go struct value, absent: its zero value
            else:
                assert arg is None, pname  # a JSON-carried value, absent: nil / JSON null
        elif expected is not None:
            assert arg == expected, pname
        elif bare == "HTTPRequest":
            assert arg == HTTPRequest(method="", path="", headers={}, header_values={})
        else:
            assert arg is None, pname  # nil pointer / slice / map, or JSON null
    response = response_type(name).FromString(result.response)
    check_default_response(name, response)


def check_default_response(name: str, response: Message) -> None:
    """What a handler returning ``None`` answers: Go's zero values (ExecuteCommand: an empty
    CommandResponse, since the server dereferences it; ServeHTTP: 200 with no body)."""
    for fd in response.DESCRIPTOR.fields:
        value = getattr(response, fd.name)
        if fd.message_type is not None:  # HttpResponse
            assert (value.status_code, value.body, len(value.headers)) == (200, b"", 0)
        elif fd.type == FieldDescriptor.TYPE_BYTES and fd.name.startswith("result"):
            if name == "ExecuteCommand":  # the wire encoding leaves out zero members
                sent = unjs(value)
                assert isinstance(sent, dict), fd.name
                assert models.CommandResponse.from_dict(sent) == models.CommandResponse(), fd.name
            else:
                assert unjs(value) is None, fd.name
        else:
            assert not value, fd.name


@pytest.mark.parametrize("name", NAMES)
def test_filled_request_and_typical_return(name: str) -> None:
    spec = HOOKS[name]
    request, expected_args = request_for(spec)
    plugin = AllHooksPlugin()
    value = typical_return(spec)
    plugin.returns[name] = value
    # the request crosses as bytes, like the host sends it
    result = run(plugin, name, spec.request.FromString(request.SerializeToString()))
    assert not result.HasField("error"), result.error.traceback
    ((_, args),) = plugin.calls
    assert list(args) == expected_args

    response = response_type(name).FromString(result.response)
    fields = response.DESCRIPTOR.fields
    annotation = returns(spec)
    if annotation == "None":
        assert response.ListFields() == []
        return
    if annotation.startswith("HTTPResponse"):
        http = response.response
        assert http.status_code == 201
        assert [(h.name, list(h.values)) for h in http.headers] == [("X-Test", ["yes"])]
        assert http.body == "créé".encode()
        return
    values = value if isinstance(value, tuple) else (value,)
    fields = [fd for fd in fields if not fd.name.endswith("_streamed")]
    assert len(fields) == len(values)
    for fd, v in zip(fields, values, strict=True):
        got = getattr(response, fd.name)
        if isinstance(v, str | int | bool | bytes):
            assert got == v, fd.name
        else:
            assert unjs(got) == to_wire(v), fd.name
            if not isinstance(v, list):  # and it decodes to the same model
                assert type(v).from_dict(unjs(got)) == v, fd.name


def test_every_hook_is_covered_by_the_generic_tests() -> None:
    # the generic tests above understand every signature the generator writes
    for spec in HOOKS.values():
        request_for(spec)
        typical_return(spec)
    assert {returns(s) for s in HOOKS.values()} >= {"None", "str", "int", "bool"}


def test_dispatch_of_an_unimplemented_hook_is_not_implemented() -> None:
    class Empty(Plugin):
        pass

    for name in NAMES:
        assert run(Empty(), name, HOOKS[name].request()) == pb.HookResult(not_implemented=True)


def test_request_that_does_not_parse_is_a_hook_error() -> None:
    plugin = AllHooksPlugin()
    bad = ppb.HookMessageWillBePostedRequest(post=b"{not json").SerializeToString()
    result = run_hook(plugin, pb.HookCall(hook="MessageWillBePosted", request=bad))
    assert result.error.type == "json.decoder.JSONDecodeError"
    assert plugin.calls == []  # the handler never ran
