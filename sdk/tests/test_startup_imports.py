"""What a plugin start imports: the modules docs/RATIONALE.md ("Start-up imports") defers stay
unloaded until something uses them (each costs milliseconds of every start in the guest)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[1] / "src"

# What the guest's boot path imports (mattermost_plugin._boot: the package, _egress, server).
PROBE = """
import json, sys
watch = ("dataclasses", "inspect", "importlib.abc", "urllib.parse", "asyncio",
         "google.protobuf.text_format", "mattermost_plugin._http")
before = [m for m in watch if m in sys.modules]
import mattermost_plugin, mattermost_plugin._egress, mattermost_plugin.server
from google.protobuf.internal import api_implementation
from mattermost_plugin import _client, _hooks
from mattermost_plugin._abi import plugin_pb2
out = {
    "before": before,
    "after": [m for m in watch if m in sys.modules],
    "upb": api_implementation.Type() != "python",
    "python_message_lazy":
        type(sys.modules["google.protobuf.internal.python_message"]).__name__ == "_LazyModule",
    "pb2_class_made": "ApiGetUserRequest" in vars(plugin_pb2),
    "tables_made": "METHOD_SPECS" in vars(_client) or "HOOK_VALUES" in vars(_hooks),
}
post = mattermost_plugin.Post(message="x")  # first model: loads dataclasses
request = mattermost_plugin.HTTPRequest(method="GET")
out["on_use"] = [m for m in watch if m in sys.modules]
out["pb2_class"] = plugin_pb2.ApiGetUserRequest(user_id="u").user_id
out["pb2_cached"] = "ApiGetUserRequest" in vars(plugin_pb2)
out["specs"] = len(_client.METHOD_SPECS) == len(_client.METHODS) and "METHOD_SPECS" in vars(_client)
out["hook_values"] = "OnActivate" in _hooks.HOOK_VALUES
out["models_same"] = mattermost_plugin.Post is mattermost_plugin.models.Post is type(post)
print(json.dumps(out))
"""


def _probe() -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=SRC,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_plugin_start_defers_modules_until_used() -> None:
    r = _probe()
    assert r["before"] == []
    deferred = ["dataclasses", "inspect", "importlib.abc", "urllib.parse", "asyncio"]
    if r["upb"]:
        deferred.append("google.protobuf.text_format")
    assert not set(deferred) & set(r["after"]), r["after"]
    assert "mattermost_plugin._http" not in r["after"]
    assert r["tables_made"] is False
    if r["upb"]:
        assert r["python_message_lazy"] is True
        assert r["pb2_class_made"] is False


def test_deferred_modules_load_on_first_use() -> None:
    r = _probe()
    assert {"dataclasses", "mattermost_plugin._http"} <= set(r["on_use"])
    assert r["pb2_class"] == "u"
    assert r["pb2_cached"] is True
    assert r["specs"] is True
    assert r["hook_values"] is True
    assert r["models_same"] is True
