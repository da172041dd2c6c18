"""Run one documented plugin module natively: ``python harness.py PLUGIN_ROOT``.

``PLUGIN_ROOT/server/plugin.py`` is imported as ``server.plugin`` (as the guest's boot module
makes it importable); every ``Plugin`` subclass it defines is instantiated with the SDK's real
``PluginAPI`` connected to :class:`fakeserver.FakeServer`, and every hook handler is called with
representative arguments built from the hook's documented signature, in server order
(``OnConfigurationChange``, ``OnActivate``, the others, ``OnDeactivate``). Each return value is
encoded exactly as the SDK encodes it for the host, so a handler that returns the wrong shape
fails here as it would in the guest. ``ExecuteCommand`` is called once per command the plugin
registered (``/hello`` if none), ``ServeHTTP`` with a GET and a POST (body ``[1, 2, 3]``) per
path-like string literal in the module.

Exit status 0 when every handler ran and its answer encoded; 1 otherwise (traceback printed).
The last line of output is a JSON summary (handlers run, API methods called).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import logging
import os
import sys
import traceback
from collections.abc import Awaitable
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from mattermost_plugin import HTTPRequest, Plugin, PluginAPI, models  # noqa: E402
from mattermost_plugin._hooks import HOOKS  # noqa: E402
from mattermost_plugin._plugin import hook_handlers  # noqa: E402
from mattermost_plugin._runtime import set_current_api  # noqa: E402

from fakeserver import FakeServer  # noqa: E402

_SAMPLES: dict[str, dict[str, Any]] = {
    "Context": {"session_id": "session-id", "request_id": "request-id", "user_agent": "doccheck"},
    "Post": {
        "id": "post-id",
        "channel_id": "channel-id",
        "user_id": "user-id",
        "message": "Hello from doccheck",
    },
    "User": {"id": "user-id", "username": "alice", "email": "alice@example.com"},
    "ChannelMember": {"channel_id": "channel-id", "user_id": "user-id"},
    "TeamMember": {"team_id": "team-id", "user_id": "user-id"},
    "Channel": {
        "id": "channel-id",
        "team_id": "team-id",
        "name": "town-square",
        "display_name": "Town Square",
    },
    "Reaction": {
        "user_id": "user-id",
        "post_id": "post-id",
        "emoji_name": "thumbsup",
        "channel_id": "channel-id",
    },
    "FileInfo": {
        "id": "file-id",
        "name": "notes.txt",
        "extension": "txt",
        "size": 5,
        "mime_type": "text/plain",
    },
}

_SCALARS: dict[str, Any] = {
    "str": "user-id",
    "int": 1000,
    "bytes": b"hello",
    "bool": True,
    "Any": None,
}


def sample(annotation: str, name: str, commands: list[str]) -> Any:
    """A representative value for a handler parameter annotated ``annotation``."""
    ann = annotation.replace(" | None", "").strip()
    if ann.startswith("list[") and ann.endswith("]"):
        return [sample(ann[5:-1], name, commands)]
    if ann == "HTTPRequest":
        return HTTPRequest(method="GET", path="/", headers={"Mattermost-User-Id": "user-id"})
    if ann == "CommandArgs":
        trigger = commands[0] if commands else "hello"
        return models.CommandArgs(
            command=f"/{trigger}", user_id="user-id", channel_id="channel-id", team_id="team-id"
        )
    if ann in _SCALARS:
        return _SCALARS[ann]
    cls = getattr(models, ann, None)
    if cls is None:
        raise SystemExit(f"doccheck harness: no sample value for a parameter {name}: {annotation}")
    return cls(**_SAMPLES.get(ann, {}))


def parameters(signature: str) -> list[tuple[str, str]]:
    """(name, annotation) of a documented handler signature, without ``self``."""
    fn = ast.parse(signature + ": ...").body[0]
    assert isinstance(fn, ast.FunctionDef)
    return [(a.arg, ast.unparse(a.annotation) if a.annotation else "Any") for a in fn.args.args[1:]]


def http_paths(source: str) -> list[str]:
    """Path-like string literals of the module (candidate ServeHTTP routes), "/" first."""
    paths = ["/"]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            v = node.value
            if v.startswith("/") and " " not in v and len(v) < 80 and v not in paths:
                paths.append(v)
    return paths


def call(plugin: Plugin, hook: str, method: str, args: list[Any]) -> Any:
    spec = HOOKS[hook]
    value = getattr(plugin, method)(*args)
    if isinstance(value, Awaitable):
        from mattermost_plugin._aio import run

        value = run(value)
    spec.encode(f"{type(plugin).__qualname__}.{method}", value)  # the SDK's shape check
    return value


def _route_egress(server: FakeServer) -> None:
    """Send outbound HTTP (mattermost_plugin.http, urllib) to the fake, when the SDK has it."""
    try:
        from mattermost_plugin import _egress
    except ImportError:
        return
    _egress.set_caller(server)
    install = getattr(_egress, "install", None)
    if install is not None:
        install()


def order(hooks: list[str]) -> list[str]:
    first = [h for h in ("OnConfigurationChange", "OnActivate") if h in hooks]
    last = [h for h in ("OnDeactivate",) if h in hooks]
    return first + [h for h in hooks if h not in first and h not in last] + last


def main(root: str) -> int:
    logging.basicConfig(
        level=logging.DEBUG, stream=sys.stdout, format="  [log %(levelname)s] %(message)s"
    )
    sys.path[:0] = [root, os.path.join(root, "server")]
    with open(os.path.join(root, "server", "plugin.py"), encoding="utf-8") as f:
        source = f.read()
    module = importlib.import_module("server.plugin")
    classes = [
        v
        for v in vars(module).values()
        if inspect.isclass(v)
        and issubclass(v, Plugin)
        and v is not Plugin
        and v.__module__ == module.__name__
    ]
    if not classes:
        print("doccheck harness: the block defines no Plugin subclass", file=sys.stderr)
        return 1
    summary: dict[str, Any] = {"handlers": 0, "api": []}
    for cls in classes:
        if not hook_handlers(cls):
            continue  # a base class without handlers of its own
        server = FakeServer(config={"greeting": "Hello", "api_key": "doc-key"})
        plugin = cls()
        plugin.api = PluginAPI(server)
        set_current_api(plugin.api)
        _route_egress(server)
        for hook in order(list(hook_handlers(cls))):
            method = hook_handlers(cls)[hook]
            params = parameters(HOOKS[hook].signature)
            if hook == "ExecuteCommand":
                triggers = server.commands or ["hello"]
                runs = [[sample(a, n, [t]) for n, a in params] for t in triggers]
            elif hook in ("ServeHTTP", "ServeMetrics"):
                runs = []
                ctx = sample(params[0][1], params[0][0], [])
                for p in http_paths(source):
                    for verb, body in (("GET", b""), ("POST", b"[1, 2, 3]")):
                        headers = {"Mattermost-User-Id": "user-id"}
                        req = HTTPRequest(method=verb, path=p, headers=headers, body=body)
                        runs.append([ctx, req])
            else:
                runs = [[sample(a, n, server.commands) for n, a in params]]
            for args in runs:
                try:
                    value = call(plugin, hook, method, args)
                except Exception:
                    print(
                        f"doccheck harness: {cls.__qualname__}.{method} ({hook}) failed:",
                        file=sys.stderr,
                    )
                    traceback.print_exc()
                    return 1
                shown = repr(value)
                shown = shown if len(shown) <= 120 else shown[:120] + "..."
                print(f"  {hook}: {cls.__qualname__}.{method} -> {shown}")
                summary["handlers"] += 1
        summary["api"] += [m for m in server.methods_called() if m not in summary["api"]]
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
