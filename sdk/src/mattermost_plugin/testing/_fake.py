""":class:`FakeMattermost`: an in-memory Mattermost server that answers the plugin API."""

from __future__ import annotations

import copy
import hashlib
import mimetypes
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from mattermost_plugin._plugin import hook_handlers
from mattermost_plugin.models import (
    Bot,
    BotGetOptions,
    BotPatch,
    Channel,
    ChannelMember,
    Command,
    CommandArgs,
    CommandResponse,
    Config,
    FileInfo,
    GetFileInfosOptions,
    PluginKVSetOptions,
    Post,
    PostList,
    Preference,
    Reaction,
    Team,
    TeamMember,
    User,
    UserGetOptions,
    UserSearch,
    WebsocketBroadcast,
)

from ._core import FakeClock, FakeCore, HookFailure, api_method, sdk_error
from ._errors import AppError, bad_request, forbidden, not_found, plain_error
from ._factories import (
    is_valid_id,
    make_channel,
    make_channel_member,
    make_team,
    make_team_member,
    make_user,
    new_id,
)

__all__ = ["EphemeralPost", "FakeMattermost", "LogEntry", "WebSocketEvent"]

M = TypeVar("M")
T = TypeVar("T")

KV_KEY_MAX_RUNES = 150  # model.KeyValueKeyMaxRunes
KV_DEFAULT_LIST_LIMIT = 10  # sqlstore defaultPluginKeyFetchLimit (per_page <= 0)
POST_MESSAGE_MAX_RUNES = 16383  # model.PostMessageMaxRunesV2
BOT_ID_KEY = "mmi_botid"  # the KV key EnsureBotUser keeps the bot's user id under
_USERNAME = re.compile(r"^[a-z0-9.\-_]+$")
_RESERVED_USERNAMES = frozenset({"all", "channel", "matterbot", "system"})
_CHANNEL_NAME = re.compile(r"^[a-z0-9_\-]{1,64}$")
_TEAM_NAME = re.compile(r"^[a-z0-9][a-z0-9\-]*[a-z0-9]$")


def _copy(value: M) -> M:
    return copy.deepcopy(value)


def _page(items: list[M], page: int, per_page: int) -> list[M]:
    if page < 0 or per_page <= 0:
        return []
    return items[page * per_page : (page + 1) * per_page]


@dataclass
class LogEntry:
    """One line the plugin wrote to the server log (``LogInfo`` etc., or ``self.logger``)."""

    level: Literal["debug", "info", "warn", "error"]
    message: str
    fields: dict[str, Any]


@dataclass
class EphemeralPost:
    """An ephemeral post sent to one user (``SendEphemeralPost``; ``action`` is ``"sent"``,
    ``"updated"`` or ``"deleted"``)."""

    user_id: str
    post: Post
    action: Literal["sent", "updated", "deleted"] = "sent"


@dataclass
class WebSocketEvent:
    """A ``PublishWebSocketEvent`` call (``event`` as given, without the plugin prefix)."""

    event: str
    payload: dict[str, Any]
    broadcast: WebsocketBroadcast | None


class FakeMattermost(FakeCore):
    """An in-memory Mattermost server for unit tests of plugins.

    It answers the plugin API through a real :class:`~mattermost_plugin.PluginAPI` (``fake.api``
    is one; the fake is its ``Caller``), so plugin code runs the same client as in production:
    arguments are type-checked, requests and answers are the ABI's protobuf messages, models
    cross as the REST JSON, and errors are the server's (``NotFoundError`` with
    ``error_id="app.user.missing_account.const"`` for an unknown user, ``ValidationError`` for
    invalid input, ...). Every call is recorded in :attr:`calls`.

    State is plain attributes a test may read and change: :attr:`users`, :attr:`teams`,
    :attr:`channels`, :attr:`posts`, :attr:`reactions`, :attr:`files`, :attr:`kv`,
    :attr:`plugin_config`, :attr:`bots`, :attr:`commands`, :attr:`preferences`, :attr:`logs`,
    :attr:`ephemeral_posts`, :attr:`websocket_events`.

    Plugins attached with :meth:`activate`, :meth:`connect` or :meth:`attach` get their hooks
    run as the server would: creating a post runs ``MessageWillBePosted`` (which may reject or
    replace it) and then ``MessageHasBeenPosted``; a registered slash command runs
    ``ExecuteCommand``; reactions, channel and team membership, user creation and plugin
    configuration changes run their hooks too. ``MessageHasBeenPosted`` runs synchronously (on
    a server it runs in the background, after the post is returned).

    Methods the fake does not implement answer status 501 with a message saying how to stub
    them (:meth:`stub`, :meth:`on`).
    """

    def __init__(
        self,
        *,
        plugin_id: str = "com.example.plugin",
        server_version: str = "10.5.0",
        site_url: str = "http://localhost:8065",
        plugin_config: Mapping[str, Any] | None = None,
        clock: FakeClock | None = None,
        hook_errors: Literal["raise", "record"] = "raise",
    ) -> None:
        """``clock``: the server's time (a :class:`FakeClock` that stands still unless advanced;
        one is made when not given, at the current time). ``hook_errors``: what happens when a
        plugin's hook handler raises while the server runs it — ``"raise"`` (the default) raises
        :class:`HookError` from the operation that ran it (so the test sees the bug);
        ``"record"`` behaves like the server (logs it, appends it to :attr:`hook_failures`, and
        goes on with the hook's failure answer, e.g. the post unchanged)."""
        self.fake_clock = clock if clock is not None else FakeClock()
        super().__init__(plugin_id=plugin_id, clock=self.fake_clock, hook_errors=hook_errors)
        self.server_version = server_version
        self.site_url = site_url
        self.plugin_config: dict[str, Any] = dict(plugin_config or {})
        self.config = Config.from_dict(
            {"ServiceSettings": {"SiteURL": site_url}, "PluginSettings": {"Enable": True}}
        )
        self.bundle_path = f"/mattermost/plugins/{plugin_id}"
        self.diagnostic_id = new_id()
        self.install_date = self.clock()
        self.users: dict[str, User] = {}
        self.teams: dict[str, Team] = {}
        self.team_members: dict[tuple[str, str], TeamMember] = {}
        self.channels: dict[str, Channel] = {}
        self.channel_members: dict[tuple[str, str], ChannelMember] = {}
        self.posts: dict[str, Post] = {}
        self.reactions: list[Reaction] = []
        self.files: dict[str, tuple[FileInfo, bytes]] = {}
        self.kv: dict[str, tuple[bytes, int]] = {}  # key -> (value, expire_at millis or 0)
        self.bots: dict[str, Bot] = {}
        self.commands: list[Command] = []
        self.preferences: dict[tuple[str, str, str], Preference] = {}
        self.logs: list[LogEntry] = []
        self.ephemeral_posts: list[EphemeralPost] = []
        self.websocket_events: list[WebSocketEvent] = []
        self._seq = 0
        self._post_order: dict[str, int] = {}  # post id -> creation sequence (ties in time)

    # ================================================================ test conveniences

    def add_user(self, **fields: Any) -> User:
        """Create a user as the server would (``make_user`` defaults; ``UserHasBeenCreated``
        runs) and return it."""
        return self._call_direct("CreateUser", self._api_create_user, make_user(**fields))

    def add_team(self, **fields: Any) -> Team:
        """Create a team (with its ``town-square`` and ``off-topic`` channels) and return it."""
        return self._call_direct("CreateTeam", self._api_create_team, make_team(**fields))

    def add_channel(
        self, team_id: str = "", *, members: Iterable[str] = (), **fields: Any
    ) -> Channel:
        """Create a channel in ``team_id`` and add the user ids ``members`` to it (they join the
        team first when they are not members)."""
        channel = self._call_direct(
            "CreateChannel", self._api_create_channel, make_channel(team_id=team_id, **fields)
        )
        for user_id in members:
            if team_id and (team_id, user_id) not in self.team_members:
                self._call_direct(
                    "CreateTeamMember", self._api_create_team_member, team_id, user_id
                )
            self._call_direct("AddChannelMember", self._api_add_channel_member, channel.id, user_id)
        return channel

    def add_team_member(self, team_id: str, user_id: str) -> TeamMember:
        """Add a user to a team (and its default channels) and return the membership."""
        return self._call_direct("CreateTeamMember", self._api_create_team_member, team_id, user_id)

    def add_channel_member(self, channel_id: str, user_id: str) -> ChannelMember:
        """Add a user to a channel and return the membership."""
        return self._call_direct(
            "AddChannelMember", self._api_add_channel_member, channel_id, user_id
        )

    def post_as(self, user_id: str, channel_id: str, message: str, **fields: Any) -> Post:
        """A user posts ``message`` (as from a client: the plugins' ``MessageWillBePosted`` and
        ``MessageHasBeenPosted`` run). Returns the stored post; a rejected post raises
        ``ValidationError`` with the plugin's reason, like the REST API's 400."""
        post = Post(user_id=user_id, channel_id=channel_id, message=message, **fields)
        return self._call_direct("CreatePost", self._create_post, post, False)

    def run_command(self, user_id: str, channel_id: str, command: str) -> CommandResponse:
        """A user types the slash command ``command`` (``"/hello world"``) in a channel: the
        plugin's ``ExecuteCommand`` runs, and its response is delivered as the server does
        (an ephemeral post to the user, or a post in the channel for ``in_channel``)."""
        channel = self.channels.get(channel_id)
        args = CommandArgs(
            user_id=user_id,
            channel_id=channel_id,
            team_id=channel.team_id if channel else "",
            command=command,
        )
        return self._call_direct("ExecuteSlashCommand", self._api_execute_slash_command, args)

    def kv_value(self, key: str) -> bytes | None:
        """The live value of ``key`` in the plugin's KV store (``None`` if absent or expired)."""
        return self._kv_live(key)

    def logged(self, level: str | None = None) -> list[str]:
        """The messages logged (at ``level``: ``"debug"``, ``"info"``, ``"warn"``, ``"error"``)."""
        return [e.message for e in self.logs if level is None or e.level == level]

    def _call_direct(self, method: str, func: Callable[..., T], *args: Any) -> T:
        try:
            return func(*args)
        except AppError as exc:
            raise sdk_error(exc, method) from None

    def _log_hook_failure(self, failure: HookFailure) -> None:
        self.logs.append(
            LogEntry(
                "error",
                f"hook {failure.hook} failed: {failure.type}: {failure.message}",
                {"plugin_id": self.plugin_id, "traceback": failure.traceback},
            )
        )

    def _now(self) -> int:
        return self.clock()

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    # ================================================================ server and config

    @api_method("GetServerVersion")
    def _api_get_server_version(self) -> str:
        return self.server_version

    @api_method("GetPluginID")
    def _api_get_plugin_id(self) -> str:
        return self.plugin_id

    @api_method("GetBundlePath")
    def _api_get_bundle_path(self) -> str:
        return self.bundle_path

    @api_method("GetDiagnosticId", "GetTelemetryId")
    def _api_get_diagnostic_id(self) -> str:
        return self.diagnostic_id

    @api_method("GetSystemInstallDate")
    def _api_get_system_install_date(self) -> int:
        return self.install_date

    @api_method("IsEnterpriseReady")
    def _api_is_enterprise_ready(self) -> bool:
        return False

    @api_method("GetLicense")
    def _api_get_license(self) -> None:
        return None

    @api_method("GetConfig", "GetUnsanitizedConfig")
    def _api_get_config(self) -> Config:
        return _copy(self.config)

    @api_method("SaveConfig")
    def _api_save_config(self, config: Config | None) -> None:
        if config is None:
            raise bad_request("SaveConfig", "api.config.update_config.nil_config.app_error")
        self.config = _copy(config)
        self._configuration_changed()

    @api_method("GetPluginConfig")
    def _api_get_plugin_config(self) -> dict[str, Any]:
        return _copy(self.plugin_config)

    @api_method("LoadPluginConfiguration")
    def _api_load_plugin_configuration(self) -> dict[str, Any]:
        return _copy(self.plugin_config)

    @api_method("SavePluginConfig")
    def _api_save_plugin_config(self, config: dict[str, Any] | None) -> None:
        self.plugin_config = _copy(config or {})
        self._configuration_changed()

    def _configuration_changed(self) -> None:
        for _ in self.run_hooks("OnConfigurationChange"):
            pass

    # ================================================================ logs and events

    def _log(self, level: Literal["debug", "info", "warn", "error"], msg: str, pairs: Any) -> None:
        items = list(pairs or [])
        fields: dict[str, Any] = {}
        for i in range(0, len(items) - 1, 2):
            fields[str(items[i])] = items[i + 1]
        if len(items) % 2:
            fields["EXTRA_VALUE_AT_END"] = items[-1]  # what Mattermost's logger does too
        self.logs.append(LogEntry(level, msg, fields))

    @api_method("LogDebug")
    def _api_log_debug(self, msg: str, pairs: Any) -> None:
        self._log("debug", msg, pairs)

    @api_method("LogInfo")
    def _api_log_info(self, msg: str, pairs: Any) -> None:
        self._log("info", msg, pairs)

    @api_method("LogWarn")
    def _api_log_warn(self, msg: str, pairs: Any) -> None:
        self._log("warn", msg, pairs)

    @api_method("LogError")
    def _api_log_error(self, msg: str, pairs: Any) -> None:
        self._log("error", msg, pairs)

    @api_method("PublishWebSocketEvent")
    def _api_publish_web_socket_event(
        self, event: str, payload: dict[str, Any] | None, broadcast: WebsocketBroadcast | None
    ) -> None:
        self.websocket_events.append(WebSocketEvent(event, _copy(payload or {}), broadcast))

    # ================================================================ users

    def _user(self, user_id: str, where: str) -> User:
        user = self.users.get(user_id)
        if user is None:
            raise not_found(where, "app.user.missing_account.const", f"user_id={user_id}")
        return user

    def _check_user_fields(self, user: User, where: str) -> None:
        name = user.username
        if (
            not 1 <= len(name) <= 64
            or not _USERNAME.match(name)
            or name in _RESERVED_USERNAMES
            or not name[0].isalpha()
        ):
            raise bad_request(where, "model.user.is_valid.username.app_error", f"user_id={user.id}")
        if not user.email or "@" not in user.email:
            raise bad_request(where, "model.user.is_valid.email.app_error", f"user_id={user.id}")
        for other in self.users.values():
            if other.id == user.id:
                continue
            if other.username == name:
                raise bad_request(where, "app.user.save.username_exists.app_error")
            if other.email.lower() == user.email.lower():
                raise bad_request(where, "app.user.save.email_exists.app_error")

    @api_method("CreateUser")
    def _api_create_user(self, user: User | None) -> User:
        if user is None:
            raise bad_request("CreateUser", "api.context.invalid_body_param.app_error")
        user = _copy(user)
        user.username = user.username.lower()
        user.id = user.id if is_valid_id(user.id) and user.id not in self.users else new_id()
        self._check_user_fields(user, "CreateUser")
        now = self._now()
        user.create_at = user.create_at or now
        user.update_at = user.create_at
        user.roles = user.roles or "system_user"
        user.password = ""  # the server stores a hash and never returns it
        self.users[user.id] = user
        for _ in self.run_hooks("UserHasBeenCreated", user=_copy(user)):
            pass
        return _copy(user)

    @api_method("GetUser")
    def _api_get_user(self, user_id: str) -> User:
        return _copy(self._user(user_id, "GetUser"))

    @api_method("GetUserByUsername")
    def _api_get_user_by_username(self, name: str) -> User:
        for user in self.users.values():
            if user.username == name:
                return _copy(user)
        raise not_found("GetUserByUsername", "app.user.get_by_username.app_error")

    @api_method("GetUserByEmail")
    def _api_get_user_by_email(self, email: str) -> User:
        for user in self.users.values():
            if user.email.lower() == email.lower():
                return _copy(user)
        raise not_found("GetUserByEmail", "app.user.missing_account.const")

    @api_method("GetUsersByUsernames")
    def _api_get_users_by_usernames(self, usernames: list[str]) -> list[User]:
        wanted = set(usernames)
        return [_copy(u) for u in self.users.values() if u.username in wanted]

    @api_method("GetUsersByIds")
    def _api_get_users_by_ids(self, user_ids: list[str]) -> list[User]:
        return [_copy(self.users[i]) for i in dict.fromkeys(user_ids) if i in self.users]

    @api_method("UpdateUser")
    def _api_update_user(self, user: User | None) -> User:
        if user is None:
            raise bad_request("UpdateUser", "api.context.invalid_body_param.app_error")
        old = self._user(user.id, "UpdateUser")
        new = _copy(user)
        new.username = new.username.lower()
        self._check_user_fields(new, "UpdateUser")
        new.create_at = old.create_at
        new.password = ""
        new.update_at = self._now()
        self.users[new.id] = new
        return _copy(new)

    def _set_active(self, user: User, active: bool) -> None:
        user.delete_at = 0 if active else self._now()
        user.update_at = self._now()
        if not active:
            for _ in self.run_hooks("UserHasBeenDeactivated", user=_copy(user)):
                pass

    @api_method("DeleteUser")
    def _api_delete_user(self, user_id: str) -> None:
        self._set_active(self._user(user_id, "DeleteUser"), False)

    @api_method("UpdateUserActive")
    def _api_update_user_active(self, user_id: str, active: bool) -> None:
        self._set_active(self._user(user_id, "UpdateUserActive"), active)

    def _sorted_users(self, ids: Iterable[str], *, active_only: bool = False) -> list[User]:
        users = [self.users[i] for i in ids if i in self.users]
        if active_only:
            users = [u for u in users if not u.delete_at]
        return sorted(users, key=lambda u: u.username)

    @api_method("GetUsersInChannel")
    def _api_get_users_in_channel(
        self, channel_id: str, sort_by: str, page: int, per_page: int
    ) -> list[User]:
        ids = [uid for (cid, uid) in self.channel_members if cid == channel_id]
        return [_copy(u) for u in _page(self._sorted_users(ids, active_only=True), page, per_page)]

    @api_method("GetUsersInTeam")
    def _api_get_users_in_team(self, team_id: str, page: int, per_page: int) -> list[User]:
        ids = [
            uid for (tid, uid), m in self.team_members.items() if tid == team_id and not m.delete_at
        ]
        return [_copy(u) for u in _page(self._sorted_users(ids), page, per_page)]

    @api_method("GetUsers")
    def _api_get_users(self, options: UserGetOptions | None) -> list[User]:
        opts = options or UserGetOptions()
        ids: Iterable[str] = self.users
        if opts.in_team_id:
            ids = [
                u
                for (t, u), m in self.team_members.items()
                if t == opts.in_team_id and not m.delete_at
            ]
        if opts.in_channel_id:
            in_channel = {u for (c, u) in self.channel_members if c == opts.in_channel_id}
            ids = [i for i in ids if i in in_channel]
        users = self._sorted_users(ids)
        if opts.inactive:
            users = [u for u in users if u.delete_at]
        elif opts.active:
            users = [u for u in users if not u.delete_at]
        if opts.role:
            users = [u for u in users if opts.role in u.roles.split()]
        per_page = opts.per_page or 60
        return [_copy(u) for u in _page(users, opts.page, per_page)]

    @api_method("SearchUsers")
    def _api_search_users(self, search: UserSearch | None) -> list[User]:
        s = search or UserSearch()
        term = s.term.lower().lstrip("@")
        ids: Iterable[str] = self.users
        if s.team_id:
            ids = [
                u for (t, u), m in self.team_members.items() if t == s.team_id and not m.delete_at
            ]
        if s.in_channel_id:
            members = {u for (c, u) in self.channel_members if c == s.in_channel_id}
            ids = [i for i in ids if i in members]
        if s.not_in_channel_id:
            members = {u for (c, u) in self.channel_members if c == s.not_in_channel_id}
            ids = [i for i in ids if i not in members]
        out = []
        for user in self._sorted_users(ids, active_only=not s.allow_inactive):
            words = [user.username, user.first_name, user.last_name, user.nickname, user.email]
            if not term or any(w.lower().startswith(term) for w in words if w):
                out.append(_copy(user))
        return out[: s.limit or 100]

    # ================================================================ teams

    def _team(self, team_id: str, where: str) -> Team:
        team = self.teams.get(team_id)
        if team is None:
            raise not_found(where, "app.team.get.find.app_error", f"team_id={team_id}")
        return team

    @api_method("CreateTeam")
    def _api_create_team(self, team: Team | None) -> Team:
        if team is None:
            raise bad_request("CreateTeam", "api.context.invalid_body_param.app_error")
        team = _copy(team)
        team.id = team.id if is_valid_id(team.id) and team.id not in self.teams else new_id()
        if not (2 <= len(team.name) <= 64 and _TEAM_NAME.match(team.name)):
            raise bad_request("CreateTeam", "model.team.is_valid.name.app_error", f"id={team.id}")
        if team.type not in ("O", "I"):
            raise bad_request("CreateTeam", "model.team.is_valid.type.app_error", f"id={team.id}")
        if any(t.name == team.name for t in self.teams.values()):
            raise bad_request("CreateTeam", "app.team.save.existing.app_error")
        team.create_at = team.create_at or self._now()
        team.update_at = team.create_at
        team.invite_id = team.invite_id or new_id()
        self.teams[team.id] = team
        for name, display in (("town-square", "Town Square"), ("off-topic", "Off-Topic")):
            self._api_create_channel(
                Channel(team_id=team.id, name=name, display_name=display, type="O")
            )
        return _copy(team)

    @api_method("GetTeam")
    def _api_get_team(self, team_id: str) -> Team:
        return _copy(self._team(team_id, "GetTeam"))

    @api_method("GetTeamByName")
    def _api_get_team_by_name(self, name: str) -> Team:
        for team in self.teams.values():
            if team.name == name:
                return _copy(team)
        raise not_found("GetTeamByName", "app.team.get_by_name.missing.app_error")

    @api_method("GetTeams")
    def _api_get_teams(self) -> list[Team]:
        return [_copy(t) for t in self.teams.values() if not t.delete_at]

    @api_method("UpdateTeam")
    def _api_update_team(self, team: Team | None) -> Team:
        if team is None:
            raise bad_request("UpdateTeam", "api.context.invalid_body_param.app_error")
        old = self._team(team.id, "UpdateTeam")
        new = _copy(team)
        new.create_at, new.name, new.invite_id = old.create_at, old.name, old.invite_id
        new.update_at = self._now()
        self.teams[new.id] = new
        return _copy(new)

    @api_method("DeleteTeam")
    def _api_delete_team(self, team_id: str) -> None:
        team = self._team(team_id, "DeleteTeam")
        team.delete_at = team.update_at = self._now()

    @api_method("CreateTeamMember")
    def _api_create_team_member(self, team_id: str, user_id: str) -> TeamMember:
        team = self._team(team_id, "AddTeamMember")
        user = self._user(user_id, "AddTeamMember")
        existing = self.team_members.get((team_id, user_id))
        if existing is not None and not existing.delete_at:
            return _copy(existing)
        member = make_team_member(team_id=team_id, user_id=user_id)
        self.team_members[(team_id, user_id)] = member
        for channel in self.channels.values():
            if channel.team_id == team.id and channel.name in ("town-square", "off-topic"):
                self._join_channel(channel, user, actor=None)
        for _ in self.run_hooks("UserHasJoinedTeam", team_member=_copy(member), actor=None):
            pass
        return _copy(member)

    def _team_member(self, team_id: str, user_id: str, where: str) -> TeamMember:
        member = self.team_members.get((team_id, user_id))
        if member is None or member.delete_at:
            raise not_found(where, "app.team.get_member.missing.app_error")
        return member

    @api_method("GetTeamMember")
    def _api_get_team_member(self, team_id: str, user_id: str) -> TeamMember:
        return _copy(self._team_member(team_id, user_id, "GetTeamMember"))

    @api_method("GetTeamMembers")
    def _api_get_team_members(self, team_id: str, page: int, per_page: int) -> list[TeamMember]:
        members = [m for (t, _), m in self.team_members.items() if t == team_id and not m.delete_at]
        return [_copy(m) for m in _page(members, page, per_page)]

    @api_method("GetTeamMembersForUser")
    def _api_get_team_members_for_user(
        self, user_id: str, page: int, per_page: int
    ) -> list[TeamMember]:
        members = [m for (_, u), m in self.team_members.items() if u == user_id and not m.delete_at]
        return [_copy(m) for m in _page(members, page, per_page)]

    @api_method("GetTeamsForUser")
    def _api_get_teams_for_user(self, user_id: str) -> list[Team]:
        return [
            _copy(self.teams[t])
            for (t, u), m in self.team_members.items()
            if u == user_id and not m.delete_at and t in self.teams
        ]

    @api_method("DeleteTeamMember")
    def _api_delete_team_member(self, team_id: str, user_id: str, requestor_id: str) -> None:
        member = self._team_member(team_id, user_id, "RemoveUserFromTeam")
        member.delete_at = self._now()
        for key in [k for k in self.channel_members if k[1] == user_id]:
            channel = self.channels.get(key[0])
            if channel is not None and channel.team_id == team_id:
                del self.channel_members[key]
        actor = self.users.get(requestor_id)
        for _ in self.run_hooks("UserHasLeftTeam", team_member=_copy(member), actor=_copy(actor)):
            pass

    # ================================================================ channels

    def _channel(self, channel_id: str, where: str) -> Channel:
        channel = self.channels.get(channel_id)
        if channel is None:
            raise not_found(where, "app.channel.get.existing.app_error", channel_id=channel_id)
        return channel

    def _save_channel(self, channel: Channel, where: str) -> Channel:
        channel.id = (
            channel.id if is_valid_id(channel.id) and channel.id not in self.channels else new_id()
        )
        if not _CHANNEL_NAME.match(channel.name):
            raise bad_request(
                where, "model.channel.is_valid.1_or_more.app_error", f"id={channel.id}"
            )
        if channel.type not in ("O", "P", "D", "G"):
            raise bad_request(where, "model.channel.is_valid.type.app_error", f"id={channel.id}")
        if channel.type in ("O", "P"):
            self._team(channel.team_id, where)
        for other in self.channels.values():
            if other.team_id == channel.team_id and other.name == channel.name:
                raise bad_request(where, "store.sql_channel.save_channel.exists.app_error")
        channel.create_at = channel.create_at or self._now()
        channel.update_at = channel.create_at
        self.channels[channel.id] = channel
        return channel

    @api_method("CreateChannel")
    def _api_create_channel(self, channel: Channel | None) -> Channel:
        if channel is None:
            raise bad_request("CreateChannel", "api.context.invalid_body_param.app_error")
        saved = self._save_channel(_copy(channel), "CreateChannel")
        for _ in self.run_hooks("ChannelHasBeenCreated", channel=_copy(saved)):
            pass
        return _copy(saved)

    @api_method("GetChannel")
    def _api_get_channel(self, channel_id: str) -> Channel:
        return _copy(self._channel(channel_id, "GetChannel"))

    @api_method("GetChannelByName")
    def _api_get_channel_by_name(self, team_id: str, name: str, include_deleted: bool) -> Channel:
        for channel in self.channels.values():
            if (channel.team_id, channel.name) == (team_id, name) and (
                include_deleted or not channel.delete_at
            ):
                return _copy(channel)
        raise not_found("GetChannelByName", "app.channel.get_by_name.missing.app_error")

    @api_method("GetChannelByNameForTeamName")
    def _api_get_channel_by_name_for_team_name(
        self, team_name: str, channel_name: str, include_deleted: bool
    ) -> Channel:
        for team in self.teams.values():
            if team.name == team_name:
                return self._api_get_channel_by_name(team.id, channel_name, include_deleted)
        raise not_found("GetChannelByNameForTeamName", "app.team.get_by_name.missing.app_error")

    @api_method("UpdateChannel")
    def _api_update_channel(self, channel: Channel | None) -> Channel:
        if channel is None:
            raise bad_request("UpdateChannel", "api.context.invalid_body_param.app_error")
        old = self._channel(channel.id, "UpdateChannel")
        new = _copy(channel)
        new.create_at, new.team_id, new.type = old.create_at, old.team_id, old.type
        new.update_at = self._now()
        self.channels[new.id] = new
        return _copy(new)

    @api_method("DeleteChannel")
    def _api_delete_channel(self, channel_id: str) -> None:
        channel = self._channel(channel_id, "DeleteChannel")
        if channel.delete_at:
            raise bad_request("deleteChannel", "api.channel.delete_channel.deleted.app_error")
        channel.delete_at = channel.update_at = self._now()

    @api_method("GetPublicChannelsForTeam")
    def _api_get_public_channels_for_team(
        self, team_id: str, page: int, per_page: int
    ) -> list[Channel]:
        channels = sorted(
            (
                c
                for c in self.channels.values()
                if c.team_id == team_id and c.type == "O" and not c.delete_at
            ),
            key=lambda c: c.display_name.lower(),
        )
        return [_copy(c) for c in _page(channels, page, per_page)]

    @api_method("GetChannelsForTeamForUser")
    def _api_get_channels_for_team_for_user(
        self, team_id: str, user_id: str, include_deleted: bool
    ) -> list[Channel]:
        out = []
        for cid, uid in self.channel_members:
            channel = self.channels.get(cid)
            if uid != user_id or channel is None or channel.team_id not in (team_id, ""):
                continue
            if include_deleted or not channel.delete_at:
                out.append(_copy(channel))
        return out

    @api_method("GetDirectChannel")
    def _api_get_direct_channel(self, user_id1: str, user_id2: str) -> Channel:
        # the server answers a missing user with 400 invalid_user (checked on a real server
        # by conformance/e2e TestFakeScenariosOnRealServer)
        for u in (user_id1, user_id2):
            found = self.users.get(u)
            if found is None:
                raise bad_request(
                    "GetOrCreateDirectChannel",
                    "api.channel.create_direct_channel.invalid_user.app_error",
                    f"user_id={u}",
                )
        users = [self._user(u, "GetOrCreateDirectChannel") for u in (user_id1, user_id2)]
        name = (
            "__".join(sorted({user_id1, user_id2}))
            if user_id1 != user_id2
            else f"{user_id1}__{user_id1}"
        )
        for channel in self.channels.values():
            if channel.type == "D" and channel.name == name:
                return _copy(channel)
        channel = self._save_channel(Channel(name=name, type="D"), "GetOrCreateDirectChannel")
        for user in users:
            self.channel_members[(channel.id, user.id)] = make_channel_member(
                channel_id=channel.id, user_id=user.id
            )
        return _copy(channel)

    @api_method("GetGroupChannel")
    def _api_get_group_channel(self, user_ids: list[str]) -> Channel:
        ids = sorted(set(user_ids))
        if not 3 <= len(ids) <= 8:
            raise bad_request("CreateGroupChannel", "api.channel.create_group.bad_size.app_error")
        users = [self._user(u, "CreateGroupChannel") for u in ids]
        name = hashlib.sha1(",".join(ids).encode()).hexdigest()  # model.GetGroupNameFromUserIds
        for channel in self.channels.values():
            if channel.type == "G" and channel.name == name:
                return _copy(channel)
        display = ", ".join(sorted(u.username for u in users))
        channel = self._save_channel(
            Channel(name=name, type="G", display_name=display), "CreateGroupChannel"
        )
        for user in users:
            self.channel_members[(channel.id, user.id)] = make_channel_member(
                channel_id=channel.id, user_id=user.id
            )
        return _copy(channel)

    def _join_channel(self, channel: Channel, user: User, actor: User | None) -> ChannelMember:
        existing = self.channel_members.get((channel.id, user.id))
        if existing is not None:
            return existing
        if channel.type in ("O", "P"):
            self._team_member(channel.team_id, user.id, "AddUserToChannel")
        member = make_channel_member(
            channel_id=channel.id, user_id=user.id, last_update_at=self._now()
        )
        self.channel_members[(channel.id, user.id)] = member
        for _ in self.run_hooks(
            "UserHasJoinedChannel", channel_member=_copy(member), actor=_copy(actor)
        ):
            pass
        return member

    @api_method("AddChannelMember")
    def _api_add_channel_member(self, channel_id: str, user_id: str) -> ChannelMember:
        channel = self._channel(channel_id, "GetChannel")
        user = self._user(user_id, "AddChannelMember")
        return _copy(self._join_channel(channel, user, actor=None))

    @api_method("AddUserToChannel")
    def _api_add_user_to_channel(
        self, channel_id: str, user_id: str, as_user_id: str
    ) -> ChannelMember:
        channel = self._channel(channel_id, "GetChannel")
        user = self._user(user_id, "AddUserToChannel")
        actor = self.users.get(as_user_id)
        return _copy(self._join_channel(channel, user, actor=actor))

    def _channel_member(self, channel_id: str, user_id: str, where: str) -> ChannelMember:
        member = self.channel_members.get((channel_id, user_id))
        if member is None:
            raise not_found(where, "app.channel.get_member.missing.app_error")
        return member

    @api_method("GetChannelMember")
    def _api_get_channel_member(self, channel_id: str, user_id: str) -> ChannelMember:
        return _copy(self._channel_member(channel_id, user_id, "GetChannelMember"))

    @api_method("GetChannelMembers")
    def _api_get_channel_members(
        self, channel_id: str, page: int, per_page: int
    ) -> list[ChannelMember]:
        members = [m for (c, _), m in self.channel_members.items() if c == channel_id]
        return [_copy(m) for m in _page(members, page, per_page)]

    @api_method("GetChannelMembersByIds")
    def _api_get_channel_members_by_ids(
        self, channel_id: str, user_ids: list[str]
    ) -> list[ChannelMember]:
        return [
            _copy(self.channel_members[(channel_id, u)])
            for u in user_ids
            if (channel_id, u) in self.channel_members
        ]

    @api_method("GetChannelMembersForUser")
    def _api_get_channel_members_for_user(
        self, team_id: str, user_id: str, page: int, per_page: int
    ) -> list[ChannelMember]:
        members = [
            m
            for (c, u), m in self.channel_members.items()
            if u == user_id and c in self.channels and self.channels[c].team_id in (team_id, "")
        ]
        return [_copy(m) for m in _page(members, page, per_page)]

    @api_method("DeleteChannelMember")
    def _api_delete_channel_member(self, channel_id: str, user_id: str) -> None:
        self._channel(channel_id, "GetChannel")
        member = self._channel_member(channel_id, user_id, "RemoveUserFromChannel")
        del self.channel_members[(channel_id, user_id)]
        for _ in self.run_hooks("UserHasLeftChannel", channel_member=_copy(member), actor=None):
            pass

    # ================================================================ posts

    def _post(self, post_id: str, where: str) -> Post:
        post = self.posts.get(post_id)
        if post is None or post.delete_at:
            raise not_found(where, "app.post.get.app_error", f"post_id={post_id}")
        return post

    @api_method("CreatePost")
    def _api_create_post(self, post: Post | None) -> Post:
        if post is None:
            raise bad_request("CreatePost", "api.context.invalid_body_param.app_error")
        return self._create_post(post, True)

    def _create_post(self, post: Post, from_plugin: bool) -> Post:
        post = _copy(post)
        if from_plugin:
            post.props = {**(post.props or {}), "from_plugin": "true"}
        channel = self._channel(post.channel_id, "CreatePostMissingChannel")
        if not is_valid_id(post.user_id):
            raise bad_request("Post.IsValid", "model.post.is_valid.user_id.app_error")
        if post.root_id:
            root = self.posts.get(post.root_id)
            if root is None or root.delete_at or root.channel_id != post.channel_id or root.root_id:
                raise bad_request("createPost", "api.post.create_post.root_id.app_error")
        for _, answer in self.run_hooks("MessageWillBePosted", post=_copy(post)):
            replacement, reason = answer
            if reason:
                raise bad_request("createPost", f"Post rejected by plugin. {reason}")
            if replacement is not None:
                post = replacement
        if len(post.message) > POST_MESSAGE_MAX_RUNES:
            raise bad_request(
                "Post.IsValid",
                "model.post.is_valid.message_length.app_error",
                MaxLength=POST_MESSAGE_MAX_RUNES,
            )
        post.id = post.id if is_valid_id(post.id) and post.id not in self.posts else new_id()
        now = self._now()
        post.create_at = post.create_at or now
        post.update_at = post.create_at
        post.props = post.props if post.props is not None else {}
        self.posts[post.id] = post
        self._post_order[post.id] = self._next_seq()
        channel.last_post_at = post.create_at
        channel.total_msg_count += 1
        if not post.root_id:
            channel.total_msg_count_root += 1
            channel.last_root_post_at = post.create_at
        for file_id in post.file_ids or []:
            if file_id in self.files:
                self.files[file_id][0].post_id = post.id
        for _ in self.run_hooks("MessageHasBeenPosted", post=_copy(post)):
            pass
        return _copy(post)

    def _newest_first(self, posts: Iterable[Post]) -> list[Post]:
        return sorted(
            posts, key=lambda p: (p.create_at, self._post_order.get(p.id, 0)), reverse=True
        )

    def _post_list(self, posts: list[Post]) -> PostList:
        return PostList(order=[p.id for p in posts], posts={p.id: _copy(p) for p in posts})

    @api_method("GetPost")
    def _api_get_post(self, post_id: str) -> Post:
        return _copy(self._post(post_id, "GetSinglePost"))

    @api_method("UpdatePost")
    def _api_update_post(self, post: Post | None) -> Post:
        if post is None:
            raise bad_request("UpdatePost", "api.context.invalid_body_param.app_error")
        old = self._post(post.id, "UpdatePost")
        new = _copy(post)
        for _, answer in self.run_hooks(
            "MessageWillBeUpdated", new_post=_copy(new), old_post=_copy(old)
        ):
            replacement, reason = answer
            if reason:
                raise bad_request("UpdatePost", f"Post rejected by plugin. {reason}")
            if replacement is not None:
                new = replacement
        updated = _copy(old)
        now = self._now()
        if new.message != old.message:
            updated.message = new.message
            updated.edit_at = now
        updated.props = new.props
        updated.file_ids = new.file_ids
        updated.is_pinned = new.is_pinned
        updated.has_reactions = old.has_reactions
        updated.update_at = now
        self.posts[updated.id] = updated
        for _ in self.run_hooks(
            "MessageHasBeenUpdated", new_post=_copy(updated), old_post=_copy(old)
        ):
            pass
        return _copy(updated)

    @api_method("DeletePost")
    def _api_delete_post(self, post_id: str) -> None:
        post = self._post(post_id, "DeletePost")
        now = self._now()
        post.delete_at = post.update_at = now
        if not post.root_id:
            for reply in self.posts.values():
                if reply.root_id == post.id and not reply.delete_at:
                    reply.delete_at = reply.update_at = now
        for _ in self.run_hooks("MessageHasBeenDeleted", post=_copy(post)):
            pass

    @api_method("GetPostThread")
    def _api_get_post_thread(self, post_id: str) -> PostList:
        post = self._post(post_id, "GetPostThread")
        root_id = post.root_id or post.id
        thread = [
            p
            for p in self.posts.values()
            if not p.delete_at and (p.id == root_id or p.root_id == root_id)
        ]
        return self._post_list(self._newest_first(thread))

    @api_method("GetPostsForChannel")
    def _api_get_posts_for_channel(self, channel_id: str, page: int, per_page: int) -> PostList:
        self._channel(channel_id, "GetPostsForChannel")
        posts = [p for p in self.posts.values() if p.channel_id == channel_id and not p.delete_at]
        return self._post_list(_page(self._newest_first(posts), page, per_page))

    @api_method("GetPostsSince")
    def _api_get_posts_since(self, channel_id: str, time: int) -> PostList:
        self._channel(channel_id, "GetPostsSince")
        posts = [
            p for p in self.posts.values() if p.channel_id == channel_id and p.update_at > time
        ]
        return self._post_list(self._newest_first(posts))

    @api_method("SendEphemeralPost")
    def _api_send_ephemeral_post(self, user_id: str, post: Post | None) -> Post:
        post = _copy(post) if post is not None else Post()
        post.type = "ephemeral"
        post.id = post.id or new_id()
        post.create_at = post.create_at or self._now()
        post.props = post.props if post.props is not None else {}
        self.ephemeral_posts.append(EphemeralPost(user_id, _copy(post), "sent"))
        return post

    @api_method("UpdateEphemeralPost")
    def _api_update_ephemeral_post(self, user_id: str, post: Post | None) -> Post:
        post = _copy(post) if post is not None else Post()
        post.type = "ephemeral"
        post.update_at = self._now()
        self.ephemeral_posts.append(EphemeralPost(user_id, _copy(post), "updated"))
        return post

    @api_method("DeleteEphemeralPost")
    def _api_delete_ephemeral_post(self, user_id: str, post_id: str) -> None:
        self.ephemeral_posts.append(EphemeralPost(user_id, Post(id=post_id), "deleted"))

    # ================================================================ reactions

    @api_method("AddReaction")
    def _api_add_reaction(self, reaction: Reaction | None) -> Reaction:
        if reaction is None:
            raise bad_request("SaveReactionForPost", "api.context.invalid_body_param.app_error")
        post = self._post(reaction.post_id, "GetSinglePost")
        if not is_valid_id(reaction.user_id):
            raise bad_request("Reaction.IsValid", "model.reaction.is_valid.user_id.app_error")
        if not reaction.emoji_name or len(reaction.emoji_name) > 64:
            raise bad_request("Reaction.IsValid", "model.reaction.is_valid.emoji_name.app_error")
        saved = _copy(reaction)
        saved.channel_id = post.channel_id
        for existing in self.reactions:
            if (existing.user_id, existing.post_id, existing.emoji_name) == (
                saved.user_id,
                saved.post_id,
                saved.emoji_name,
            ):
                return _copy(existing)
        saved.create_at = saved.update_at = self._now()
        saved.delete_at = 0
        self.reactions.append(saved)
        post.has_reactions = True
        for _ in self.run_hooks("ReactionHasBeenAdded", reaction=_copy(saved)):
            pass
        return _copy(saved)

    @api_method("RemoveReaction")
    def _api_remove_reaction(self, reaction: Reaction | None) -> None:
        if reaction is None:
            raise bad_request("DeleteReactionForPost", "api.context.invalid_body_param.app_error")
        post = self._post(reaction.post_id, "GetSinglePost")
        key = (reaction.user_id, reaction.post_id, reaction.emoji_name)
        kept = [r for r in self.reactions if (r.user_id, r.post_id, r.emoji_name) != key]
        removed = len(kept) != len(self.reactions)
        self.reactions = kept
        post.has_reactions = any(r.post_id == post.id for r in kept)
        if removed:
            for _ in self.run_hooks("ReactionHasBeenRemoved", reaction=_copy(reaction)):
                pass

    @api_method("GetReactions")
    def _api_get_reactions(self, post_id: str) -> list[Reaction] | None:
        # no reactions: the server answers a nil slice (JSON null), i.e. None
        return [_copy(r) for r in self.reactions if r.post_id == post_id] or None

    # ================================================================ files

    def _file(self, file_id: str, where: str) -> tuple[FileInfo, bytes]:
        entry = self.files.get(file_id)
        if entry is None or entry[0].delete_at:
            raise not_found(where, "app.file_info.get.app_error", f"file_id={file_id}")
        return entry

    @api_method("UploadFile")
    def _api_upload_file(self, data: bytes | None, channel_id: str, filename: str) -> FileInfo:
        self._channel(channel_id, "GetChannel")
        content = data or b""
        name = filename.replace("\\", "/").rsplit("/", 1)[-1]
        extension = name.rpartition(".")[2].lower() if "." in name else ""
        mime = mimetypes.guess_type(name)[0] or ""
        info = FileInfo(
            id=new_id(),
            creator_id="nouser",  # what the server records for plugin uploads
            channel_id="",  # a plugin upload is attached to no channel until a post uses it
            name=name,
            extension=extension,
            size=len(content),
            mime_type=mime,
            create_at=self._now(),
        )
        info.update_at = info.create_at
        self.files[info.id] = (info, content)
        return _copy(info)

    @api_method("GetFile")
    def _api_get_file(self, file_id: str) -> bytes:
        return self._file(file_id, "GetFile")[1]

    @api_method("GetFileInfo")
    def _api_get_file_info(self, file_id: str) -> FileInfo:
        return _copy(self._file(file_id, "GetFileInfo")[0])

    @api_method("GetFileInfos")
    def _api_get_file_infos(
        self, page: int, per_page: int, opt: GetFileInfosOptions | None
    ) -> list[FileInfo]:
        infos = [info for info, _ in self.files.values()]
        if opt is not None:
            if opt.channel_ids:
                infos = [i for i in infos if i.channel_id in opt.channel_ids]
            if opt.user_ids:
                infos = [i for i in infos if i.creator_id in opt.user_ids]
            if not opt.include_deleted:
                infos = [i for i in infos if not i.delete_at]
        infos.sort(key=lambda i: i.create_at)
        return [_copy(i) for i in _page(infos, page, per_page)]

    # ================================================================ KV store

    def _kv_live(self, key: str) -> bytes | None:
        entry = self.kv.get(key)
        if entry is None:
            return None
        value, expire_at = entry
        if expire_at and expire_at <= self._now():
            return None
        return value

    def _check_kv_key(self, key: str) -> None:
        if not key or len(key) > KV_KEY_MAX_RUNES:
            raise bad_request(
                "PluginKeyValue.IsValid",
                "model.plugin_key_value.is_valid.key.app_error",
                f"key={key}",
                Max=KV_KEY_MAX_RUNES,
                Min=0,
            )

    def _kv_expire_at(self, seconds: int) -> int:
        return self._now() + seconds * 1000 if seconds else 0

    @api_method("KVSet")
    def _api_kv_set(self, key: str, value: bytes | None) -> None:
        self._api_kv_set_with_options(key, value, PluginKVSetOptions())

    @api_method("KVSetWithExpiry")
    def _api_kv_set_with_expiry(
        self, key: str, value: bytes | None, expire_in_seconds: int
    ) -> None:
        self._api_kv_set_with_options(
            key, value, PluginKVSetOptions(expire_in_seconds=expire_in_seconds)
        )

    @api_method("KVCompareAndSet")
    def _api_kv_compare_and_set(
        self, key: str, old_value: bytes | None, new_value: bytes | None
    ) -> bool:
        return self._api_kv_set_with_options(
            key, new_value, PluginKVSetOptions(atomic=True, old_value=old_value)
        )

    @api_method("KVSetWithOptions")
    def _api_kv_set_with_options(
        self, key: str, value: bytes | None, options: PluginKVSetOptions | None
    ) -> bool:
        opts = options or PluginKVSetOptions()
        if not opts.atomic and opts.old_value is not None:
            raise bad_request(
                "PluginKVSetOptions.IsValid",
                "model.plugin_kvset_options.is_valid.old_value.app_error",
            )
        self._check_kv_key(key)
        expire_at = self._kv_expire_at(opts.expire_in_seconds)
        if not opts.atomic:
            if value is None:  # setting nil is deleting
                self.kv.pop(key, None)
            else:
                self.kv[key] = (bytes(value), expire_at)
            return True
        if value is None:
            return self._api_kv_compare_and_delete(key, opts.old_value)
        current = self._kv_live(key)
        if opts.old_value is None:  # only if absent (an expired value counts as absent)
            if current is not None:
                return False
        elif current is None or current != opts.old_value:
            return False
        self.kv[key] = (bytes(value), expire_at)
        return True

    @api_method("KVCompareAndDelete")
    def _api_kv_compare_and_delete(self, key: str, old_value: bytes | None) -> bool:
        self._check_kv_key(key)
        if old_value is None:  # nil can't be stored: nothing to compare with
            return False
        if self._kv_live(key) != old_value:
            return False
        del self.kv[key]
        return True

    @api_method("KVGet")
    def _api_kv_get(self, key: str) -> bytes | None:
        return self._kv_live(key)

    @api_method("KVDelete")
    def _api_kv_delete(self, key: str) -> None:
        self.kv.pop(key, None)

    @api_method("KVDeleteAll")
    def _api_kv_delete_all(self) -> None:
        self.kv.clear()

    @api_method("KVList")
    def _api_kv_list(self, page: int, per_page: int) -> list[str]:
        limit = per_page if per_page > 0 else KV_DEFAULT_LIST_LIMIT
        offset = max(page * per_page, 0)
        keys = sorted(k for k in self.kv if self._kv_live(k) is not None)
        return keys[offset : offset + limit]

    # ================================================================ bots

    def _bot(self, bot_user_id: str, include_deleted: bool, where: str) -> Bot:
        bot = self.bots.get(bot_user_id)
        if bot is None or (bot.delete_at and not include_deleted):
            raise not_found(
                "SqlBotStore.Get", "store.sql_bot.get.missing.app_error", f"user_id={bot_user_id}"
            )
        return bot

    @api_method("CreateBot")
    def _api_create_bot(self, bot: Bot | None) -> Bot:
        if bot is None:
            raise bad_request("CreateBot", "api.context.invalid_body_param.app_error")
        bot = _copy(bot)
        bot.owner_id = bot.owner_id or self.plugin_id
        owner = self.users.get(bot.owner_id)
        if owner is not None and owner.is_bot:
            raise bad_request("CreateBot", "plugin_api.bot_cant_create_bot")
        name = bot.username.lower()
        if not (1 <= len(name) <= 64 and _USERNAME.match(name)) or name in _RESERVED_USERNAMES:
            raise bad_request("Bot.IsValid", "model.bot.is_valid.username.app_error")
        if any(u.username == name for u in self.users.values()):
            raise bad_request("CreateBot", "app.user.save.username_exists.app_error")
        now = self._now()
        user = User(
            id=new_id(),
            username=name,
            email=f"{name}@localhost",
            nickname=bot.display_name,
            first_name=bot.display_name,
            roles="system_user",
            is_bot=True,
            bot_description=bot.description,
            create_at=now,
            update_at=now,
            locale="en",
        )
        self.users[user.id] = user
        bot.user_id, bot.username = user.id, name
        bot.create_at = bot.update_at = now
        bot.delete_at = 0
        self.bots[user.id] = bot
        return _copy(bot)

    @api_method("GetBot")
    def _api_get_bot(self, bot_user_id: str, include_deleted: bool) -> Bot:
        return _copy(self._bot(bot_user_id, include_deleted, "GetBot"))

    @api_method("GetBots")
    def _api_get_bots(self, options: BotGetOptions | None) -> list[Bot]:
        opts = options or BotGetOptions(per_page=200)
        bots = sorted(self.bots.values(), key=lambda b: b.username)
        if opts.owner_id:
            bots = [b for b in bots if b.owner_id == opts.owner_id]
        if not opts.include_deleted:
            bots = [b for b in bots if not b.delete_at]
        if opts.only_orphaned:
            bots = [b for b in bots if b.owner_id not in self.users]
        return [_copy(b) for b in _page(bots, opts.page, opts.per_page or 200)]

    @api_method("PatchBot")
    def _api_patch_bot(self, bot_user_id: str, bot_patch: BotPatch | None) -> Bot:
        bot = self._bot(bot_user_id, True, "PatchBot")
        patch = bot_patch or BotPatch()
        user = self.users[bot_user_id]
        if patch.username is not None:
            name = patch.username.lower()
            if any(u.username == name and u.id != bot_user_id for u in self.users.values()):
                raise bad_request("PatchBot", "app.user.save.username_exists.app_error")
            bot.username = user.username = name
        if patch.display_name is not None:
            bot.display_name = user.first_name = user.nickname = patch.display_name
        if patch.description is not None:
            bot.description = user.bot_description = patch.description
        bot.update_at = user.update_at = self._now()
        return _copy(bot)

    @api_method("UpdateBotActive")
    def _api_update_bot_active(self, bot_user_id: str, active: bool) -> Bot:
        bot = self._bot(bot_user_id, True, "UpdateBotActive")
        now = self._now()
        bot.delete_at = 0 if active else now
        bot.update_at = now
        self.users[bot_user_id].delete_at = bot.delete_at
        return _copy(bot)

    @api_method("PermanentDeleteBot")
    def _api_permanent_delete_bot(self, bot_user_id: str) -> None:
        self._bot(bot_user_id, True, "PermanentDeleteBot")
        del self.bots[bot_user_id]
        self.users.pop(bot_user_id, None)

    @api_method("EnsureBotUser")
    def _api_ensure_bot_user(self, bot: Bot | None) -> str:
        # app.EnsureBot: the bot's id is remembered in the plugin's KV store under "mmi_botid".
        if bot is None:
            raise plain_error("passed a nil bot")
        if not bot.username:
            raise plain_error("passed a bot with no username")
        bot = _copy(bot)
        bot.owner_id = self.plugin_id
        known = self._kv_live(BOT_ID_KEY)
        if known is not None and known.decode() in self.bots:
            bot_id = known.decode()
            try:
                self._api_patch_bot(
                    bot_id,
                    BotPatch(
                        username=bot.username,
                        display_name=bot.display_name,
                        description=bot.description,
                    ),
                )
            except AppError as exc:
                raise plain_error(f"failed to patch bot: {exc.message}") from None
            return bot_id
        for user in self.users.values():
            if user.username == bot.username:
                if user.is_bot:
                    self.kv[BOT_ID_KEY] = (user.id.encode(), 0)
                return user.id
        try:
            created = self._api_create_bot(bot)
        except AppError as exc:
            raise plain_error(f"failed to create bot: {exc.message}") from None
        self.kv[BOT_ID_KEY] = (created.user_id.encode(), 0)
        return created.user_id

    # ================================================================ slash commands

    @api_method("RegisterCommand")
    def _api_register_command(self, command: Command | None) -> None:
        if command is None or not command.trigger:
            raise plain_error("invalid command")
        stored = Command(
            trigger=command.trigger.lower(),
            team_id=command.team_id,
            auto_complete=command.auto_complete,
            auto_complete_desc=command.auto_complete_desc,
            auto_complete_hint=command.auto_complete_hint,
            display_name=command.display_name,
            description=command.description,
            autocomplete_data=command.autocomplete_data,
            autocomplete_icon_data=command.autocomplete_icon_data,
            plugin_id=self.plugin_id,
        )
        for i, existing in enumerate(self.commands):
            if (existing.trigger, existing.team_id) == (stored.trigger, stored.team_id):
                self.commands[i] = stored
                return
        self.commands.append(stored)

    @api_method("UnregisterCommand")
    def _api_unregister_command(self, team_id: str, trigger: str) -> None:
        trigger = trigger.lower()
        self.commands = [c for c in self.commands if (c.trigger, c.team_id) != (trigger, team_id)]

    @api_method("ListPluginCommands", "ListCommands")
    def _api_list_plugin_commands(self, team_id: str) -> list[Command]:
        return [_copy(c) for c in self.commands if c.team_id in ("", team_id)]

    @api_method("ExecuteSlashCommand")
    def _api_execute_slash_command(self, command_args: CommandArgs | None) -> CommandResponse:
        args = _copy(command_args) if command_args is not None else CommandArgs()
        self._user(args.user_id, "ExecuteSlashCommand")
        text = args.command.strip()
        trigger = text.split(" ", 1)[0].removeprefix("/").lower()
        if not any(c.trigger == trigger and c.team_id in ("", args.team_id) for c in self.commands):
            raise not_found(
                "command", "api.command.execute_command.not_found.app_error", Trigger=trigger
            )
        response = CommandResponse()
        for _, answer in self.run_hooks("ExecuteCommand", args=args):
            response = answer if answer is not None else CommandResponse()
            break
        else:
            if any("ExecuteCommand" in hook_handlers(type(p)) for p in self.plugins):
                raise AppError("ExecuteCommand", "model.plugin_command_error.error.app_error", 500)
        self._deliver_command_response(args, response)
        return response

    def _deliver_command_response(self, args: CommandArgs, response: CommandResponse) -> None:
        # app.HandleCommandResponse: the text is posted to the channel or sent to the user only.
        if not response.text and not response.attachments:
            return
        channel_id = response.channel_id or args.channel_id
        post = Post(channel_id=channel_id, message=response.text, root_id=args.root_id)
        if response.props:
            post.props = _copy(response.props)
        if response.response_type == "in_channel":
            post.user_id = args.user_id
            self._create_post(post, False)
        else:
            post.user_id = args.user_id
            self._api_send_ephemeral_post(args.user_id, post)

    # ================================================================ preferences

    @api_method("GetPreferencesForUser")
    def _api_get_preferences_for_user(self, user_id: str) -> list[Preference]:
        return [_copy(p) for (u, _, _), p in self.preferences.items() if u == user_id]

    @api_method("GetPreferenceForUser")
    def _api_get_preference_for_user(self, user_id: str, category: str, name: str) -> Preference:
        pref = self.preferences.get((user_id, category, name))
        if pref is None:
            raise bad_request(
                "GetPreferenceByCategoryAndNameForUser", "app.preference.get.app_error"
            )
        return _copy(pref)

    @api_method("UpdatePreferencesForUser")
    def _api_update_preferences_for_user(
        self, user_id: str, preferences: list[Preference] | None
    ) -> None:
        prefs = list(preferences or [])
        for p in prefs:
            if p.user_id != user_id:
                raise forbidden(
                    "savePreferences",
                    "api.preference.update_preferences.set.app_error",
                    f"user_id={user_id}, pref_user_id={p.user_id}",
                )
        for p in prefs:
            self.preferences[(user_id, p.category, p.name)] = _copy(p)
        if prefs:
            for _ in self.run_hooks("PreferencesHaveChanged", preferences=_copy(prefs)):
                pass

    @api_method("DeletePreferencesForUser")
    def _api_delete_preferences_for_user(
        self, user_id: str, preferences: list[Preference] | None
    ) -> None:
        for p in preferences or []:
            if p.user_id != user_id:
                raise forbidden(
                    "DeletePreferences",
                    "api.preference.delete_preferences.delete.app_error",
                    f"user_id={user_id}, pref_user_id={p.user_id}",
                )
        for p in preferences or []:
            self.preferences.pop((user_id, p.category, p.name), None)
