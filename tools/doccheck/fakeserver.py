"""An in-memory stand-in for the Mattermost server behind a real ``PluginAPI``.

doccheck runs the guide's plugin examples natively with the SDK's real ``PluginAPI`` (so argument
type checks, the conveniences and the error mapping are the ones plugins get) connected to this
fake instead of the mmpy host. It answers every method of ``plugin.API`` from the generated
``METHOD_SPECS`` table:

* a few methods behave like a small server (KV store, posts, users, commands, bots);
* any other method answers its zero value, with JSON models as empty objects (a model with its
  defaults) and JSON lists/maps empty, so code that reads attributes of the result works;
* an id argument containing ``missing`` or ``invalid`` answers a 404 ``AppError``, so examples
  that catch ``NotFoundError`` exercise their ``except`` branch;
* outbound HTTP (the egress capability, ``mmpy.HTTPRequest``) answers 200 with the JSON
  ``{"ok": true, "url": ...}`` for every URL (the host's allow-lists are not modelled), and is
  recorded in :attr:`FakeServer.egress`.

Every call is recorded in :attr:`FakeServer.calls` (method name, decoded arguments).
"""

from __future__ import annotations

import json
from typing import Any

from google.protobuf.message import Message
from mattermost_plugin import models
from mattermost_plugin._abi import mmpy_pb2
from mattermost_plugin._abi import plugin_pb2 as pb
from mattermost_plugin._client import METHOD_SPECS

SERVER_VERSION = "10.5.0"

# Realistic answers for methods examples read fields of (JSON objects in REST form).
_USER = {"id": "user-id", "username": "alice", "email": "alice@example.com", "first_name": "Alice"}
_CHANNEL = {
    "id": "channel-id",
    "team_id": "team-id",
    "name": "town-square",
    "display_name": "Town Square",
    "type": "O",
}
_TEAM = {"id": "team-id", "name": "main", "display_name": "Main"}


class FakeServer:
    """The ``Caller`` a ``PluginAPI`` needs: ``call(method, request) -> ApiResult``."""

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.kv: dict[str, bytes] = {}
        self.posts: dict[str, dict[str, Any]] = {}
        self.commands: list[str] = []  # registered triggers
        self.config: dict[str, Any] = dict(config or {})
        self.egress: list[tuple[str, str]] = []  # (method, url) of outbound requests

    # ------------------------------------------------------------------ Caller

    def call(self, method: str, request: Message) -> mmpy_pb2.ApiResult:
        if method == "mmpy.HTTPRequest":
            return self._egress(request)
        spec = METHOD_SPECS.get(method)
        if spec is None:
            return _error(503, "mmpy.api.unavailable", f"{method} is not a method of plugin.API")
        params, results, _ = spec
        args = {p.name: _field(request, p) for p in params}
        self.calls.append((method, args))
        for name, value in args.items():
            if (
                isinstance(value, str)
                and name.endswith("id")
                and ("missing" in value or "invalid" in value)
            ):
                return _error(
                    404, "app.doccheck.not_found", f"{method}: no object with id {value!r}"
                )
        response = getattr(pb, f"Api{method}Response")()
        for r in results:
            _set_zero(response, r)
        handler = getattr(self, f"_{method}", None)
        if handler is not None:
            out = handler(**args)
            if isinstance(out, mmpy_pb2.ApiResult):
                return out
            for r, value in zip(results, out if isinstance(out, tuple) else (out,), strict=False):
                _set(response, r, value)
        return mmpy_pb2.ApiResult(response=response.SerializeToString())

    def methods_called(self) -> list[str]:
        """Distinct API methods called so far, in first-call order."""
        return list(dict.fromkeys(m for m, _ in self.calls))

    def _egress(self, request: Message) -> mmpy_pb2.ApiResult:
        from mattermost_plugin._abi import egress_pb2

        method = getattr(request, "method", "") or "GET"
        url = getattr(request, "url", "")
        self.egress.append((method, url))
        self.calls.append(("mmpy.HTTPRequest", {"method": method, "url": url}))
        body = json.dumps({"ok": True, "url": url}).encode()
        response = egress_pb2.EgressResponse(status=200, reason="OK", body=body, url=url)
        response.headers.add(name="Content-Type", value="application/json")
        return mmpy_pb2.ApiResult(response=response.SerializeToString())

    # ------------------------------------------------------------------ behaviour

    def _GetServerVersion(self) -> str:
        return SERVER_VERSION

    def _GetUser(self, user_id: str) -> dict[str, Any]:
        return {**_USER, "id": user_id}

    def _GetUserByUsername(self, name: str) -> dict[str, Any]:
        return {**_USER, "username": name}

    def _GetChannel(self, channel_id: str) -> dict[str, Any]:
        return {**_CHANNEL, "id": channel_id}

    def _GetTeam(self, team_id: str) -> dict[str, Any]:
        return {**_TEAM, "id": team_id}

    def _CreatePost(self, post: Any) -> dict[str, Any]:
        d = dict(post or {})
        d["id"] = d.get("id") or f"post{len(self.posts) + 1}"
        d.setdefault("create_at", 1700000000000)
        self.posts[d["id"]] = d
        return d

    def _GetPost(self, post_id: str) -> dict[str, Any]:
        return self.posts.get(
            post_id, {"id": post_id, "message": "an earlier post", "channel_id": "channel-id"}
        )

    def _UpdatePost(self, post: Any) -> dict[str, Any]:
        d = dict(post or {})
        self.posts[d.get("id", "")] = d
        return d

    def _SendEphemeralPost(self, user_id: str, post: Any) -> dict[str, Any]:
        return {**dict(post or {}), "id": "ephemeral-post-id"}

    def _RegisterCommand(self, command: Any) -> tuple[()]:
        self.commands.append(str((command or {}).get("trigger", "")))
        return ()

    def _EnsureBotUser(self, bot: Any) -> str:
        return "bot-user-id"

    def _GetPluginConfig(self) -> dict[str, Any]:
        return dict(self.config)

    def _LoadPluginConfiguration(self) -> dict[str, Any]:
        return dict(self.config)

    def _KVGet(self, key: str) -> bytes | None:
        return self.kv.get(key)

    def _KVSet(self, key: str, value: bytes | None) -> tuple[()]:
        self.kv[key] = value or b""
        return ()

    def _KVSetWithExpiry(self, key: str, value: bytes | None, expire_in_seconds: int) -> tuple[()]:
        self.kv[key] = value or b""
        return ()

    def _KVDelete(self, key: str) -> tuple[()]:
        self.kv.pop(key, None)
        return ()

    def _KVDeleteAll(self) -> tuple[()]:
        self.kv.clear()
        return ()

    def _KVList(self, page: int, per_page: int) -> list[str]:
        keys = sorted(self.kv)
        return keys[page * per_page : (page + 1) * per_page]

    def _KVSetWithOptions(self, key: str, value: bytes | None, options: Any) -> bool:
        opts = models.PluginKVSetOptions.from_dict(options or {})
        if opts.atomic and self.kv.get(key) != opts.old_value:
            return False
        if value is None:
            self.kv.pop(key, None)
        else:
            self.kv[key] = value
        return True

    def _KVCompareAndSet(self, key: str, old_value: bytes | None, new_value: bytes | None) -> bool:
        if self.kv.get(key) != old_value:
            return False
        self.kv[key] = new_value or b""
        return True

    def _KVCompareAndDelete(self, key: str, old_value: bytes | None) -> bool:
        if self.kv.get(key) != old_value:
            return False
        del self.kv[key]
        return True


def _error(status: int, error_id: str, message: str) -> mmpy_pb2.ApiResult:
    return mmpy_pb2.ApiResult(
        error=mmpy_pb2.AppError(id=error_id, message=message, status_code=status)
    )


def _field(msg: Message, spec: Any) -> Any:
    """A request field as the handler methods take it: JSON fields decoded to plain JSON."""
    if spec.kind in ("http_request", "reader"):
        return getattr(msg, spec.name, None)
    value = getattr(msg, spec.name)
    if spec.kind == "json":
        return json.loads(value) if value else None
    if spec.kind == "bytes":
        return value if msg.HasField(spec.name) else None
    if spec.kind in ("strs", "varargs"):
        return list(value) if spec.kind == "strs" else value
    return value


def _set_zero(msg: Message, spec: Any) -> None:
    if spec.kind != "json":
        return
    go = spec.go_type.lstrip("*")
    if go.startswith("[]"):
        setattr(msg, spec.name, b"[]")
    elif go.startswith(("model.", "map[")):
        setattr(msg, spec.name, b"{}")


def _set(msg: Message, spec: Any, value: Any) -> None:
    if spec.kind == "json":
        setattr(msg, spec.name, json.dumps(value).encode())
    elif spec.kind == "strs":
        getattr(msg, spec.name).extend(value)
    elif spec.kind == "bytes":
        if value is not None:
            setattr(msg, spec.name, value)
    else:
        setattr(msg, spec.name, value)
