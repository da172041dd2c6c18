"""Runtime helpers of the generated code (``models``, ``_client``, ``_hooks``).

Models cross the ABI as the JSON Mattermost's REST API uses for them; these functions convert
JSON values to Python values and back, and check the arguments of API calls and the return
values of hook handlers, raising ``TypeError`` that names the parameter.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = [
    "b64d",
    "b64e",
    "check_bool",
    "check_bytes",
    "check_float",
    "check_int",
    "check_json",
    "check_str",
    "check_strs",
    "check_type",
    "dec_dict",
    "dec_list",
    "dec_struct",
    "dumps",
    "enc_dict",
    "enc_list",
    "ident",
    "loads",
    "model_repr",
    "opt",
    "out_bool",
    "out_bytes",
    "out_int",
    "out_json",
    "out_str",
    "rest",
    "results",
    "shape_error",
    "type_error",
]

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode
_loads = json.loads
# The C scanner behind json.loads, called directly: the ABI's JSON comes from Go's
# encoding/json (UTF-8, no surrounding whitespace), so the encoding detection and the
# whitespace skipping of json.loads are work for nothing (about half its time per value).
_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def dumps(value: Any) -> bytes:
    """``value`` as compact UTF-8 JSON."""
    return _dumps(value).encode()


def loads(data: bytes) -> Any:
    """Decode JSON bytes; empty bytes are ``None`` (a nil Go value)."""
    if not data:
        return None
    text = data.decode()
    try:
        value, end = _scan(text, 0)
    except (StopIteration, ValueError):
        end = -1
    if end != len(text):
        # Whitespace around the value, or not JSON: json.loads accepts the one and
        # raises its usual error for the other.
        return _loads(text)
    return value


def ident(value: Any) -> Any:
    """The identity conversion (values JSON already represents as Python wants)."""
    return value


def opt(value: Any, conv: Callable[[Any], Any]) -> Any:
    """``conv(value)``, or ``None`` for ``None``."""
    return None if value is None else conv(value)


def dec_struct(value: Any, dec: Callable[[Any], Any], cls: Callable[[], Any]) -> Any:
    """A struct-valued field: absent or null is the zero value ``cls()``."""
    return cls() if value is None else dec(value)


def dec_list(conv: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A converter of JSON arrays whose elements need ``conv``."""

    def dec(value: Any) -> Any:
        return [None if v is None else conv(v) for v in value]

    return dec


def dec_dict(conv: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A converter of JSON objects whose values need ``conv``."""

    def dec(value: Any) -> Any:
        return {k: None if v is None else conv(v) for k, v in value.items()}

    return dec


enc_list = dec_list
enc_dict = dec_dict


def b64d(value: Any) -> bytes | None:
    """Go ``[]byte`` in JSON (base64) to ``bytes``."""
    return None if value is None else base64.b64decode(value)


def b64e(value: Any) -> str | None:
    """``bytes`` to Go's JSON form of ``[]byte`` (base64)."""
    return None if value is None else base64.b64encode(bytes(value)).decode("ascii")


def rest(d: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """The keys of ``d`` a model does not know (kept for forward compatibility)."""
    if len(d) and not known.issuperset(d.keys()):
        return {k: v for k, v in d.items() if k not in known}
    return {}


def model_repr(obj: Any) -> str:
    """``Model(field=value, ...)`` like a dataclass repr (without ``_unknown``)."""
    import dataclasses

    inner = ", ".join(
        f"{f.name}={getattr(obj, f.name)!r}" for f in dataclasses.fields(obj) if f.repr
    )
    return f"{type(obj).__name__}({inner})"


def shape_error(model: str, value: object) -> TypeError:
    """The error for a model built from something that is not a JSON object."""
    return TypeError(
        f"{model} must be built from a dict (its JSON object), got {type(value).__name__}"
    )


def type_error(where: str, expected: str, value: object) -> TypeError:
    """A ``TypeError`` saying ``where must be expected, got <type>``."""
    return TypeError(f"{where} must be {expected}, got {type(value).__name__}")


# ---------------------------------------------------------------- API arguments


def check_str(func: str, param: str, value: object) -> None:
    """``TypeError`` unless ``value`` is a ``str``."""
    if not isinstance(value, str):
        raise type_error(f"{func}(): {param}", "str", value)


def check_bool(func: str, param: str, value: object) -> None:
    """``TypeError`` unless ``value`` is a ``bool``."""
    if not isinstance(value, bool):
        raise type_error(f"{func}(): {param}", "bool", value)


def check_int(func: str, param: str, value: object, bits: int) -> None:
    """``TypeError`` unless ``value`` is an ``int`` (not ``bool``); ``ValueError`` when it does
    not fit the Go type (``bits``-bit signed)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise type_error(f"{func}(): {param}", "int", value)
    if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
        raise ValueError(f"{func}(): {param}={value} does not fit Go's int{bits}")


def check_float(func: str, param: str, value: object) -> None:
    """``TypeError`` unless ``value`` is a ``float`` or ``int``."""
    if not isinstance(value, float | int) or isinstance(value, bool):
        raise type_error(f"{func}(): {param}", "float", value)


def check_bytes(func: str, param: str, value: object) -> None:
    """``TypeError`` unless ``value`` is bytes-like (or ``None``: a nil Go slice)."""
    if value is not None and not isinstance(value, bytes | bytearray | memoryview):
        raise type_error(f"{func}(): {param}", "bytes", value)


def check_strs(func: str, param: str, value: object) -> None:
    """``TypeError`` unless ``value`` is a sequence of ``str`` (not a ``str`` itself)."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise type_error(f"{func}(): {param}", "a list of str", value)
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise type_error(f"{func}(): {param}[{i}]", "str", item)


def check_type(func: str, param: str, value: object, cls: type[Any]) -> None:
    """``TypeError`` unless ``value`` is a ``cls``."""
    if not isinstance(value, cls):
        raise type_error(f"{func}(): {param}", cls.__name__, value)


def _describe(spec: Any) -> str:
    if spec is None:
        return "any JSON value"
    if isinstance(spec, list):
        return f"a list of {_describe(spec[0])}"
    if isinstance(spec, dict):
        return f"a dict of str to {_describe(next(iter(spec.values())))}"
    if isinstance(spec, tuple):
        return f"{_describe(spec[0])} or None"
    return str(spec.__name__)


def _check(where: str, value: Any, spec: Any) -> None:
    if spec is None:
        return
    if isinstance(spec, tuple):  # (inner, NoneType): optional
        if value is not None:
            _check(where, value, spec[0])
        return
    if isinstance(spec, list):
        if value is None:
            return  # a nil slice
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
            raise type_error(where, _describe(spec), value)
        for i, item in enumerate(value):
            if item is not None:
                _check(f"{where}[{i}]", item, spec[0])
        return
    if isinstance(spec, dict):
        if value is None:
            return  # a nil map
        if not isinstance(value, Mapping):
            raise type_error(where, _describe(spec), value)
        inner = next(iter(spec.values()))
        for k, item in value.items():
            if not isinstance(k, str):
                raise type_error(f"{where} key", "str", k)
            if item is not None:
                _check(f"{where}[{k!r}]", item, inner)
        return
    if spec is float:
        if not isinstance(value, float | int) or isinstance(value, bool):
            raise type_error(where, "float", value)
        return
    if spec is int and isinstance(value, bool):
        raise type_error(where, "int", value)
    if spec is bytes:
        if not isinstance(value, bytes | bytearray | memoryview):
            raise type_error(where, "bytes", value)
        return
    if not isinstance(value, spec):
        raise type_error(where, _describe(spec), value)


def _exact(value: object, spec: Any) -> bool:
    """Whether ``value`` is an instance of exactly the class ``spec`` (or optional ``spec``)
    names: the common case, which needs no conversion, check or error text."""
    cls = value.__class__
    return cls is spec or (spec.__class__ is tuple and (value is None or cls is spec[0]))


def check_json(func: str, param: str, value: object, spec: Any) -> None:
    """Check a JSON-carried argument against ``spec``: a type, ``None`` (anything),
    ``[spec]`` (list), ``{str: spec}`` (dict) or ``(spec, NoneType)`` (optional)."""
    if not _exact(value, spec):
        _check(f"{func}(): {param}", value, spec)


# ---------------------------------------------------------------- hook results


def results(where: str, value: Any, n: int, extra: int, shape: str) -> tuple[Any, ...]:
    """The handler's return value as an ``n``-tuple (plus up to ``extra`` optional elements);
    ``None`` is all zero values."""
    if n + extra <= 1:
        if isinstance(value, tuple) and len(value) == 1:
            value = value[0]
        return (value,)
    if value is None:
        return (None,) * (n + extra)
    if not isinstance(value, tuple | list) or not n <= len(value) <= n + extra:
        raise TypeError(f"{where}() must return {shape}, or None; it returned {_show(value)}")
    return tuple(value) + (None,) * (n + extra - len(value))


def _show(value: Any) -> str:
    if isinstance(value, tuple | list):
        return f"a {type(value).__name__} of {len(value)}"
    return type(value).__name__


def out_str(where: str, label: str, value: Any) -> str:
    """A ``string`` result (``None`` is ``""``)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise type_error(f"{where}(): its {label} result", "str", value)
    return value


def out_bool(where: str, label: str, value: Any) -> bool:
    """A ``bool`` result (``None`` is ``False``)."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise type_error(f"{where}(): its {label} result", "bool", value)
    return value


def out_int(where: str, label: str, value: Any) -> int:
    """An integer result (``None`` is ``0``)."""
    if value is None:
        return 0
    if not isinstance(value, int) or isinstance(value, bool):
        raise type_error(f"{where}(): its {label} result", "int", value)
    return value


def out_bytes(where: str, label: str, value: Any) -> bytes:
    """A bytes result."""
    if not isinstance(value, bytes | bytearray | memoryview):
        raise type_error(f"{where}(): its {label}", "bytes", value)
    return bytes(value)


def _coerce(where: str, value: Any, spec: Any) -> Any:
    """Dicts where a model is expected become that model (so handlers may return JSON-shaped
    dicts, as the guide's ExecuteCommand does); unknown keys are refused by name."""
    if value is None or spec is None:
        return value
    if isinstance(spec, tuple):
        return _coerce(where, value, spec[0])
    if isinstance(spec, list) and isinstance(value, list | tuple):
        return [_coerce(f"{where}[{i}]", v, spec[0]) for i, v in enumerate(value)]
    if isinstance(spec, type) and hasattr(spec, "from_dict") and isinstance(value, Mapping):
        from .models import JSON_KEYS  # models imports this module

        known = JSON_KEYS[spec]
        bad = [k for k in value if k not in known]
        if bad:
            raise TypeError(
                f"{where}: unknown {spec.__name__} field(s) {', '.join(map(repr, bad))}; "
                f"valid: {', '.join(sorted(known))}"
            )
        return spec.from_dict(value)
    return value


def out_json(where: str, label: str, value: Any, spec: Any, default: Any) -> Any:
    """A JSON-carried result: ``None`` is ``default``; dicts become models where the Go type is
    a model; the value is type-checked against ``spec``."""
    if value is None:
        return default
    if _exact(value, spec):
        return value
    value = _coerce(f"{where}(): its {label} result", value, spec)
    _check(f"{where}(): its {label} result", value, spec)
    return value
