"""A stand-in for the interpreter's built-in ``_mmpy`` module, for native end-to-end tests of
``python -m mattermost_plugin._boot``. It plays the host with ``fakehost.FakeHost``.

Configured by environment variables:

- ``FAKE_MMPY_SCRIPT``: JSON ``{"hooks": [[name, request-fields], ...], "accept": bool,
  "error": str, "abi": int, "api": {method: response-fields}}``; fields that carry Go values
  as JSON (``bytes`` fields) are given as the JSON value itself;
- ``FAKE_MMPY_OUT``: a file that receives, at exit, JSON of the hello, the events, the API calls
  and the hook results (JSON-carried fields decoded).
"""

from __future__ import annotations

import atexit
import json
import os
from typing import Any

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message

from fakehost import FakeHost, api_response_type, hook_call, js, response_type, unjs

_script: dict[str, Any] = json.loads(os.environ.get("FAKE_MMPY_SCRIPT", "{}"))

ABI_VERSION = int(_script.get("abi", 1))


class ABIError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(code, message)
        self.code = code


def _api_response(method: str, fields: dict[str, Any]) -> Message:
    message_type = api_response_type(method)
    out = {}
    for key, value in fields.items():
        fd = message_type.DESCRIPTOR.fields_by_name[key]
        out[key] = js(value) if fd.type == FieldDescriptor.TYPE_BYTES else value
    return message_type(**out)


def _decoded(message: Message) -> dict[str, Any]:
    """The set fields of ``message``; JSON-carried ``bytes`` fields decoded."""
    out: dict[str, Any] = {}
    for fd, value in message.ListFields():
        if fd.type == FieldDescriptor.TYPE_BYTES:
            try:
                out[fd.name] = unjs(value)
            except ValueError:
                out[fd.name] = {"raw": value.hex()}
        elif fd.message_type is not None:
            out[fd.name] = MessageToDict(value, preserving_proto_field_name=True)
        elif fd.is_repeated:
            out[fd.name] = list(value)
        else:
            out[fd.name] = value
    return out


_host = FakeHost(
    [hook_call(name, **fields) for name, fields in _script.get("hooks", [])],
    accept=_script.get("accept", True),
    error=_script.get("error", ""),
)
for _method, _answer in _script.get("api", {}).items():
    _response = _api_response(_method, _answer)
    _host.api[_method] = lambda req, r=_response: r

hello = _host.hello
call = _host.call
ret = _host.ret


def _dump() -> None:
    out = os.environ.get("FAKE_MMPY_OUT")
    if not out:
        return
    results = []
    for hook, result in _host.results:
        entry: dict[str, Any] = {"hook": hook}
        if result.HasField("error"):
            entry["error"] = MessageToDict(result.error, preserving_proto_field_name=True)
        elif result.not_implemented:
            entry["not_implemented"] = True
        else:
            entry["response"] = _decoded(response_type(hook).FromString(result.response))
        results.append(entry)
    data = {
        "hello": (
            MessageToDict(_host.guest_hello, preserving_proto_field_name=True)
            if _host.guest_hello
            else None
        ),
        "events": _host.events,
        "calls": [[m, _decoded(r)] for m, r in _host.calls],
        "results": results,
    }
    with open(out, "w") as f:
        json.dump(data, f)


atexit.register(_dump)
