"""A stand-in for the interpreter's built-in ``_mmpy`` module, for native end-to-end tests of
``python -m mattermost_plugin._boot``. It plays the host with ``fakehost.FakeHost``.

Configured by environment variables:

- ``FAKE_MMPY_SCRIPT``: JSON ``{"hooks": [[name, request-as-dict], ...], "accept": bool,
  "error": str, "abi": int, "api": {method: response-as-dict}}``;
- ``FAKE_MMPY_OUT``: a file that receives, at exit, JSON of the hello, the events, the API calls
  and the hook results (responses decoded).
"""

from __future__ import annotations

import atexit
import json
import os
from typing import Any

from google.protobuf.json_format import MessageToDict, ParseDict

from fakehost import FakeHost, hook_call, response_type
from mattermost_plugin._abi import mmpy_pb2 as pb

_script: dict[str, Any] = json.loads(os.environ.get("FAKE_MMPY_SCRIPT", "{}"))

ABI_VERSION = int(_script.get("abi", 1))


class ABIError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(code, message)
        self.code = code


def _request_fields(name: str, fields: dict[str, Any]) -> dict[str, Any]:
    from mattermost_plugin._hooks import HOOKS

    message = ParseDict(fields, getattr(pb, HOOKS[name].request)())
    return {f.name: v for f, v in message.ListFields()}


_host = FakeHost(
    [hook_call(name, **_request_fields(name, fields)) for name, fields in _script.get("hooks", [])],
    accept=_script.get("accept", True),
    error=_script.get("error", ""),
)
for _method, _answer in _script.get("api", {}).items():
    _response = ParseDict(_answer, getattr(pb, f"Api{_method}Response")())
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
            response = response_type(hook).FromString(result.response)
            entry["response"] = MessageToDict(response, preserving_proto_field_name=True)
        results.append(entry)
    data = {
        "hello": (
            MessageToDict(_host.guest_hello, preserving_proto_field_name=True)
            if _host.guest_hello
            else None
        ),
        "events": _host.events,
        "calls": [[m, MessageToDict(r, preserving_proto_field_name=True)] for m, r in _host.calls],
        "results": results,
    }
    with open(out, "w") as f:
        json.dump(data, f)


atexit.register(_dump)
