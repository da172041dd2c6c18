"""API tour: calls many plugin API methods on a real server and reports what they returned.

``POST /plugins/com.mmpy.e2e.apitour/tour`` with a JSON body
``{"user_id", "admin_id", "team_id", "channel_id", "suffix", "file_b64"}`` (objects the test
created over REST) runs the tour and answers::

    {"results": {label: {"ok": bool, "value": ..., "error": str, "error_type": str,
                         "status": int}},
     "called": [Go method names of every plugin.API method called]}

``GET /plugins/com.mmpy.e2e.apitour/kv?key=K`` answers ``{"present": bool, "value": str}`` so
that the test can look at a key with an expiry after it should have expired.

The e2e test (conformance/e2e/api_e2e_test.go) checks every value against the REST API.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from typing import Any

from mattermost_plugin import HookName, HTTPRequest, Plugin, PluginAPI, PluginAPIError, hook
from mattermost_plugin._client import METHODS  # snake_case name -> Go name, to report Go names
from mattermost_plugin.models import (
    Bot,
    BotGetOptions,
    BotPatch,
    Channel,
    Permission,
    PluginKVSetOptions,
    Post,
    Preference,
    Reaction,
    Team,
    UserGetOptions,
    UserSearch,
    WebsocketBroadcast,
)

TRIGGER = "apitour"
GO_NAME = {snake: go for go, snake in METHODS.items()}


class RecordingAPI:
    """Wraps the plugin API and records the Go name of every plugin.API method called."""

    def __init__(self, api: PluginAPI) -> None:
        self._api = api
        self.called: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._api, name)
        if name not in GO_NAME or not callable(target):
            return target

        def call(*args: Any, **kwargs: Any) -> Any:
            self.called.add(GO_NAME[name])
            return target(*args, **kwargs)

        return call


class Tour:
    """One run of the tour: results by label."""

    def __init__(self) -> None:
        self.results: dict[str, dict[str, Any]] = {}

    def step(self, label: str, fn: Callable[[], Any]) -> Any:
        """Run fn, record its (JSON-able) value or its error under label, return the value."""
        try:
            value = fn()
        except PluginAPIError as exc:
            self.results[label] = {
                "ok": False,
                "error": str(exc),
                "error_type": type(exc).__name__,
                "status": exc.status_code,
            }
            return None
        except Exception as exc:
            self.results[label] = {
                "ok": False,
                "error": f"{type(exc).__name__}: {exc}",
                "error_type": type(exc).__name__,
                "status": 0,
            }
            return None
        shown = value.to_dict() if hasattr(value, "to_dict") else value
        self.results[label] = {"ok": True, "value": shown}
        return value


def ids(items: Any) -> list[str]:
    return sorted(getattr(i, "id", "") or getattr(i, "user_id", "") for i in items or [])


class APITourPlugin(Plugin):
    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        self.api.register_command(
            trigger=TRIGGER,
            auto_complete=True,
            auto_complete_desc="mmpy e2e API tour",
            display_name="API tour",
        )

    @hook(HookName.ServeHTTP)
    def serve_http(self, context: Any, request: HTTPRequest) -> dict[str, Any]:
        if request.method == "POST" and request.path == "/tour":
            api = RecordingAPI(self.api)
            tour = Tour()
            run_tour(api, tour, request.json())
            body = {"results": tour.results, "called": sorted(api.called)}
            return {
                "status_code": 200,
                "headers": {"Content-Type": "application/json"},
                "body": json.dumps(body, default=repr),
            }
        if request.method == "GET" and request.path == "/kv":
            key = request.query_params.get("key", [""])[0]
            data = self.api.kv_get(key)
            kv = {"present": data is not None, "value": (data or b"").decode("latin-1")}
            return {"status_code": 200, "body": json.dumps(kv)}
        return {"status_code": 404, "body": f"no route {request.method} {request.path}"}


def run_tour(api: Any, tour: Tour, inp: dict[str, Any]) -> None:
    user_id: str = inp["user_id"]
    admin_id: str = inp["admin_id"]
    team_id: str = inp["team_id"]
    channel_id: str = inp["channel_id"]
    sfx: str = inp["suffix"]
    file_data = base64.b64decode(inp["file_b64"])
    s = tour.step

    # ---- server and configuration
    s("get_server_version", api.get_server_version)
    s("get_config", lambda: api.get_config().service_settings.site_url)
    s("get_diagnostic_id", api.get_diagnostic_id)
    s("get_license", lambda: api.get_license() is None)
    s("is_enterprise_ready", api.is_enterprise_ready)
    s("get_system_install_date", api.get_system_install_date)
    s("get_plugin_id", api.get_plugin_id)
    s("get_bundle_path", api.get_bundle_path)

    def save_config() -> str:
        cfg = api.get_unsanitized_config()
        cfg.team_settings.site_name = f"Tour {sfx}"
        api.save_config(cfg)
        return str(cfg.team_settings.site_name)

    s("save_config", save_config)
    s("save_plugin_config", lambda: api.save_plugin_config({"tour_value": sfx}))
    s("get_plugin_config", lambda: api.get_plugin_config().get("tour_value"))

    # ---- users
    user = s("get_user", lambda: api.get_user(user_id))
    username = user.username if user else ""
    email = user.email if user else ""
    s("get_user:user", lambda: {"username": user.username, "email": user.email})
    s("get_user:not_found", lambda: api.get_user("invalid-id").id)
    s("get_user_by_username", lambda: api.get_user_by_username(username).id)
    s("get_user_by_email", lambda: api.get_user_by_email(email).id)
    s("get_users_by_ids", lambda: ids(api.get_users_by_ids([user_id, admin_id])))
    s("get_users_by_usernames", lambda: ids(api.get_users_by_usernames([username])))
    # The server's GetUsers honours role (not in_team_id: it lists all profiles).
    s(
        "get_users",
        lambda: ids(api.get_users(UserGetOptions(role="system_admin", page=0, per_page=200))),
    )
    s("get_users_in_team", lambda: ids(api.get_users_in_team(team_id, 0, 200)))
    s("get_users_in_channel", lambda: ids(api.get_users_in_channel(channel_id, "username", 0, 200)))
    s(
        "search_users",
        lambda: ids(api.search_users(UserSearch(term=username, team_id=team_id, limit=10))),
    )

    def update_user() -> str:
        u = api.get_user(user_id)
        u.nickname = f"nick-{sfx}"
        return str(api.update_user(u).nickname)

    s("update_user", update_user)
    s("update_user_status", lambda: api.update_user_status(user_id, "dnd").status)
    s("get_user_status", lambda: api.get_user_status(user_id).status)
    s(
        "get_user_statuses_by_ids",
        lambda: {st.user_id: st.status for st in api.get_user_statuses_by_ids([user_id])},
    )
    s(
        "has_permission_to",
        lambda: {
            "user": api.has_permission_to(user_id, Permission(id="manage_system")),
            "admin": api.has_permission_to(admin_id, Permission(id="manage_system")),
        },
    )
    s(
        "has_permission_to_team",
        lambda: api.has_permission_to_team(user_id, team_id, Permission(id="view_team")),
    )
    s(
        "has_permission_to_channel",
        lambda: api.has_permission_to_channel(user_id, channel_id, Permission(id="create_post")),
    )

    # ---- teams and team members
    team = s("get_team", lambda: api.get_team(team_id))
    team_name = team.name if team else ""
    s("get_team:name", lambda: team.name)
    s("get_team_by_name", lambda: api.get_team_by_name(team_name).id)
    s("get_teams", lambda: ids(api.get_teams()))
    s("get_teams_for_user", lambda: ids(api.get_teams_for_user(user_id)))
    new_team = s(
        "create_team",
        lambda: api.create_team(
            Team(name=f"tour-{sfx}", display_name=f"Tour {sfx}", type="O", email="tour@example.com")
        ),
    )
    new_team_id = new_team.id if new_team else ""
    s("create_team:id", lambda: new_team.id)

    def update_team() -> str:
        t = api.get_team(new_team_id)
        t.display_name = f"Tour updated {sfx}"
        return str(api.update_team(t).display_name)

    s("update_team", update_team)
    s("create_team_member", lambda: api.create_team_member(new_team_id, user_id).user_id)
    s("get_team_member", lambda: api.get_team_member(new_team_id, user_id).user_id)
    s("get_team_members", lambda: ids(api.get_team_members(new_team_id, 0, 100)))
    s("get_team_stats", lambda: api.get_team_stats(new_team_id).total_member_count)

    # ---- channels and channel members
    channel = s("get_channel", lambda: api.get_channel(channel_id))
    channel_name = channel.name if channel else ""
    s("get_channel:name", lambda: channel.name)
    s("get_channel_by_name", lambda: api.get_channel_by_name(team_id, channel_name, False).id)
    s(
        "get_channel_by_name_for_team_name",
        lambda: api.get_channel_by_name_for_team_name(team_name, channel_name, False).id,
    )
    new_ch = s(
        "create_channel",
        lambda: api.create_channel(
            Channel(
                team_id=team_id,
                name=f"tour-{sfx}",
                display_name=f"Tour {sfx}",
                type="O",
                creator_id=admin_id,
            )
        ),
    )
    new_ch_id = new_ch.id if new_ch else ""
    s("create_channel:id", lambda: new_ch.id)

    def update_channel() -> str:
        c = api.get_channel(new_ch_id)
        c.header = f"header-{sfx}"
        return str(api.update_channel(c).header)

    s("update_channel", update_channel)
    s("add_channel_member", lambda: api.add_channel_member(new_ch_id, user_id).user_id)
    s("get_channel_member", lambda: api.get_channel_member(new_ch_id, user_id).user_id)
    s(
        "get_channel_members",
        lambda: sorted(m.user_id for m in api.get_channel_members(new_ch_id, 0, 100)),
    )
    s("get_channel_stats", lambda: api.get_channel_stats(new_ch_id).member_count)
    s(
        "get_channels_for_team_for_user",
        lambda: ids(api.get_channels_for_team_for_user(team_id, user_id, False)),
    )
    s(
        "get_public_channels_for_team",
        lambda: ids(api.get_public_channels_for_team(team_id, 0, 200)),
    )
    s("get_direct_channel", lambda: api.get_direct_channel(user_id, admin_id).id)
    archived = s(
        "create_channel:archived",
        lambda: (
            api.create_channel(
                Channel(
                    team_id=team_id, name=f"tour-arch-{sfx}", display_name="Tour archived", type="O"
                )
            ).id
        ),
    )
    s("delete_channel", lambda: api.delete_channel(archived))
    s("delete_channel:id", lambda: archived)
    # RestoreChannel is in plugin.API v0.4.4 but not on the 11.4 server: a clear error, no crash.
    s("restore_channel:missing", lambda: api.restore_channel(archived))

    # ---- files
    info = s("upload_file", lambda: api.upload_file(file_data, channel_id, f"tour-{sfx}.bin"))
    file_id = info.id if info else ""
    s("upload_file:id", lambda: info.id)
    s(
        "get_file",
        lambda: {
            "sha256": hashlib.sha256(api.get_file(file_id) or b"").hexdigest(),
            "equal": api.get_file(file_id) == file_data,
        },
    )
    s(
        "get_file_info",
        lambda: {"name": (fi := api.get_file_info(file_id)).name, "size": fi.size},
    )

    # ---- posts
    post = s(
        "create_post",
        lambda: api.create_post(channel_id=channel_id, user_id=user_id, message=f"tour post {sfx}"),
    )
    post_id = post.id if post else ""
    s("create_post:id", lambda: post.id)
    s("get_post", lambda: api.get_post(post_id).message)

    def update_post() -> str:
        p = api.get_post(post_id)
        p.message = f"tour post {sfx} (edited)"
        return str(api.update_post(p).message)

    s("update_post", update_post)
    reply = s(
        "create_post:reply",
        lambda: (
            api.create_post(
                channel_id=channel_id,
                user_id=admin_id,
                message=f"tour reply {sfx}",
                root_id=post_id,
            ).id
        ),
    )
    s("get_post_thread", lambda: sorted(api.get_post_thread(post_id).order or []))
    s("get_posts_for_channel", lambda: api.get_posts_for_channel(channel_id, 0, 60).order)
    s(
        "get_posts_since",
        lambda: sorted((api.get_posts_since(channel_id, post.create_at - 1).posts or {}).keys()),
    )
    with_file = s(
        "create_post:with_file",
        lambda: (
            api.create_post(
                Post(
                    channel_id=channel_id, user_id=user_id, message="tour file", file_ids=[file_id]
                )
            ).id
        ),
    )
    s("create_post:with_file:id", lambda: with_file)
    doomed = s(
        "create_post:doomed",
        lambda: api.create_post(channel_id=channel_id, user_id=user_id, message="tour doomed").id,
    )
    s("delete_post", lambda: api.delete_post(doomed))
    s("delete_post:id", lambda: doomed)
    s(
        "send_ephemeral_post",
        lambda: (
            api.send_ephemeral_post(
                user_id, Post(channel_id=channel_id, user_id=admin_id, message=f"ephemeral {sfx}")
            ).id
        ),
    )
    s("create_post:reply:id", lambda: reply)

    # ---- reactions
    s(
        "add_reaction",
        lambda: (
            api.add_reaction(
                Reaction(user_id=user_id, post_id=post_id, emoji_name="thumbsup")
            ).emoji_name
        ),
    )

    def add_then_remove() -> list[str]:
        api.add_reaction(Reaction(user_id=user_id, post_id=post_id, emoji_name="smile"))
        api.remove_reaction(Reaction(user_id=user_id, post_id=post_id, emoji_name="smile"))
        return sorted(r.emoji_name for r in api.get_reactions(post_id))

    s("remove_reaction", add_then_remove)
    s(
        "get_reactions",
        lambda: sorted(f"{r.user_id}:{r.emoji_name}" for r in api.get_reactions(post_id)),
    )

    # ---- KV store
    blob = bytes(range(256))

    def kv_round_trip() -> dict[str, Any]:
        api.kv_set("tour:plain", blob)
        got = api.kv_get("tour:plain")
        listed = "tour:plain" in api.kv_list(0, 1000)
        api.kv_delete("tour:plain")
        return {"equal": got == blob, "listed": listed, "after_delete": api.kv_get("tour:plain")}

    s("kv_set", kv_round_trip)
    s("kv_get:missing", lambda: api.kv_get(f"tour:never-set-{sfx}"))

    def cas() -> dict[str, bool]:
        api.kv_set("tour:cas", b"one")
        mismatch = api.kv_compare_and_set("tour:cas", b"wrong", b"two")
        match = api.kv_compare_and_set("tour:cas", b"one", b"two")
        return {"mismatch": mismatch, "match": match, "now_two": api.kv_get("tour:cas") == b"two"}

    s("kv_compare_and_set", cas)

    def cad() -> dict[str, bool]:
        mismatch = api.kv_compare_and_delete("tour:cas", b"wrong")
        match = api.kv_compare_and_delete("tour:cas", b"two")
        return {"mismatch": mismatch, "match": match, "gone": api.kv_get("tour:cas") is None}

    s("kv_compare_and_delete", cad)

    def atomic() -> dict[str, Any]:
        api.kv_delete("tour:atomic")
        opts_absent = PluginKVSetOptions(atomic=True, old_value=None)
        first = api.kv_set_with_options("tour:atomic", b"v1", opts_absent)
        second = api.kv_set_with_options("tour:atomic", b"v1-again", opts_absent)
        wrong = api.kv_set_with_options(
            "tour:atomic", b"v2", PluginKVSetOptions(atomic=True, old_value=b"nope")
        )
        right = api.kv_set_with_options(
            "tour:atomic", b"v2", PluginKVSetOptions(atomic=True, old_value=b"v1")
        )
        return {
            "set_if_absent": first,
            "set_if_absent_again": second,
            "old_value_mismatch": wrong,
            "old_value_match": right,
            "value": (api.kv_get("tour:atomic") or b"").decode(),
        }

    s("kv_set_with_options", atomic)

    def expiry() -> dict[str, Any]:
        api.kv_set_with_expiry("tour:expiry", b"soon gone", 1)
        api.kv_set_with_options(
            "tour:expiry-opts", b"soon gone too", PluginKVSetOptions(expire_in_seconds=1)
        )
        return {
            "expiry_now": (api.kv_get("tour:expiry") or b"").decode(),
            "opts_now": (api.kv_get("tour:expiry-opts") or b"").decode(),
        }

    s("kv_set_with_expiry", expiry)

    # ---- bots
    bot = s(
        "create_bot",
        lambda: api.create_bot(
            Bot(username=f"tourbot{sfx}", display_name="Tour Bot", description="made by apitour")
        ),
    )
    bot_id = bot.user_id if bot else ""
    s("create_bot:id", lambda: bot.user_id)
    s("get_bot", lambda: api.get_bot(bot_id, False).username)
    s(
        "get_bots",
        lambda: sorted(b.user_id for b in api.get_bots(BotGetOptions(page=0, per_page=200))),
    )
    s(
        "patch_bot",
        lambda: api.patch_bot(bot_id, BotPatch(description=f"patched {sfx}")).description,
    )
    s("update_bot_active", lambda: api.update_bot_active(bot_id, False).delete_at > 0)
    s(
        "ensure_bot_user",
        lambda: api.ensure_bot_user(Bot(username=f"tourensure{sfx}", display_name="Ensured")),
    )

    # ---- preferences
    def set_prefs() -> None:
        api.update_preferences_for_user(
            user_id,
            [
                Preference(
                    user_id=user_id, category="mmpy_tour", name="color", value=f"teal-{sfx}"
                ),
                Preference(user_id=user_id, category="mmpy_tour", name="gone", value="x"),
            ],
        )

    s("update_preferences_for_user", set_prefs)
    s(
        "delete_preferences_for_user",
        lambda: api.delete_preferences_for_user(
            user_id, [Preference(user_id=user_id, category="mmpy_tour", name="gone", value="x")]
        ),
    )
    s(
        "get_preference_for_user",
        lambda: api.get_preference_for_user(user_id, "mmpy_tour", "color").value,
    )
    s(
        "get_preferences_for_user",
        lambda: {
            p.name: p.value
            for p in api.get_preferences_for_user(user_id)
            if p.category == "mmpy_tour"
        },
    )

    # ---- commands, log, websocket
    s("list_plugin_commands", lambda: sorted(c.trigger for c in api.list_plugin_commands(team_id)))
    s("list_built_in_commands", lambda: sorted(c.trigger for c in api.list_built_in_commands()))
    s("log_info", lambda: api.log_info(f"apitour log line {sfx}", "suffix", sfx))
    s(
        "publish_web_socket_event",
        lambda: api.publish_web_socket_event(
            "tour", {"suffix": sfx}, WebsocketBroadcast(user_id=user_id)
        ),
    )


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin

    run_plugin(APITourPlugin)
