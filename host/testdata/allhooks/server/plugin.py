"""Test plugin: a handler for every hook of plugin.Hooks.

Each handler records its arguments (as JSON, through the API: KV key "args:<Hook>") and
returns what the test stored under "ret:<Hook>" (JSON of the Go results), decoded into Python
values with the generated tables, so the Go test checks arguments on the Python side and
results on the Go side for all 51 hooks through the real ABI."""
import base64
import json

from mattermost_plugin import HookName, Plugin, hook
from mattermost_plugin._hooks import HOOK_VALUES


def encode(spec, value):
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
            "headers": value.header_values,
            "body": base64.b64encode(value.body).decode(),
            "user_id": value.user_id,
        }
    return value


def decode(spec, value):
    if value is None:
        return None
    if spec.kind == "json":
        return spec.dec(value)
    if spec.kind == "bytes":
        return base64.b64decode(value)
    return value


class Base(Plugin):
    def handle(self, name, *args):
        if name not in ("OnActivate", "OnDeactivate") and self.api.kv_get("raise:" + name) is not None:
            raise RuntimeError(f"{name} exploded on purpose")
        params, results = HOOK_VALUES[name]
        assert len(params) == len(args), (name, len(params), len(args))
        self.api.kv_set("args:" + name, json.dumps([encode(s, a) for s, a in zip(params, args)]))
        raw = self.api.kv_get("ret:" + name)
        if raw is None:
            return None
        wanted = json.loads(raw)
        if name in ("ServeHTTP", "ServeMetrics"):
            return wanted  # the response dict
        values = [decode(s, v) for s, v in zip(results, wanted["results"])]
        if "replacement" in wanted:  # FileWillBeUploaded: new content for the output writer
            values.append(base64.b64decode(wanted["replacement"]))
        if not values:
            return None
        return values[0] if len(values) == 1 else tuple(values)


def make(name):
    def handler(self, *args):
        return self.handle(name, *args)

    handler.__name__ = "on_" + name
    return hook(name)(handler)


AllHooks = type("AllHooks", (Base,), {"on_" + h.value: make(h.value) for h in HookName})


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin

    run_plugin(AllHooks)
