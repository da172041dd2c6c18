"""API scenarios kept as data, to run against the fake *and* a real server.

Each :class:`Scenario` is a list of API calls (Python method names of
:class:`~mattermost_plugin.PluginAPI`) with the answers a Mattermost server gives: values, or
errors by status and error id. :func:`run_scenario` drives any ``PluginAPI``: the one of a
:class:`~mattermost_plugin.testing.FakeMattermost` (``sdk/tests/test_testing_scenarios.py``)
or ``self.api`` of a plugin running on a real server (inside the mmpy host), so the fake is
kept honest by running the same suite on both.

The environment a scenario needs (``{"user": ..., "other_user": ..., "team": ...,
"channel": ..., "prefix": ...}``) is made by the runner's side: :func:`fake_environment` on
the fake; on a real server, the harness creates them through the REST API and passes their ids.
``Wait(seconds)`` steps call the runner's ``wait`` (the fake's clock, or real sleeping).
"""

from __future__ import annotations

import select
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mattermost_plugin._api import PluginAPI
from mattermost_plugin._errors import PluginAPIError
from mattermost_plugin.models import Bot, Post, Preference, Reaction

__all__ = [
    "SCENARIOS",
    "Expect",
    "Fails",
    "Make",
    "Ref",
    "Scenario",
    "ScenarioResult",
    "Step",
    "Wait",
    "fake_environment",
    "real_wait",
    "run_all",
    "run_scenario",
]


@dataclass(frozen=True)
class Ref:
    """A value from the environment or from an earlier step's saved result: ``Ref("user.id")``
    (dotted attribute / key path; a ``{}`` in a string ref is the environment's ``prefix``)."""

    path: str


@dataclass(frozen=True)
class Make:
    """A model built when the step runs, from fields that may hold refs:
    ``Make(Reaction, user_id=Ref("user.id"), ...)``."""

    cls: type[Any]
    fields: Mapping[str, Any]

    def __init__(self, cls: type[Any], /, **fields: Any) -> None:
        object.__setattr__(self, "cls", cls)
        object.__setattr__(self, "fields", fields)


@dataclass(frozen=True)
class Fails:
    """The call must raise a ``PluginAPIError`` with this HTTP status (and error id)."""

    status: int
    error_id: str = ""


@dataclass(frozen=True)
class Expect:
    """Checks on a result: ``equals`` (compared after resolving refs), ``fields`` (attribute
    path -> expected value) and ``length``."""

    equals: Any = None
    fields: Mapping[str, Any] = field(default_factory=dict)
    length: int | None = None
    is_none: bool = False


@dataclass(frozen=True)
class Step:
    """One API call: ``method`` (``PluginAPI`` Python name), arguments (refs resolved),
    what it must answer (``expect``: :class:`Expect`, :class:`Fails` or ``None`` for no
    check), and a name to ``save`` the result under for later steps."""

    method: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    expect: Expect | Fails | None = None
    save: str = ""


@dataclass(frozen=True)
class Wait:
    """Let ``seconds`` pass (on the fake: its clock moves; on a server: real time)."""

    seconds: float


@dataclass(frozen=True)
class Scenario:
    """A named sequence of steps with the server behaviour it pins down (``about``)."""

    name: str
    about: str
    steps: tuple[Step | Wait, ...]


@dataclass
class ScenarioResult:
    """The outcome of one scenario: ``ok``, or the failing step and why."""

    name: str
    ok: bool
    step: int = -1
    detail: str = ""


class ScenarioFailed(AssertionError):
    """A step did not answer what the scenario expects."""


def _lookup(path: str, env: Mapping[str, Any]) -> Any:
    head, *rest = path.split(".")
    if head not in env:
        raise KeyError(f"scenario reference {path!r}: {head!r} is not in the environment")
    value = env[head]
    for part in rest:
        value = value[part] if isinstance(value, Mapping) else getattr(value, part)
    return value


def _resolve(value: Any, env: Mapping[str, Any]) -> Any:
    if isinstance(value, Ref):
        return _lookup(value.path, env)
    if isinstance(value, str) and "{}" in value:
        return value.replace("{}", str(env.get("prefix", "")))
    if isinstance(value, bytes) and b"{}" in value:
        return value.replace(b"{}", str(env.get("prefix", "")).encode())
    if isinstance(value, list | tuple):
        return type(value)(_resolve(v, env) for v in value)
    if isinstance(value, dict):
        return {k: _resolve(v, env) for k, v in value.items()}
    if isinstance(value, Make):
        return value.cls(**{k: _resolve(v, env) for k, v in value.fields.items()})
    return value


def _field(value: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(value, Mapping):
            value = value[part]
        elif isinstance(value, list) and part.isdigit():
            value = value[int(part)]
        else:
            value = getattr(value, part)
    return value


def _check(step: Step, result: Any, env: Mapping[str, Any]) -> None:
    expect = step.expect
    if not isinstance(expect, Expect):
        return
    if expect.is_none and result is not None:
        raise ScenarioFailed(f"{step.method} answered {result!r}, expected None")
    if expect.equals is not None and result != _resolve(expect.equals, env):
        raise ScenarioFailed(
            f"{step.method} answered {result!r}, expected {_resolve(expect.equals, env)!r}"
        )
    if expect.length is not None and len(result) != expect.length:
        raise ScenarioFailed(
            f"{step.method} answered {len(result)} items, expected {expect.length}"
        )
    for path, wanted in expect.fields.items():
        got = _field(result, path)
        want = _resolve(wanted, env)
        if got != want:
            raise ScenarioFailed(f"{step.method}: {path} is {got!r}, expected {want!r}")


def run_scenario(
    scenario: Scenario,
    api: PluginAPI,
    env: Mapping[str, Any],
    wait: Callable[[float], None],
) -> ScenarioResult:
    """Run ``scenario`` with ``api`` (raising nothing: the result says what failed)."""
    saved: dict[str, Any] = dict(env)
    for i, step in enumerate(scenario.steps):
        try:
            if isinstance(step, Wait):
                wait(step.seconds)
                continue
            method = getattr(api, step.method)
            args = _resolve(step.args, saved)
            kwargs = _resolve(dict(step.kwargs), saved)
            try:
                result = method(*args, **kwargs)
            except PluginAPIError as exc:
                expect = step.expect
                if not isinstance(expect, Fails):
                    raise ScenarioFailed(f"{step.method} raised {exc!r}") from exc
                if exc.status_code != expect.status or (
                    expect.error_id and exc.error_id != expect.error_id
                ):
                    raise ScenarioFailed(
                        f"{step.method} raised status {exc.status_code} {exc.error_id!r}, "
                        f"expected {expect.status} {expect.error_id!r}"
                    ) from exc
                continue
            if isinstance(step.expect, Fails):
                raise ScenarioFailed(
                    f"{step.method} answered {result!r}, expected an error "
                    f"{step.expect.status} {step.expect.error_id!r}"
                )
            _check(step, result, saved)
            if step.save:
                saved[step.save] = result
        except Exception as exc:
            return ScenarioResult(scenario.name, False, i, f"{type(exc).__name__}: {exc}")
    return ScenarioResult(scenario.name, True)


def run_all(
    api: PluginAPI,
    env: Mapping[str, Any],
    wait: Callable[[float], None],
    scenarios: Sequence[Scenario] | None = None,
) -> list[ScenarioResult]:
    """Run every scenario (default: :data:`SCENARIOS`) and return their results."""
    return [
        run_scenario(s, api, env, wait) for s in (SCENARIOS if scenarios is None else scenarios)
    ]


def real_wait(seconds: float) -> None:
    """Sleep for real (``select``, which also works in the WASI guest, unlike ``time.sleep``)."""
    select.select([], [], [], seconds)


def fake_environment(fake: Any) -> dict[str, Any]:
    """The environment the scenarios need, created on a ``FakeMattermost``: two users in a
    team and a channel, and a ``prefix`` for KV keys."""
    user = fake.add_user()
    other = fake.add_user()
    team = fake.add_team()
    channel = fake.add_channel(team.id, members=[user.id, other.id])
    return {"user": user, "other_user": other, "team": team, "channel": channel, "prefix": "s-"}


# ---------------------------------------------------------------- the suite

MISSING_ID = "a" * 26  # a well-formed id no object has

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "kv_set_get_delete",
        "KVSet stores bytes; KVGet answers them, or nil once deleted",
        (
            Step("kv_set", ("{}k", b"v1")),
            Step("kv_get", ("{}k",), expect=Expect(equals=b"v1")),
            Step("kv_delete", ("{}k",)),
            Step("kv_get", ("{}k",), expect=Expect(is_none=True)),
            Step("kv_delete", ("{}k",)),  # deleting an absent key is not an error
        ),
    ),
    Scenario(
        "kv_atomic_insert_if_absent",
        "KVSetWithOptions atomic with a nil old value stores only if the key is absent",
        (
            Step("kv_delete", ("{}lock",)),
            Step("kv_set_json", ("{}lock", "a"), {"atomic": True}, expect=Expect(equals=True)),
            Step("kv_set_json", ("{}lock", "b"), {"atomic": True}, expect=Expect(equals=False)),
            Step("kv_get_json", ("{}lock",), expect=Expect(equals="a")),
        ),
    ),
    Scenario(
        "kv_compare_and_set",
        "KVCompareAndSet replaces only the expected current value",
        (
            Step("kv_set", ("{}cas", b"1")),
            Step("kv_compare_and_set", ("{}cas", b"0", b"2"), expect=Expect(equals=False)),
            Step("kv_compare_and_set", ("{}cas", b"1", b"2"), expect=Expect(equals=True)),
            Step("kv_get", ("{}cas",), expect=Expect(equals=b"2")),
            Step("kv_compare_and_delete", ("{}cas", b"1"), expect=Expect(equals=False)),
            Step("kv_compare_and_delete", ("{}cas", b"2"), expect=Expect(equals=True)),
            Step("kv_get", ("{}cas",), expect=Expect(is_none=True)),
        ),
    ),
    Scenario(
        "kv_expiry",
        "a key set with an expiry disappears from KVGet and KVList after it, and counts as "
        "absent for an atomic insert",
        (
            Step("kv_delete_all"),
            Step("kv_set_with_expiry", ("{}tmp", b"x", 1)),
            Step("kv_get", ("{}tmp",), expect=Expect(equals=b"x")),
            Wait(2),
            Step("kv_get", ("{}tmp",), expect=Expect(is_none=True)),
            Step("kv_list", (0, 100), expect=Expect(equals=[])),
            Step("kv_set_json", ("{}tmp", 1), {"atomic": True}, expect=Expect(equals=True)),
        ),
    ),
    Scenario(
        "kv_list_paging",
        "KVList pages through the keys in key order",
        (
            Step("kv_delete_all"),
            *(Step("kv_set", (f"{{}}{i}", b"x")) for i in range(5)),
            Step("kv_list", (0, 2), expect=Expect(equals=["{}0", "{}1"])),
            Step("kv_list", (1, 2), expect=Expect(equals=["{}2", "{}3"])),
            Step("kv_list", (2, 2), expect=Expect(equals=["{}4"])),
            Step("kv_list", (3, 2), expect=Expect(equals=[])),
            Step("kv_delete_all"),
            Step("kv_list", (0, 100), expect=Expect(equals=[])),
        ),
    ),
    Scenario(
        "kv_invalid",
        "an empty key, or an old value without atomic, is refused with 400",
        (
            Step(
                "kv_set",
                ("", b"x"),
                expect=Fails(400, "model.plugin_key_value.is_valid.key.app_error"),
            ),
            Step(
                "kv_set_json",
                ("{}k", 1),
                {"old_value": 0},
                expect=Fails(400, "model.plugin_kvset_options.is_valid.old_value.app_error"),
            ),
        ),
    ),
    Scenario(
        "missing_objects",
        "unknown ids answer 404 with the server's error ids",
        (
            Step("get_user", (MISSING_ID,), expect=Fails(404, "app.user.missing_account.const")),
            Step(
                "get_user_by_username",
                ("no-such-user-{}",),
                expect=Fails(404, "app.user.get_by_username.app_error"),
            ),
            Step("get_team", (MISSING_ID,), expect=Fails(404, "app.team.get.find.app_error")),
            Step(
                "get_channel",
                (MISSING_ID,),
                expect=Fails(404, "app.channel.get.existing.app_error"),
            ),
            Step("get_post", (MISSING_ID,), expect=Fails(404, "app.post.get.app_error")),
            Step(
                "get_channel_member",
                (Ref("channel.id"), MISSING_ID),
                expect=Fails(404, "app.channel.get_member.missing.app_error"),
            ),
            Step("get_file_info", (MISSING_ID,), expect=Fails(404, "app.file_info.get.app_error")),
        ),
    ),
    Scenario(
        "users_and_members",
        "users, team and channel membership read back as created",
        (
            Step(
                "get_user",
                (Ref("user.id"),),
                expect=Expect(fields={"username": Ref("user.username")}),
            ),
            Step(
                "get_user_by_username",
                (Ref("user.username"),),
                expect=Expect(fields={"id": Ref("user.id")}),
            ),
            Step(
                "get_channel_member",
                (Ref("channel.id"), Ref("user.id")),
                expect=Expect(fields={"user_id": Ref("user.id"), "channel_id": Ref("channel.id")}),
            ),
            Step(
                "get_team_member",
                (Ref("team.id"), Ref("user.id")),
                expect=Expect(fields={"team_id": Ref("team.id")}),
            ),
            Step(
                "get_channel_by_name",
                (Ref("team.id"), Ref("channel.name"), False),
                expect=Expect(fields={"id": Ref("channel.id")}),
            ),
        ),
    ),
    Scenario(
        "posts_and_threads",
        "a post reads back with from_plugin set; a reply joins its root's thread; a reply to "
        "an unknown root is refused",
        (
            Step(
                "create_post",
                kwargs={
                    "channel_id": Ref("channel.id"),
                    "user_id": Ref("user.id"),
                    "message": "root",
                },
                save="root",
            ),
            Step(
                "get_post",
                (Ref("root.id"),),
                expect=Expect(fields={"message": "root", "props.from_plugin": "true"}),
            ),
            Step(
                "create_post",
                kwargs={
                    "channel_id": Ref("channel.id"),
                    "user_id": Ref("other_user.id"),
                    "message": "reply",
                    "root_id": Ref("root.id"),
                },
                save="reply",
            ),
            Step(
                "get_post_thread",
                (Ref("reply.id"),),
                expect=Expect(fields={"order.0": Ref("reply.id"), "order.1": Ref("root.id")}),
            ),
            Step(
                "create_post",
                (Post(channel_id="", user_id="", message="orphan"),),
                expect=Fails(404, "app.channel.get.existing.app_error"),
            ),
            Step(
                "create_post",
                kwargs={
                    "channel_id": Ref("channel.id"),
                    "user_id": Ref("user.id"),
                    "message": "orphan",
                    "root_id": MISSING_ID,
                },
                expect=Fails(400, "api.post.create_post.root_id.app_error"),
            ),
            Step("delete_post", (Ref("root.id"),)),
            Step("get_post", (Ref("root.id"),), expect=Fails(404, "app.post.get.app_error")),
        ),
    ),
    Scenario(
        "reactions",
        "a reaction is stored once per user, post and emoji, and removed",
        (
            Step(
                "create_post",
                kwargs={"channel_id": Ref("channel.id"), "user_id": Ref("user.id"), "message": "r"},
                save="post",
            ),
            Step(
                "add_reaction",
                (
                    Make(
                        Reaction,
                        user_id=Ref("other_user.id"),
                        post_id=Ref("post.id"),
                        emoji_name="smile",
                    ),
                ),
                expect=Expect(fields={"emoji_name": "smile", "post_id": Ref("post.id")}),
            ),
            Step(
                "add_reaction",
                (
                    Make(
                        Reaction,
                        user_id=Ref("other_user.id"),
                        post_id=Ref("post.id"),
                        emoji_name="smile",
                    ),
                ),
            ),
            Step("get_reactions", (Ref("post.id"),), expect=Expect(length=1)),
            Step("get_post", (Ref("post.id"),), expect=Expect(fields={"has_reactions": True})),
            Step(
                "remove_reaction",
                (
                    Make(
                        Reaction,
                        user_id=Ref("other_user.id"),
                        post_id=Ref("post.id"),
                        emoji_name="smile",
                    ),
                ),
            ),
            # no reactions left: the server answers a nil slice (None)
            Step("get_reactions", (Ref("post.id"),), expect=Expect(is_none=True)),
            Step(
                "add_reaction",
                (Make(Reaction, user_id=Ref("user.id"), post_id=MISSING_ID, emoji_name="smile"),),
                expect=Fails(404, "app.post.get.app_error"),
            ),
        ),
    ),
    Scenario(
        "files",
        "an uploaded file reads back with its name, size and content",
        (
            Step(
                "upload_file",
                (b"hello file", Ref("channel.id"), "notes.txt"),
                expect=Expect(fields={"name": "notes.txt", "size": 10, "extension": "txt"}),
                save="info",
            ),
            Step("get_file", (Ref("info.id"),), expect=Expect(equals=b"hello file")),
            Step(
                "get_file_info",
                (Ref("info.id"),),
                # a plugin upload belongs to no channel until a post attaches it
                expect=Expect(fields={"name": "notes.txt", "size": 10, "channel_id": ""}),
            ),
        ),
    ),
    Scenario(
        "bots",
        "EnsureBotUser creates the bot once and answers the same id afterwards",
        (
            Step(
                "ensure_bot_user",
                (Make(Bot, username="{}scenario-bot", display_name="S"),),
                save="bot_id",
            ),
            Step(
                "ensure_bot_user",
                (Make(Bot, username="{}scenario-bot", display_name="S"),),
                expect=Expect(equals=Ref("bot_id")),
            ),
            Step(
                "get_bot",
                (Ref("bot_id"), False),
                expect=Expect(fields={"username": "{}scenario-bot"}),
            ),
            Step("get_user", (Ref("bot_id"),), expect=Expect(fields={"is_bot": True})),
        ),
    ),
    Scenario(
        "direct_channels",
        "GetDirectChannel creates one D channel per pair and answers it again",
        (
            Step(
                "get_direct_channel",
                (Ref("user.id"), Ref("other_user.id")),
                expect=Expect(fields={"type": "D"}),
                save="dm",
            ),
            Step(
                "get_direct_channel",
                (Ref("other_user.id"), Ref("user.id")),
                expect=Expect(fields={"id": Ref("dm.id")}),
            ),
            Step(
                "get_direct_channel",
                (Ref("user.id"), MISSING_ID),
                expect=Fails(400, "api.channel.create_direct_channel.invalid_user.app_error"),
            ),
        ),
    ),
    Scenario(
        "preferences",
        "preferences read back and are deleted; a preference of another user is refused",
        (
            Step(
                "update_preferences_for_user",
                (
                    Ref("user.id"),
                    [Make(Preference, user_id=Ref("user.id"), category="{}c", name="n", value="1")],
                ),
            ),
            Step(
                "get_preference_for_user",
                (Ref("user.id"), "{}c", "n"),
                expect=Expect(fields={"value": "1"}),
            ),
            Step(
                "update_preferences_for_user",
                (
                    Ref("user.id"),
                    [
                        Make(
                            Preference,
                            user_id=Ref("other_user.id"),
                            category="{}c",
                            name="n",
                            value="2",
                        )
                    ],
                ),
                expect=Fails(403),
            ),
            Step(
                "delete_preferences_for_user",
                (
                    Ref("user.id"),
                    [Make(Preference, user_id=Ref("user.id"), category="{}c", name="n")],
                ),
            ),
            Step(
                "get_preference_for_user",
                (Ref("user.id"), "{}c", "n"),
                expect=Fails(400, "app.preference.get.app_error"),
            ),
        ),
    ),
)
