"""The mmpy conformance plugin: the guest side of conformance/README.md's
"Guest protocol", which a guest in any language can implement.

* ExecuteCommand "/conformance call <JSON>": call one plugin.API method.
  Instruction {"method": GoName, "args": [Go JSON per Go parameter],
  "via": "" or "api"}; the response text is JSON:
    {"results": [JSON per Go result], "via": ...}   the call returned
    {"error": {"class", "status_code", ...}, "via": ...}  it raised
    {"exception": "<traceback>"}                  anything else
* Any other hook: kv_get("conformance:<Hook>") gives the instruction (None:
  do nothing and return None). kv_set("conformance:args:<Hook>", JSON array of
  the arguments as received). Then, by the instruction: {"raise": msg} raise
  RuntimeError(msg); {"results": [...]} return them (plus "replacement":
  base64 for FileWillBeUploaded's output); ServeHTTP/ServeMetrics: the
  instruction is the response {"status_code", "headers", "body"}.
"""

import base64
import json
import traceback

from mattermost_plugin import HookName, Plugin, PluginAPI, PluginAPIError, hook
from mattermost_plugin._client import METHOD_SPECS, METHODS, GeneratedAPI
from mattermost_plugin._hooks import HOOK_VALUES
from mattermost_plugin._http import HTTPRequest, HTTPResponse

COMMAND = "/conformance call "


def _b64d(value):
    return None if value is None else base64.b64decode(value)


def _b64e(value):
    return None if value is None else base64.b64encode(bytes(value)).decode("ascii")


# --- API calls ------------------------------------------------------------


def _http_request(d):
    return HTTPRequest(
        method=d["method"],
        path=d["path"],
        query=d["query"],
        header_values={k: list(v) for k, v in (d["headers"] or {}).items()},
        body=base64.b64decode(d["body"] or ""),
    )


def _http_response(r):
    if r is None:
        return None
    assert isinstance(r, HTTPResponse), type(r)
    return {"status_code": r.status_code, "headers": r.headers, "body": _b64e(r.body)}


def _decode_arg(spec, value):
    kind = spec.kind
    if kind in ("bytes", "reader"):
        return [_b64d(value)]
    if kind == "json":
        return [None if value is None else spec.dec(value)]
    if kind == "varargs":
        return list(value or [])
    if kind == "http_request":
        return [_http_request(value)]
    if kind == "strs":
        # nil and empty are the same on the wire; the SDK wants a list.
        return [[] if value is None else value]
    return [value]  # str bool int float


def _encode_result(spec, value):
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


def call(api, instr):
    name = instr["method"]
    params, results, _ = METHOD_SPECS[name]
    if len(params) != len(instr["args"]):
        raise ValueError(f"{name}: {len(instr['args'])} args for {len(params)} params")
    call_args = []
    for spec, value in zip(params, instr["args"]):
        call_args.extend(_decode_arg(spec, value))
    py = METHODS[name]
    # PluginAPI's conveniences (create_post, kv_list, log_*, ...) change what
    # None, bounds or values mean: by default call the generated binding they
    # end in; "via": "api" calls the convenience.
    overridden = getattr(PluginAPI, py) is not getattr(GeneratedAPI, py)
    via = "generated" if overridden and instr.get("via") != "api" else "api"
    fn = (
        getattr(GeneratedAPI, py).__get__(api)
        if via == "generated"
        else getattr(api, py)
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
    return {
        "via": via,
        "results": [_encode_result(s, v) for s, v in zip(results, values)],
    }


# --- hooks ----------------------------------------------------------------


def _encode_hook_arg(spec, value):
    if value is None:
        return None
    if spec.kind == "json":
        return spec.enc(value)
    if spec.kind in ("bytes", "reader"):
        return base64.b64encode(value).decode()
    if spec.kind == "http_request":
        return {
            "method": value.method,
            "path": value.path,
            "query": value.query,
            "body": base64.b64encode(value.body).decode(),
            "user_id": value.user_id,
        }
    return value


def _decode_hook_result(spec, value):
    if value is None:
        return None
    if spec.kind == "json":
        return spec.dec(value)
    if spec.kind == "bytes":
        return base64.b64decode(value)
    return value


class Base(Plugin):
    def handle(self, name, *args):
        if name == HookName.ExecuteCommand.value and args[1].command.startswith(
            COMMAND
        ):
            try:
                out = call(self.api, json.loads(args[1].command[len(COMMAND) :]))
            except Exception:  # noqa: BLE001 - every failure goes back to the runner
                out = {"exception": traceback.format_exc()}
            return {"response_type": "ephemeral", "text": json.dumps(out)}
        raw = self.api.kv_get("conformance:" + name)
        params, results = HOOK_VALUES[name]
        assert len(params) == len(args), (name, len(params), len(args))
        self.api.kv_set(
            "conformance:args:" + name,
            json.dumps([_encode_hook_arg(s, a) for s, a in zip(params, args)]).encode(),
        )
        if raw is None:
            return None
        instr = json.loads(raw)
        if "raise" in instr:
            raise RuntimeError(instr["raise"])
        if name in ("ServeHTTP", "ServeMetrics"):
            return instr  # the response dict
        values = [_decode_hook_result(s, v) for s, v in zip(results, instr["results"])]
        # FileWillBeUploaded: new content for the output writer
        if "replacement" in instr:
            values.append(base64.b64decode(instr["replacement"]))
        if not values:
            return None
        return values[0] if len(values) == 1 else tuple(values)


def _make(name):
    def handler(self, *args):
        return self.handle(name, *args)

    handler.__name__ = "on_" + name
    return hook(name)(handler)


Conformance = type(
    "Conformance", (Base,), {"on_" + h.value: _make(h.value) for h in HookName}
)


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin

    run_plugin(Conformance)
