"""Sample values for the generated models: every field set to a non-zero value of its type."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any

from mattermost_plugin import models

BIG = 2**53 + 1  # not exactly representable as a float64: JSON numbers must stay integers


@functools.cache
def hints(cls: type[Any]) -> dict[str, Any]:
    list(models.MODELS.values())  # classes are created lazily: make every one exist first
    return typing.get_type_hints(cls, vars(models))


def sample(tp: Any, depth: int, seed: int) -> Any:
    """A non-zero value of type ``tp`` (nested models filled ``depth`` levels deep)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return sample(next(a for a in args if a is not type(None)), depth, seed)
    if origin is list:
        return [sample(args[0], depth, seed), sample(args[0], depth, seed + 1)]
    if origin is dict:
        return {f"k{seed}": sample(args[1], depth, seed)}
    if tp is Any:
        return {"any": [seed, "x", None, 1.5, {"n": BIG}]}
    if tp is str:
        return f"s{seed}-ü"
    if tp is bool:
        return True
    if tp is int:
        return BIG + seed
    if tp is float:
        return seed + 0.5
    if tp is bytes:
        return bytes([0, 255, seed % 256])
    if dataclasses.is_dataclass(tp):
        return filled(tp, depth - 1) if depth > 0 else tp()
    raise AssertionError(f"no sample for {tp!r}")


def filled(cls: type[Any], depth: int = 2) -> Any:
    """An instance of ``cls`` with every field set to a non-zero value."""
    fields = {
        f.name: sample(tp, depth, i)
        for i, (f, tp) in enumerate(
            (f, hints(cls)[f.name]) for f in dataclasses.fields(cls) if f.name != "_unknown"
        )
    }
    return cls(**fields)
