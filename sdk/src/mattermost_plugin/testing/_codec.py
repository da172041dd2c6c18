"""Encoding and decoding the ABI messages the way the host and the plugin do.

API calls: ``Api<Method>Request`` -> Python arguments, Python results -> ``Api<Method>Response``
(from ``_client.METHOD_SPECS``). Hooks: keyword arguments -> ``Hook<Name>Request``,
``Hook<Name>Response`` -> the handler's answer as Python values (from the ``_hooks`` table and
the handler signatures it documents).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from mattermost_plugin import _wire as _w
from mattermost_plugin._abi import plugin_pb2 as pb
from mattermost_plugin._client import METHOD_SPECS, ValueSpec
from mattermost_plugin._hooks import HOOKS
from mattermost_plugin._http import HTTPRequest, HTTPResponse
from mattermost_plugin.models import MODELS

__all__ = [
    "decode_hook_response",
    "decode_request",
    "encode_hook_request",
    "encode_response",
    "hook_params",
]

_SCALARS = frozenset({"str", "bool", "int", "float"})


def _present(msg: Message, name: str) -> bool:
    fd = msg.DESCRIPTOR.fields_by_name[name]
    return not fd.has_presence or msg.HasField(name)


def decode_request(method: str, request: Message) -> dict[str, Any]:
    """The arguments of an API call, by parameter name, as the Python client passed them
    (models as model instances, nil values as ``None``)."""
    params = METHOD_SPECS[method][0]
    out: dict[str, Any] = {}
    for p in params:
        raw = getattr(request, p.name)
        if p.kind in _SCALARS:
            out[p.name] = raw
        elif p.kind in ("bytes", "reader"):
            out[p.name] = bytes(raw) if _present(request, p.name) else None
        elif p.kind == "strs":
            out[p.name] = list(raw)
        elif p.kind == "varargs":
            out[p.name] = _w.loads(raw) or []
        elif p.kind == "json":
            value = _w.loads(raw)
            out[p.name] = None if value is None else p.dec(value)
        else:  # http_request / http_response: protobuf messages
            out[p.name] = raw
    return out


def _model_name(go_type: str) -> tuple[str, bool]:
    """The model a Go type names and whether it is a slice (``[]*model.Post`` -> Post, True)."""
    bare = go_type.lstrip("*")
    is_list = bare.startswith("[]")
    bare = bare.removeprefix("[]").lstrip("*").removeprefix("model.")
    if bare == "ChannelMembers":
        return "ChannelMember", True
    return bare, is_list


def _coerce(spec: ValueSpec, value: Any) -> Any:
    """Dicts given where the Go type is a model (or a list of models) become the model."""
    name, is_list = _model_name(spec.go_type)
    if name not in MODELS:
        return value
    cls = MODELS[name]
    if is_list and isinstance(value, list | tuple):
        return [cls.from_dict(v) if isinstance(v, Mapping) else v for v in value]
    if not is_list and isinstance(value, Mapping):
        return cls.from_dict(value)
    return value


def encode_response(method: str, value: Any) -> Message:
    """The ``Api<method>Response`` for the Python result ``value`` (a tuple when the Go method
    returns several values)."""
    results = METHOD_SPECS[method][1]
    response: Message = getattr(pb, f"Api{method}Response")()
    if not results:
        return response
    if len(results) == 1:
        values: tuple[Any, ...] = (value,)
    else:
        if not isinstance(value, tuple) or len(value) != len(results):
            names = ", ".join(r.name for r in results)
            raise TypeError(
                f"the answer for {method} must be a tuple of {len(results)} values ({names}), "
                f"got {value!r}"
            )
        values = value
    for spec, v in zip(results, values, strict=True):
        if v is None:
            continue  # a nil value: the field keeps its zero value (absent for bytes and JSON)
        if spec.kind in _SCALARS or spec.kind in ("bytes", "reader"):
            setattr(response, spec.name, v)
        elif spec.kind == "strs":
            getattr(response, spec.name).extend(v)
        elif spec.kind == "json":
            setattr(response, spec.name, _w.dumps(spec.enc(_coerce(spec, v))))
        else:
            getattr(response, spec.name).CopyFrom(v)
    return response


# ---------------------------------------------------------------- hooks


def _split_top(text: str) -> list[str]:
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


def hook_params(hook: str) -> list[tuple[str, str, str]]:
    """(request field, handler parameter name, annotation) of every argument of ``hook``."""
    spec = HOOKS[hook]
    sig = spec.signature
    inner = sig[sig.index("(") + 1 : sig.rindex(") ->")]
    params = [p.partition(": ") for p in _split_top(inner)[1:]]
    fields = [
        f.name
        for f in spec.request.DESCRIPTOR.fields
        if not f.name.endswith(("_stream", "_streams"))  # an io.Reader's stream bookkeeping
    ]
    if len(fields) != len(params):  # pragma: no cover - the generated table keeps them aligned
        raise RuntimeError(f"hook {hook}: request fields {fields} do not match {sig}")
    return [(f, p[0], p[2]) for f, p in zip(fields, params, strict=True)]


def _to_json(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _to_json(v) for k, v in value.items()}
    return value


def encode_hook_request(hook: str, args: Mapping[str, Any]) -> Message:
    """The ``Hook<hook>Request`` for handler arguments given by parameter name (``context``,
    ``post``) or request field name (``c``); models may be instances or dicts."""
    spec = HOOKS[hook]
    request: Message = spec.request()
    params = hook_params(hook)
    known = {name for f, p, _ in params for name in (f, p)}
    unknown = sorted(set(args) - known)
    if unknown:
        raise TypeError(
            f"hook {hook} has no argument(s) {', '.join(unknown)}; its handler is {spec.signature}"
        )
    for field, param, annotation in params:
        if param in args:
            value = args[param]
        elif field in args:
            value = args[field]
        elif param == "context":
            value = None  # filled in by the caller (FakeMattermost) when it knows better
        else:
            raise TypeError(f"hook {hook} needs the argument {param!r} ({spec.signature})")
        if value is None:
            continue
        fd = request.DESCRIPTOR.fields_by_name[field]
        if fd.type == FieldDescriptor.TYPE_MESSAGE:
            if isinstance(value, HTTPRequest):
                value = value.to_pb()
            getattr(request, field).CopyFrom(value)
        elif fd.type == FieldDescriptor.TYPE_BYTES:
            if annotation.startswith("bytes") and isinstance(value, bytes | bytearray):
                setattr(request, field, bytes(value))
            else:
                setattr(request, field, json.dumps(_to_json(value)).encode())
        else:
            setattr(request, field, value)
    return request


def _strip_none(annotation: str) -> str:
    while annotation.endswith(" | None"):
        annotation = annotation.removesuffix(" | None")
    return annotation


def _decode_json(annotation: str, data: bytes) -> Any:
    value = _w.loads(data)
    if value is None:
        return None
    bare = _strip_none(annotation)
    if bare.startswith("list[") and bare.endswith("]"):
        inner = bare[5:-1]
        if inner in MODELS:
            cls = MODELS[inner]
            return [None if v is None else cls.from_dict(v) for v in value]
        return value
    if bare in MODELS:
        return MODELS[bare].from_dict(value)
    return value


def decode_hook_response(hook: str, data: bytes) -> Any:
    """The handler's answer, as the server sees it, decoded back to Python values: a tuple when
    the Go hook returns several values, ``None`` for hooks without an answer."""
    spec = HOOKS[hook]
    response: Message = getattr(pb, f"Hook{hook}Response").FromString(data)
    fields = [f for f in response.DESCRIPTOR.fields if not f.name.endswith("_streamed")]
    if not fields:
        return None
    returns = _strip_none(spec.signature.rpartition(") -> ")[2]).replace(
        "bytes | BinaryIO", "bytes"
    )
    if returns.startswith("tuple[") and returns.endswith("]"):
        types = _split_top(returns[6:-1])
    else:
        types = [returns]
    out: list[Any] = []
    for i, fd in enumerate(fields):
        annotation = types[i] if i < len(types) else "bytes | None"
        if fd.type == FieldDescriptor.TYPE_MESSAGE:
            out.append(
                HTTPResponse.from_pb(getattr(response, fd.name))
                if response.HasField(fd.name)
                else None
            )
        elif fd.type == FieldDescriptor.TYPE_BYTES:
            raw = getattr(response, fd.name)
            if _strip_none(annotation).replace(" | BinaryIO", "") == "bytes":
                out.append(bytes(raw) if _present(response, fd.name) else None)
            else:
                out.append(_decode_json(annotation, raw))
        else:
            out.append(getattr(response, fd.name))
    return out[0] if len(out) == 1 else tuple(out)
