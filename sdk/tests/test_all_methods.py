"""Every generated API method (``METHODS``): arguments are encoded into its
``Api<Method>Request`` and its ``Api<Method>Response`` is decoded into the documented return
value. Argument values and responses are derived from the method's type hints, so a method
added to the generated client is covered without editing this file."""

from __future__ import annotations

import collections.abc
import inspect
import types
import typing
from typing import Any
from unittest.mock import MagicMock

import pytest
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from fakehost import api_response_type, js, request_type, unjs
from mattermost_plugin import HTTPRequest, HTTPResponse, PluginAPI, _client, models
from mattermost_plugin._abi import mmpy_pb2 as pb
from mattermost_plugin._aio import run
from mattermost_plugin._client import METHODS, GeneratedAPI, GeneratedAsyncAPI
from samples import filled

GO_NAMES = sorted(METHODS)


def sample(tp: Any, seed: int) -> Any:
    """A non-zero value of (resolved) type ``tp``."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return sample(next(a for a in args if a is not type(None)), seed)
    if origin in (list, collections.abc.Sequence):
        return [sample(args[0], seed), sample(args[0], seed + 1)]
    if origin in (dict, collections.abc.Mapping):
        return {f"k{seed}": sample(args[1], seed)}
    if tp is Any:
        return {"any": [seed, "x", None]}
    if tp is str:
        return f"v{seed}-ü"
    if tp is bool:
        return True
    if tp is int:
        return 2**62 + seed
    if tp is float:
        return seed + 0.25
    if tp is bytes:
        return bytes([0, 255, seed % 256])
    if tp is HTTPRequest:
        return HTTPRequest(method="PUT", path="/p", query="q=1", headers={"A": "b"}, body=b"x")
    if tp is HTTPResponse:
        return HTTPResponse(status_code=418, headers={"C": "d"}, body=b"teapot")
    if isinstance(tp, type) and hasattr(tp, "to_dict"):
        return filled(tp, depth=1)
    raise AssertionError(f"no sample for {tp!r}")


def to_json(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value


def to_wire(value: Any) -> Any:
    """What the client sends for ``value``: models in their wire encoding (``_c_<Model>``,
    without the zero members Go decodes as zero)."""
    if hasattr(value, "to_dict"):
        return getattr(models, "_c_" + type(value).__name__)(value)
    if isinstance(value, list | tuple):
        return [to_wire(v) for v in value]
    if isinstance(value, dict):
        return {k: to_wire(v) for k, v in value.items()}
    return value


def carried(fd: FieldDescriptor, value: Any) -> Any:
    """The message field value that carries the Python ``value``."""
    if fd.message_type is not None:
        return value.to_pb()
    if fd.type == FieldDescriptor.TYPE_BYTES and not isinstance(value, bytes):
        return js(to_json(value))
    return value


def read_back(fd: FieldDescriptor, got: Any, like: Any) -> Any:
    """The Python value a request field carries, in the shape of ``like``."""
    if fd.message_type is not None:
        return HTTPRequest.from_pb(got)
    if fd.type == FieldDescriptor.TYPE_BYTES and not isinstance(like, bytes):
        return unjs(got)
    if fd.is_repeated:
        return list(got)
    return got


class Capture:
    """A ``Caller`` that records the request and answers with a prepared response."""

    def __init__(self, response: Message | None = None) -> None:
        self.response = response
        self.requests: list[tuple[str, Message]] = []

    def call(self, method: str, request: Message) -> pb.ApiResult:
        self.requests.append((method, request))
        data = b"" if self.response is None else self.response.SerializeToString()
        return pb.ApiResult(response=data)


def method_hints(go: str) -> tuple[inspect.Signature, dict[str, Any]]:
    func = getattr(GeneratedAPI, METHODS[go])
    return inspect.signature(func), typing.get_type_hints(func, vars(_client))


def arguments(go: str) -> tuple[list[Any], dict[str, Any]]:
    """Positional arguments for the method and the value each request field must carry."""
    sig, hints = method_hints(go)
    positional: list[Any] = []
    expected: dict[str, Any] = {}
    for i, p in enumerate(list(sig.parameters.values())[1:]):
        value = sample(hints[p.name], i)
        if p.kind is inspect.Parameter.VAR_POSITIONAL:
            values = ["key", value]
            positional.extend(values)
            expected[p.name] = to_json(values)
        else:
            positional.append(value)
            expected[p.name] = value
    return positional, expected


def test_every_api_method_has_request_and_response_messages() -> None:
    assert len(METHODS) == 258  # every method of plugin.API (server/public v0.4.4)
    for go, py in METHODS.items():
        assert callable(getattr(GeneratedAPI, py)), py
        request_type(go)
        api_response_type(go)


@pytest.mark.parametrize("go", GO_NAMES)
def test_arguments_are_encoded_into_the_request(go: str) -> None:
    positional, expected = arguments(go)
    caller = Capture()
    method = getattr(GeneratedAPI, METHODS[go])
    method(PluginAPI(caller), *positional)  # the base method, without the conveniences
    ((method_name, request),) = caller.requests
    assert method_name == go
    assert type(request) is request_type(go)
    fields = request.DESCRIPTOR.fields_by_name
    assert set(fields) == set(expected), "request fields are the parameters"
    for name, value in expected.items():
        fd = fields[name]
        got = read_back(fd, getattr(request, name), value)
        if fd.message_type is not None:  # HttpRequest: headers also as header_values
            assert got == HTTPRequest.from_pb(value.to_pb()), name
            assert got.headers == value.headers, name
        elif fd.type == FieldDescriptor.TYPE_BYTES and not isinstance(value, bytes):
            assert got == to_wire(value), name
            if hasattr(value, "from_dict"):  # and it decodes to the same model
                assert type(value).from_dict(got) == value, name
        else:
            assert got == value, name
    # and the request survives serialization (what crosses the ABI)
    assert request_type(go).FromString(request.SerializeToString()) == request


@pytest.mark.parametrize("go", GO_NAMES)
def test_response_is_decoded_into_the_return_value(go: str) -> None:
    _, hints = method_hints(go)
    ret = hints["return"]
    response_cls = api_response_type(go)
    fields = response_cls.DESCRIPTOR.fields
    if ret is type(None):
        assert list(fields) == []
        return
    parts = typing.get_args(ret) if typing.get_origin(ret) is tuple else (ret,)
    assert len(fields) == len(parts), (go, [f.name for f in fields], ret)
    values = [sample(tp, 3 + i) for i, tp in enumerate(parts)]
    response = response_cls(
        **{fd.name: carried(fd, v) for fd, v in zip(fields, values, strict=True)}
    )
    positional, _ = arguments(go)
    result = getattr(GeneratedAPI, METHODS[go])(PluginAPI(Capture(response)), *positional)
    assert result == (tuple(values) if len(parts) > 1 else values[0])


@pytest.mark.parametrize("go", GO_NAMES)
def test_empty_response_is_the_zero_value(go: str) -> None:
    """An empty response (Go nil / zero results) decodes without error."""
    _, hints = method_hints(go)
    positional, _ = arguments(go)
    result = getattr(GeneratedAPI, METHODS[go])(PluginAPI(Capture()), *positional)
    ret = hints["return"]
    zero = {str: "", int: 0, bool: False}.get(ret)
    if zero is not None:
        assert result == zero
    elif ret is HTTPResponse:
        assert result == HTTPResponse(status_code=0)
    elif ret == list[str]:
        assert result == []  # a repeated proto field: nil and empty are the same
    elif typing.get_origin(ret) is not tuple:
        assert result is None  # nil pointer, slice or map (JSON null or nothing)


@pytest.mark.parametrize("go", GO_NAMES)
def test_async_twin_awaits_the_sync_method(go: str) -> None:
    py = METHODS[go]
    positional, _ = arguments(go)
    api = MagicMock(spec=GeneratedAPI)
    getattr(api, py).return_value = "the result"
    result = run(getattr(GeneratedAsyncAPI(api), py)(*positional))
    _, hints = method_hints(go)
    assert result == (None if hints["return"] is type(None) else "the result")
    getattr(api, py).assert_called_once_with(*positional)
