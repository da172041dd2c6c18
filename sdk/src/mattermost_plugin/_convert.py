"""Conversion between the dataclass models and the ``mmpy.v1`` protocol-buffer messages.

Plans are derived from the message descriptors and the dataclass fields (once per class, on
first use), so every proto field is mapped and a field missing on either side is an SDK bug
caught by the tests. Encoding checks every value's type and raises ``TypeError`` naming the
field (``Post.message must be str, got int``) before anything crosses the ABI.

Lossless round trips: a model decoded from a message keeps a reference to it (attribute
``_mmpy_proto``, outside the dataclass fields). Encoding such a model starts from a copy of that
message and overwrites the known fields, so unknown fields (added by a newer host) survive.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, TypeVar

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from ._abi import mmpy_pb2 as pb
from .models import Command, CommandArgs, CommandResponse, Context, Post, User

__all__ = ["command_response_from_dict", "fill_proto", "from_proto", "to_proto", "type_error"]

_ORIGINAL = "_mmpy_proto"
_SNAPSHOT = "_mmpy_values"  # the immutable field values as decoded (to skip unchanged fields)
_IMMUTABLE = (str, int, bool, bytes, float, type(None))

_MODELS: tuple[type[Any], ...] = (Context, User, Post, CommandArgs, CommandResponse, Command)
_MODEL_BY_MESSAGE: dict[str, type[Any]] = {cls.__name__: cls for cls in _MODELS}
_MESSAGE_BY_MODEL: dict[type[Any], type[Message]] = {
    cls: getattr(pb, cls.__name__) for cls in _MODELS
}

M = TypeVar("M")
_MISSING = object()

_Decode = Callable[[Any], Any]  # (message) -> python value
_Encode = Callable[[Any, Any], None]  # (message, python value) -> None


class _Field(NamedTuple):
    attr: str
    decode: _Decode
    encode: _Encode


_PLANS: dict[type[Any], tuple[_Field, ...]] = {}


def type_error(where: str, expected: str, value: object) -> TypeError:
    """A ``TypeError`` saying ``where must be expected, got <type>``."""
    return TypeError(f"{where} must be {expected}, got {type(value).__name__}")


def _model_base(cls: type[Any]) -> type[Any]:
    """The model class ``cls`` is or derives from (``TypeError`` for anything else)."""
    for base in cls.__mro__:
        if base in _MESSAGE_BY_MODEL:
            return base
    raise TypeError(f"{cls.__name__} is not a mattermost_plugin model")


def from_proto(message: Message) -> Any:
    """Decode a message into its model (``mmpy.v1.Post`` -> :class:`Post`, …)."""
    name = message.DESCRIPTOR.name
    decode = _DECODERS.get(name)
    if decode is None:
        decode = _DECODERS[name] = _build_decoder(_MODEL_BY_MESSAGE[name])
    return decode(message)


_DECODERS: dict[str, Callable[[Message], Any]] = {}


def _build_decoder(cls: type[Any]) -> Callable[[Message], Any]:
    """Compile one straight-line decoder for ``cls`` from its message descriptor.

    In the guest a loop over per-field closures plus ``cls(**values)`` cost about as much as
    the protobuf decoding itself; the generated function reads each field once and fills the
    instance's ``__dict__`` directly (the models are plain dataclasses without
    ``__post_init__``, so this is what ``__init__`` would do). The field mapping is the same as
    the plan's (``_build_plan`` checks that every proto field has a model field).
    """
    _plan(cls)  # validates the mapping
    model_fields = {f.name: f for f in dataclasses.fields(cls)}
    lines = ["def decode(msg):", "    m = _new(_cls)", "    d = m.__dict__"]
    for fd in _MESSAGE_BY_MODEL[cls].DESCRIPTOR.fields:
        n = fd.name
        if _is_json(fd):
            attr = n[: -len("_json")]
            factory = model_fields[attr].default_factory
            empty = "None"  # Post.metadata: dict | None
            if factory is not dataclasses.MISSING:
                empty = "[]" if factory is list else "{}"
            lines += [
                f"    raw = msg.{n}",
                "    v = _loads(raw) if raw else None",
                f"    d[{attr!r}] = {empty} if v is None else v",
            ]
        elif fd.message_type is not None and fd.message_type.GetOptions().map_entry:
            lines += [f"    v = msg.{n}", f"    d[{n!r}] = dict(v) if len(v) else {{}}"]
        elif fd.is_repeated and fd.message_type is not None:
            lines.append(f"    d[{n!r}] = [_from_proto(x) for x in msg.{n}]")
        elif fd.is_repeated:
            lines.append(f"    d[{n!r}] = list(msg.{n})")
        elif fd.has_presence:
            lines.append(f"    d[{n!r}] = msg.{n} if msg.HasField({n!r}) else None")
        else:
            lines.append(f"    d[{n!r}] = msg.{n}")
    lines += [
        "    s = dict(d)",
        f"    d[{_ORIGINAL!r}] = msg",
        f"    d[{_SNAPSHOT!r}] = s",
        "    return m",
    ]
    env: dict[str, Any] = {
        "_new": object.__new__,
        "_cls": cls,
        "_loads": json.loads,
        "_from_proto": from_proto,
    }
    exec(compile("\n".join(lines), f"<mattermost_plugin decoder for {cls.__name__}>", "exec"), env)
    decoder: Callable[[Message], Any] = env["decode"]
    return decoder


def to_proto(model: object) -> Message:
    """Encode a model into a new message of the matching type."""
    message = _MESSAGE_BY_MODEL[_model_base(type(model))]()
    fill_proto(model, message)
    return message


def fill_proto(model: object, target: Message) -> None:
    """Encode ``model`` into ``target`` (a message of the matching type, often a sub-message)."""
    cls = _model_base(type(model))
    encode = _ENCODERS.get(cls)
    if encode is None:
        encode = _ENCODERS[cls] = _build_encoder(cls)
    encode(model, target)


_ENCODERS: dict[type[Any], Callable[[object, Message], None]] = {}


def _build_encoder(cls: type[Any]) -> Callable[[object, Message], None]:
    """Compile one straight-line encoder for ``cls`` from its plan.

    A model decoded from a message starts from a copy of it; an immutable value that was not
    reassigned is then skipped (the costly part in the guest). Mutable values (dicts, lists)
    may have changed in place and are always encoded. Each field is encoded by its plan entry,
    which checks the value's type.
    """
    plan = _plan(cls)
    lines = [
        "def encode(model, target):",
        f"    original = getattr(model, {_ORIGINAL!r}, None)",
        "    if original is not None:",
        "        target.CopyFrom(original)",
        f"        s = getattr(model, {_SNAPSHOT!r}, None) or _EMPTY",
        "    else:",
        "        target.SetInParent()",
        "        s = _EMPTY",
    ]
    env: dict[str, Any] = {"_EMPTY": {}, "_MISSING": _MISSING, "_IMM": _IMMUTABLE}
    for i, f in enumerate(plan):
        env[f"_enc{i}"] = f.encode
        lines += [
            f"    v = model.{f.attr}",
            f"    if v is not s.get({f.attr!r}, _MISSING) or not isinstance(v, _IMM):",
            f"        _enc{i}(target, v)",
        ]
    exec(compile("\n".join(lines), f"<mattermost_plugin encoder for {cls.__name__}>", "exec"), env)
    encoder: Callable[[object, Message], None] = env["encode"]
    return encoder


def command_response_from_dict(data: Mapping[str, Any], where: str) -> CommandResponse:
    """Build a :class:`CommandResponse` from a dict of its fields (``extra_responses`` may hold
    dicts too). Unknown keys raise ``TypeError`` listing the valid ones."""
    valid = [f.name for f in dataclasses.fields(CommandResponse)]
    unknown = [k for k in data if k not in valid]
    if unknown:
        raise TypeError(
            f"{where}: unknown CommandResponse field(s) {', '.join(map(repr, unknown))}; "
            f"valid fields: {', '.join(valid)}",
        )
    fields = dict(data)
    extra = fields.get("extra_responses")
    if isinstance(extra, list | tuple):
        fields["extra_responses"] = [
            command_response_from_dict(e, f"{where}.extra_responses[{i}]")
            if isinstance(e, Mapping)
            else e
            for i, e in enumerate(extra)
        ]
    return CommandResponse(**fields)


# ---------------------------------------------------------------- plans


def _plan(cls: type[Any]) -> tuple[_Field, ...]:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _build_plan(cls)
    return plan


def _build_plan(cls: type[Any]) -> tuple[_Field, ...]:
    descriptor = _MESSAGE_BY_MODEL[cls].DESCRIPTOR
    model_fields = {f.name: f for f in dataclasses.fields(cls)}
    plan: list[_Field] = []
    for fd in descriptor.fields:
        attr = fd.name[: -len("_json")] if _is_json(fd) else fd.name
        mf = model_fields.pop(attr, None)
        if mf is None:
            raise RuntimeError(f"SDK bug: {cls.__name__} has no field for mmpy.v1.{fd.full_name}")
        plan.append(_field(cls.__name__, attr, fd, mf))
    if model_fields:
        raise RuntimeError(
            f"SDK bug: {cls.__name__} fields {sorted(model_fields)} have no proto field",
        )
    return tuple(plan)


def _is_json(fd: FieldDescriptor) -> bool:
    return bool(fd.type == FieldDescriptor.TYPE_BYTES and fd.name.endswith("_json"))


def _field(owner: str, attr: str, fd: FieldDescriptor, mf: dataclasses.Field[Any]) -> _Field:
    where = f"{owner}.{attr}"
    name = fd.name
    if _is_json(fd):
        return _json_field(where, attr, name, mf)
    if fd.message_type is not None and fd.message_type.GetOptions().map_entry:
        return _map_field(where, attr, name)
    if fd.is_repeated and fd.message_type is not None:
        return _message_list_field(where, attr, name, fd.message_type.name)
    if fd.is_repeated:
        return _scalar_list_field(where, attr, name, _scalar_check(fd, nullable=False))
    if fd.message_type is not None:
        raise RuntimeError(f"SDK bug: no conversion for message field {where}")
    check = _scalar_check(fd, nullable=fd.has_presence)
    if fd.has_presence:  # proto3 `optional`: None when unset

        def decode_opt(msg: Any) -> Any:
            return getattr(msg, name) if msg.HasField(name) else None

        def encode_opt(msg: Any, value: Any) -> None:
            if value is None:
                msg.ClearField(name)
            else:
                check(where, value)
                setattr(msg, name, value)

        return _Field(attr, decode_opt, encode_opt)

    def decode(msg: Any) -> Any:
        return getattr(msg, name)

    def encode(msg: Any, value: Any) -> None:
        check(where, value)
        setattr(msg, name, value)

    return _Field(attr, decode, encode)


_Check = Callable[[str, Any], None]

_INT_RANGES = {
    FieldDescriptor.TYPE_INT32: (-(2**31), 2**31 - 1),
    FieldDescriptor.TYPE_INT64: (-(2**63), 2**63 - 1),
}


_SCALAR_TYPES: dict[int, tuple[type[Any], str]] = {
    FieldDescriptor.TYPE_STRING: (str, "str"),
    FieldDescriptor.TYPE_BOOL: (bool, "bool"),
    FieldDescriptor.TYPE_BYTES: (bytes, "bytes"),
}


def _scalar_check(fd: FieldDescriptor, *, nullable: bool) -> _Check:
    """A check for one scalar value (the ``None`` case is handled by the caller)."""
    suffix = " or None" if nullable else ""
    if fd.type in _SCALAR_TYPES:
        py_type, expected = _SCALAR_TYPES[fd.type]
        expected += suffix

        def check(where: str, value: Any) -> None:
            if not isinstance(value, py_type):
                raise type_error(where, expected, value)

        return check
    if fd.type in _INT_RANGES:
        lo, hi = _INT_RANGES[fd.type]
        expected_int = "int" + suffix

        def check_int(where: str, value: Any) -> None:
            if not isinstance(value, int) or isinstance(value, bool):
                raise type_error(where, expected_int, value)
            if not lo <= value <= hi:
                raise ValueError(f"{where} = {value} is out of range [{lo}, {hi}]")

        return check_int
    raise RuntimeError(f"SDK bug: no conversion for {fd.full_name} (type {fd.type})")


def _map_field(where: str, attr: str, name: str) -> _Field:
    def decode(msg: Any) -> Any:
        return dict(getattr(msg, name))

    def encode(msg: Any, value: Any) -> None:
        if not isinstance(value, Mapping):
            raise type_error(where, "a dict of str to str", value)
        for k, v in value.items():
            if not isinstance(k, str) or not isinstance(v, str):
                raise TypeError(
                    f"{where} must map str to str, got {type(k).__name__} -> {type(v).__name__}",
                )
        container = getattr(msg, name)
        container.clear()
        container.update(value)

    return _Field(attr, decode, encode)


def _scalar_list_field(where: str, attr: str, name: str, check: _Check) -> _Field:
    def decode(msg: Any) -> Any:
        return list(getattr(msg, name))

    def encode(msg: Any, value: Any) -> None:
        if not isinstance(value, list | tuple):
            raise type_error(where, "a list", value)
        for i, item in enumerate(value):
            check(f"{where}[{i}]", item)
        container = getattr(msg, name)
        del container[:]
        container.extend(value)

    return _Field(attr, decode, encode)


def _message_list_field(where: str, attr: str, name: str, message_name: str) -> _Field:
    item_cls = _MODEL_BY_MESSAGE[message_name]

    def decode(msg: Any) -> Any:
        return [from_proto(m) for m in getattr(msg, name)]

    def encode(msg: Any, value: Any) -> None:
        if not isinstance(value, list | tuple):
            raise type_error(where, f"a list of {item_cls.__name__}", value)
        for i, item in enumerate(value):
            if not isinstance(item, item_cls):
                raise type_error(f"{where}[{i}]", item_cls.__name__, item)
        container = getattr(msg, name)
        del container[:]
        for item in value:
            fill_proto(item, container.add())

    return _Field(attr, decode, encode)


def _json_field(where: str, attr: str, name: str, mf: dataclasses.Field[Any]) -> _Field:
    factory = mf.default_factory
    if factory is dataclasses.MISSING:
        if mf.default is not None:
            raise RuntimeError(f"SDK bug: JSON field {where} needs a factory or a None default")
        container: type[Any] = dict  # dict | None, like Post.metadata
        nullable = True
    else:
        container = factory  # type: ignore[assignment]
        nullable = False
    expected = "a list" if container is list else "a dict"
    if nullable:
        expected += " or None"
    accepted: tuple[type[Any], ...] = (list, tuple) if container is list else (Mapping,)

    def default() -> Any:
        return None if nullable else container()

    def decode(msg: Any) -> Any:
        raw = getattr(msg, name)
        if not raw:
            return default()
        value = json.loads(raw)
        return default() if value is None else value

    def encode(msg: Any, value: Any) -> None:
        if value is None and nullable:
            setattr(msg, name, b"")
            return
        if not isinstance(value, accepted):
            raise type_error(where, expected, value)
        if not value and not nullable:  # empty props/attachments travel as "absent"
            setattr(msg, name, b"")
            return
        try:
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{where} must be JSON-serializable: {exc}") from exc
        setattr(msg, name, text.encode())

    return _Field(attr, decode, encode)
