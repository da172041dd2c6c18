"""_wire.loads: the fast path (the C scanner) and its fallback to json.loads."""

from __future__ import annotations

import json

import pytest

from mattermost_plugin import _wire as w


@pytest.mark.parametrize(
    ("data", "want"),
    [
        (
            b'{"id":"u1","props":{"k":"v"},"n":1,"f":1.5,"b":true,"z":null}',
            {"id": "u1", "props": {"k": "v"}, "n": 1, "f": 1.5, "b": True, "z": None},
        ),
        (b"[1,2,3]", [1, 2, 3]),
        ('"\u00e9\u65e5\U0001f600"'.encode(), "\u00e9\u65e5\U0001f600"),
        (b"null", None),
        (b"", None),
        # Whitespace around the value (not what Go writes, but valid JSON): the fallback.
        (b' {"a": [1, 2]} \n', {"a": [1, 2]}),
        (b"\t7", 7),
    ],
)
def test_loads_values(data: bytes, want: object) -> None:
    assert w.loads(data) == want
    if data:
        assert w.loads(data) == json.loads(data)


@pytest.mark.parametrize("data", [b'{"a":', b"[1] x", b"nope", b"{}{}", b"[1,]"])
def test_loads_errors_are_json_errors(data: bytes) -> None:
    with pytest.raises(json.JSONDecodeError) as got:
        w.loads(data)
    with pytest.raises(json.JSONDecodeError) as want:
        json.loads(data)
    assert str(got.value) == str(want.value)


def test_loads_invalid_utf8() -> None:
    with pytest.raises(UnicodeDecodeError):
        w.loads(b'"\xff"')


def test_loads_fresh_objects() -> None:
    # The scanner memoizes keys per call; values must never be shared between calls.
    a = w.loads(b'{"k":{"x":1}}')
    b = w.loads(b'{"k":{"x":1}}')
    a["k"]["x"] = 2
    assert b == {"k": {"x": 1}}
