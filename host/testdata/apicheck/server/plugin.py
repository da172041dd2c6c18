"""Test plugin of host/apiconformance_test.go: ExecuteCommand "/apicheck <JSON>"
calls one plugin.API method with the arguments the Go test sent and answers
with what the call returned or raised.

Instruction: {"method": GoName, "args": [one JSON value per Go parameter],
"via": "" or "api"}, each arg in Go's encoding/json form of the Go value (for
HTTP requests a dict, see _http_request).

Answer (the response text, JSON), "via" saying which binding was called:
  {"results": [JSON value per Go result], "via": ...}   the call returned
  {"error": {"class", "status_code", ...}, "via": ...}  it raised PluginAPIError
  {"exception": "<traceback>"}                         anything else went wrong
"""

import base64
import json
import traceback

from mattermost_plugin import HookName, Plugin, PluginAPI, PluginAPIError, hook
from mattermost_plugin._client import METHOD_SPECS, METHODS, GeneratedAPI
from mattermost_plugin._http import HTTPRequest, HTTPResponse


def _b64d(value):
    return None if value is None else base64.b64decode(value)


def _b64e(value):
    return None if value is None else base64.b64encode(bytes(value)).decode("ascii")


def _http_request(d):
    return HTTPRequest(
        method=d["method"],
        path=d["path"],
        query=d["query"],
        header_values={k: list(v) for k, v in d["headers"].items()},
        body=base64.b64decode(d["body"]),
    )


def _http_response(r):
    if r is None:
        return None
    assert isinstance(r, HTTPResponse), type(r)
    return {"status_code": r.status_code, "headers": r.headers, "body": _b64e(r.body)}


def _decode(spec, value):
    kind = spec.kind
    if kind in ("bytes", "reader"):
        return [_b64d(value)]
    if kind == "json":
        return [None if value is None else spec.dec(value)]
    if kind == "varargs":
        return list(value)
    if kind == "http_request":
        return [_http_request(value)]
    if kind == "strs":
        # nil and empty are the same on the wire; the SDK wants a list.
        return [[] if value is None else value]
    return [value]  # str bool int float


def _encode(spec, value):
    kind = spec.kind
    if kind == "bytes":
        return _b64e(value)
    if kind == "json":
        return None if value is None else spec.enc(value)
    if kind == "http_response":
        return _http_response(value)
    if kind == "strs":
        return None if value is None else list(value)
    return value  # str bool int float


class APICheck(Plugin):
    @hook(HookName.ExecuteCommand)
    def command(self, context, args):
        try:
            out = self._call(json.loads(args.command.split(" ", 1)[1]))
        except Exception:  # noqa: BLE001 - every failure goes back to the Go test
            out = {"exception": traceback.format_exc()}
        return {"response_type": "ephemeral", "text": json.dumps(out)}

    def _call(self, instr):
        name = instr["method"]
        params, results, _ = METHOD_SPECS[name]
        if len(params) != len(instr["args"]):
            raise ValueError(
                f"{name}: {len(instr['args'])} args for {len(params)} params"
            )
        call_args = []
        for spec, value in zip(params, instr["args"]):
            call_args.extend(_decode(spec, value))
        py = METHODS[name]
        # PluginAPI's conveniences (create_post, kv_list, log_*, ...) change
        # what None, bounds or values mean: by default call the generated
        # binding they end in; "via": "api" calls the convenience.
        overridden = getattr(PluginAPI, py) is not getattr(GeneratedAPI, py)
        via = "generated" if overridden and instr.get("via") != "api" else "api"
        fn = (
            getattr(GeneratedAPI, py).__get__(self.api)
            if via == "generated"
            else getattr(self.api, py)
        )
        try:
            got = fn(*call_args)
        except PluginAPIError as e:
            return {
                "error": {
                    "class": type(e).__name__,
                    "status_code": e.status_code,
                    "error_id": e.error_id,
                    "message": e.message,
                    "detailed_error": e.detailed_error,
                    "where": e.where,
                    "request_id": e.request_id,
                    "method": e.method,
                },
                "via": via,
            }
        if len(results) == 0:
            if got is not None:
                raise TypeError(f"{name} returned {got!r}, expected None")
            values = []
        elif len(results) == 1:
            values = [got]
        else:
            values = list(got)
        return {"via": via, "results": [_encode(s, v) for s, v in zip(results, values)]}


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin

    run_plugin(APICheck)
