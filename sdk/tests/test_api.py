"""PluginAPI: each method over the fake host, argument checks, error mapping."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from fakehost import FakeHost, hook_call, js, unjs
from mattermost_plugin import (
    AlreadyExistsError,
    Command,
    HookName,
    HTTPRequest,
    HTTPResponse,
    NotFoundError,
    PermissionDeniedError,
    Plugin,
    PluginAPI,
    PluginAPIError,
    Post,
    UnavailableError,
    User,
    ValidationError,
    hook,
)
from mattermost_plugin._abi import mmpy_pb2 as pb
from mattermost_plugin._abi import plugin_pb2 as ppb
from mattermost_plugin.models import PluginKVSetOptions, Preference
from mattermost_plugin.server import serve


def in_hook(host: FakeHost, body: Callable[[PluginAPI], Any]) -> Any:
    """Run ``body(api)`` inside an OnActivate handler served by ``host``; return its value or
    re-raise its exception (the hook itself always succeeds)."""
    outcome: dict[str, Any] = {}

    class Probe(Plugin):
        @hook(HookName.OnActivate)
        def on_activate(self) -> None:
            try:
                outcome["value"] = body(self.api)
            except BaseException as exc:
                outcome["error"] = exc

    host.queue.append(hook_call("OnActivate"))
    serve(Probe, host)
    assert not host.result("OnActivate").HasField("error")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_get_server_version() -> None:
    host = FakeHost()
    host.api["GetServerVersion"] = lambda req: ppb.ApiGetServerVersionResponse(result="10.5.1")
    assert in_hook(host, lambda api: api.get_server_version()) == "10.5.1"
    assert host.calls == [("GetServerVersion", ppb.ApiGetServerVersionRequest())]


def test_get_user_returns_a_user_model() -> None:
    host = FakeHost()
    host.api["GetUser"] = lambda req: ppb.ApiGetUserResponse(
        result=js(
            {
                "id": req.user_id,
                "username": "alice",
                "email": "a@example.com",
                "roles": "system_user",
                "notify_props": {"email": "true"},
                "is_bot": False,
                "create_at": 1700000000000,
                "some_future_field": {"x": 1},
            }
        ),
    )
    user = in_hook(host, lambda api: api.get_user("u1"))
    assert isinstance(user, User)
    assert user.id == "u1"
    assert user.username == "alice"
    assert user.email == "a@example.com"
    assert user.notify_props == {"email": "true"}
    assert user.create_at == 1700000000000
    assert user.remote_id is None
    assert user._unknown == {"some_future_field": {"x": 1}}
    assert host.calls == [("GetUser", ppb.ApiGetUserRequest(user_id="u1"))]


def test_lists_of_models_and_nil_results() -> None:
    host = FakeHost()
    host.api["GetUsersByIds"] = lambda req: ppb.ApiGetUsersByIdsResponse(
        result=js([{"id": i, "username": f"user-{i}"} for i in req.user_ids]),
    )
    host.api["GetChannel"] = lambda req: ppb.ApiGetChannelResponse()  # a nil *model.Channel
    users, channel = in_hook(
        host, lambda api: (api.get_users_by_ids(("a", "b")), api.get_channel("c"))
    )
    assert users == [User(id="a", username="user-a"), User(id="b", username="user-b")]
    assert channel is None
    assert list(host.calls[0][1].user_ids) == ["a", "b"]


def _echo_post(req: ppb.ApiCreatePostRequest) -> ppb.ApiCreatePostResponse:
    post = unjs(req.post)
    return ppb.ApiCreatePostResponse(result=js({**post, "id": "new-id", "create_at": 42}))


def test_create_post_with_keywords() -> None:
    host = FakeHost()
    host.api["CreatePost"] = _echo_post
    post = in_hook(
        host,
        lambda api: api.create_post(
            channel_id="c1",
            user_id="u1",
            message="hello",
            root_id="r1",
            props={"from_bot": "true"},
            type="custom_x",
        ),
    )
    sent = unjs(host.calls[0][1].post)
    assert (sent["channel_id"], sent["user_id"], sent["message"], sent["root_id"]) == (
        "c1",
        "u1",
        "hello",
        "r1",
    )
    assert sent["type"] == "custom_x"
    assert sent["props"] == {"from_bot": "true"}
    assert "id" not in sent  # zero members are left out: Go decodes them as ""
    assert isinstance(post, Post)
    assert (post.id, post.create_at, post.message) == ("new-id", 42, "hello")
    assert post.props == {"from_bot": "true"}


def test_create_post_with_a_post() -> None:
    host = FakeHost()
    host.api["CreatePost"] = _echo_post
    post = in_hook(
        host,
        lambda api: api.create_post(Post(channel_id="c1", message="m", file_ids=["f1", "f2"])),
    )
    sent = unjs(host.calls[0][1].post)
    assert sent["file_ids"] == ["f1", "f2"]
    assert post.file_ids == ["f1", "f2"]
    assert post.id == "new-id"


def test_kv_methods() -> None:
    store: dict[str, bytes] = {}
    host = FakeHost()

    def kv_set(req: ppb.ApiKVSetRequest) -> ppb.ApiKVSetResponse:
        store[req.key] = req.value
        return ppb.ApiKVSetResponse()

    def kv_get(req: ppb.ApiKVGetRequest) -> ppb.ApiKVGetResponse:
        if req.key in store:
            return ppb.ApiKVGetResponse(result=store[req.key])
        return ppb.ApiKVGetResponse()  # result unset: nil

    def kv_delete(req: ppb.ApiKVDeleteRequest) -> ppb.ApiKVDeleteResponse:
        store.pop(req.key, None)
        return ppb.ApiKVDeleteResponse()

    def kv_list(req: ppb.ApiKVListRequest) -> ppb.ApiKVListResponse:
        keys = sorted(store)[req.page * req.per_page : (req.page + 1) * req.per_page]
        return ppb.ApiKVListResponse(result=keys)

    host.api.update(KVSet=kv_set, KVGet=kv_get, KVDelete=kv_delete, KVList=kv_list)

    def body(api: PluginAPI) -> Any:
        api.kv_set("text", "héllo")
        api.kv_set("raw", b"\x00\xff")
        api.kv_set("empty", b"")
        api.kv_set("view", memoryview(b"mv"))
        got = (api.kv_get("text"), api.kv_get("raw"), api.kv_get("empty"), api.kv_get("nope"))
        page0 = api.kv_list(0, 2)
        page1 = api.kv_list(page=1, per_page=2)
        everything = api.kv_list()
        prefixed = list(api.kv_list_prefix("e", per_page=1))  # pages through every key
        api.kv_delete("raw")
        return got, page0, page1, everything, prefixed, api.kv_get("raw")

    got, page0, page1, everything, prefixed, deleted = in_hook(host, body)
    assert got == ("héllo".encode(), b"\x00\xff", b"", None)  # empty value != absent
    assert page0 == ["empty", "raw"]
    assert page1 == ["text", "view"]
    assert everything == ["empty", "raw", "text", "view"]
    assert prefixed == ["empty"]
    assert deleted is None
    assert ("KVList", ppb.ApiKVListRequest(page=0, per_page=100)) in host.calls
    assert store["view"] == b"mv"


def test_kv_json_helpers() -> None:
    store: dict[str, bytes] = {}
    host = FakeHost()
    host.api["KVGet"] = lambda req: (
        ppb.ApiKVGetResponse(result=store[req.key]) if req.key in store else ppb.ApiKVGetResponse()
    )

    def kv_set_with_options(req: ppb.ApiKVSetWithOptionsRequest) -> Any:
        store[req.key] = req.value
        return ppb.ApiKVSetWithOptionsResponse(result=True)

    host.api["KVSetWithOptions"] = kv_set_with_options

    def body(api: PluginAPI) -> Any:
        stored = api.kv_set_json("cfg", {"n": 1, "tags": ["a"]}, expire_in_seconds=60)
        return stored, api.kv_get_json("cfg"), api.kv_get_json("absent", default={"d": 0})

    stored, value, absent = in_hook(host, body)
    assert stored is True
    assert value == {"n": 1, "tags": ["a"]}
    assert absent == {"d": 0}
    options = PluginKVSetOptions.from_dict(unjs(host.calls[0][1].options))
    assert options == PluginKVSetOptions(expire_in_seconds=60)


def test_get_plugin_config() -> None:
    host = FakeHost()
    host.api["GetPluginConfig"] = lambda req: ppb.ApiGetPluginConfigResponse(
        result=b'{"api_key": "k", "features": ["a"], "limit": 3}',
    )
    assert in_hook(host, lambda api: api.get_plugin_config()) == {
        "api_key": "k",
        "features": ["a"],
        "limit": 3,
    }


@pytest.mark.parametrize("raw", [b"", b"null"])
def test_get_plugin_config_without_settings_is_empty(raw: bytes) -> None:
    host = FakeHost()
    host.api["GetPluginConfig"] = lambda req: ppb.ApiGetPluginConfigResponse(result=raw)
    assert in_hook(host, lambda api: api.get_plugin_config()) == {}


def test_register_command_with_keywords_and_with_a_command() -> None:
    host = FakeHost()

    def body(api: PluginAPI) -> None:
        api.register_command(trigger="hello", auto_complete=True, auto_complete_desc="Say hi")
        api.register_command(Command(trigger="bye", team_id="t1"))

    in_hook(host, body)
    first, second = (Command.from_dict(unjs(r.command)) for m, r in host.calls)
    assert first == Command(trigger="hello", auto_complete=True, auto_complete_desc="Say hi")
    assert second == Command(trigger="bye", team_id="t1")


def test_ensure_bot() -> None:
    host = FakeHost()
    host.api["EnsureBotUser"] = lambda req: ppb.ApiEnsureBotUserResponse(result="bot-id")
    bot_id = in_hook(host, lambda api: api.ensure_bot("helper", display_name="Helper"))
    assert bot_id == "bot-id"
    sent = unjs(host.calls[0][1].bot)
    assert (sent["username"], sent["display_name"]) == ("helper", "Helper")


def test_log_methods_send_level_message_and_key_values() -> None:
    host = FakeHost()

    def body(api: PluginAPI) -> None:
        api.log_debug("d")
        api.log_info("i", user="u1", count=3)
        api.log_warn("w", "pair_key", ["not", "json-able as is"])
        api.log_error("e", err=ValueError("x"))

    in_hook(host, body)
    assert [(m, r.msg) for m, r in host.calls] == [
        ("LogDebug", "d"),
        ("LogInfo", "i"),
        ("LogWarn", "w"),
        ("LogError", "e"),
    ]
    assert unjs(host.calls[0][1].key_value_pairs) == []
    assert unjs(host.calls[1][1].key_value_pairs) == ["user", "u1", "count", 3]
    assert unjs(host.calls[2][1].key_value_pairs) == ["pair_key", "['not', 'json-able as is']"]
    assert unjs(host.calls[3][1].key_value_pairs) == ["err", "x"]


def test_plugin_http_round_trip() -> None:
    host = FakeHost()

    def plugin_http(req: ppb.ApiPluginHTTPRequest) -> ppb.ApiPluginHTTPResponse:
        r = req.request
        assert (r.method, r.path, r.body) == ("POST", "/plugins/other/api", b"{}")
        assert [(h.name, list(h.values)) for h in r.headers] == [("Content-Type", ["x/json"])]
        out = ppb.HttpResponse(status_code=201, body=b"made")
        out.headers.add(name="X-Id", values=["1", "2"])
        return ppb.ApiPluginHTTPResponse(result=out)

    host.api["PluginHTTP"] = plugin_http
    response = in_hook(
        host,
        lambda api: api.plugin_http(
            HTTPRequest(
                method="POST",
                path="/plugins/other/api",
                headers={"Content-Type": "x/json"},
                body=b"{}",
            )
        ),
    )
    assert response == HTTPResponse(status_code=201, headers={"X-Id": "1, 2"}, body=b"made")
    assert response.text == "made"


# ---------------------------------------------------------------- argument checks


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda api: api.get_user(123), "get_user(): user_id must be str, got int"),
        (lambda api: api.get_user(None), "get_user(): user_id must be str, got NoneType"),
        (lambda api: api.create_post(channel_id=5), "create_post(): channel_id must be str"),
        (
            lambda api: api.create_post(message=b"x"),
            "create_post(): message must be str, got bytes",
        ),
        (
            lambda api: api.create_post(props=["x"]),
            "create_post(): props must be a dict of str to any JSON value, got list",
        ),
        (
            lambda api: api.create_post({"message": "x"}),
            "create_post(): post must be Post, got dict",
        ),
        (lambda api: api.kv_get(b"k"), "kv_get(): key must be str, got bytes"),
        (lambda api: api.kv_set("k", {"a": 1}), "kv_set(): value must be bytes, got dict"),
        (lambda api: api.kv_set(1, "v"), "kv_set(): key must be str, got int"),
        (lambda api: api.kv_delete(None), "kv_delete(): key must be str"),
        (lambda api: api.kv_list("0"), "kv_list(): page must be int, got str"),
        (lambda api: api.kv_list(0, True), "kv_list(): per_page must be int, got bool"),
        (
            lambda api: api.kv_set_with_options("k", b"v", {"Atomic": True}),
            "kv_set_with_options(): options must be PluginKVSetOptions, got dict",
        ),
        (
            lambda api: api.get_users_by_ids("u1"),
            "get_users_by_ids(): user_ids must be a list of str, got str",
        ),
        (
            lambda api: api.get_users_by_ids(["u1", 2]),
            "get_users_by_ids(): user_ids[1] must be str, got int",
        ),
        (
            lambda api: api.update_preferences_for_user("u", [Preference(), {"a": 1}]),
            "update_preferences_for_user(): preferences[1] must be Preference, got dict",
        ),
        (
            lambda api: api.save_plugin_config({1: "x"}),
            "save_plugin_config(): config key must be str, got int",
        ),
        (
            lambda api: api.plugin_http({"path": "/"}),
            "plugin_http(): request must be HTTPRequest, got dict",
        ),
        (
            lambda api: api.register_command({"trigger": "x"}),
            "register_command(): command must be Command",
        ),
        (
            lambda api: api.register_command(trigger="x", nope=1),
            "register_command(): Command.__init__() got an unexpected keyword argument 'nope'",
        ),
        (lambda api: api.log_info(42), "log_info(): msg must be str, got int"),
        (lambda api: api.ensure_bot(None), "ensure_bot(): username must be str, got NoneType"),
    ],
)
def test_wrong_argument_types_raise_before_anything_is_sent(
    call: Callable[[PluginAPI], Any], message: str
) -> None:
    host = FakeHost()
    with pytest.raises(TypeError) as info:
        in_hook(host, call)
    assert message in str(info.value)
    assert host.calls == []


def test_post_and_keywords_together_are_refused() -> None:
    host = FakeHost()
    with pytest.raises(TypeError, match="either a Post or keyword fields, not both"):
        in_hook(host, lambda api: api.create_post(Post(message="a"), message="b"))
    with pytest.raises(TypeError, match="either a Command or keyword fields"):
        in_hook(FakeHost(), lambda api: api.register_command(Command(trigger="a"), trigger="b"))
    assert host.calls == []


def test_out_of_range_values_raise_before_anything_is_sent() -> None:
    host = FakeHost()
    with pytest.raises(ValueError, match="kv_list"):
        in_hook(host, lambda api: api.kv_list(-1))
    with pytest.raises(ValueError, match=r"expire_in_seconds=9223372036854775808 does not fit"):
        in_hook(host2 := FakeHost(), lambda api: api.kv_set_with_expiry("k", b"v", 2**63))
    assert host.calls == host2.calls == []


def test_int64_limits_cross_exactly() -> None:
    host = FakeHost()
    host.api["KVSetWithExpiry"] = lambda req: ppb.ApiKVSetWithExpiryResponse()
    in_hook(
        host,
        lambda api: (
            api.kv_set_with_expiry("a", b"", 2**63 - 1),
            api.kv_set_with_expiry("b", b"", -(2**63)),
        ),
    )
    assert [r.expire_in_seconds for _, r in host.calls] == [2**63 - 1, -(2**63)]


def test_api_is_not_connected_before_the_plugin_runs() -> None:
    plugin = Plugin()
    with pytest.raises(RuntimeError, match="not connected"):
        plugin.api.get_server_version()
    with pytest.raises(TypeError, match="user_id must be str"):  # checks still come first
        plugin.api.get_user(1)  # type: ignore[arg-type]


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, ValidationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, AlreadyExistsError),
        (503, UnavailableError),
        (500, PluginAPIError),
        (401, PluginAPIError),
        (0, PluginAPIError),
    ],
)
def test_app_errors_raise_the_class_for_their_status(
    status: int, cls: type[PluginAPIError]
) -> None:
    host = FakeHost()
    host.api["GetUser"] = lambda req: pb.AppError(
        id="app.user.get.app_error",
        message="Unable to get the user.",
        detailed_error="sql: no rows",
        status_code=status,
        where="SqlUserStore.Get",
        request_id="req-1",
    )
    with pytest.raises(PluginAPIError) as info:
        in_hook(host, lambda api: api.get_user("u1"))
    err = info.value
    assert type(err) is cls
    assert err.status_code == status
    assert err.error_id == "app.user.get.app_error"
    assert err.message == "Unable to get the user."
    assert err.detailed_error == "sql: no rows"
    assert err.where == "SqlUserStore.Get"
    assert err.request_id == "req-1"
    assert err.method == "GetUser"
    status_text = f", status {status}" if status else ""
    assert str(err) == (
        f"GetUser: Unable to get the user. [app.user.get.app_error{status_text}] (sql: no rows)"
    )


def test_method_unknown_to_the_host_raises_unavailable() -> None:
    host = FakeHost()
    del host.api["KVSet"]
    with pytest.raises(UnavailableError) as info:
        in_hook(host, lambda api: api.kv_set("k", "v"))
    assert info.value.error_id == "mmpy.api.unavailable"
    assert "KVSet" in str(info.value)


def test_plain_go_error_has_no_id_or_status() -> None:
    host = FakeHost()
    host.api["KVGet"] = lambda req: pb.AppError(message="context deadline exceeded")
    with pytest.raises(PluginAPIError) as info:
        in_hook(host, lambda api: api.kv_get("k"))
    assert type(info.value) is PluginAPIError
    assert str(info.value) == "KVGet: context deadline exceeded"


def test_untranslated_error_message_is_not_repeated() -> None:
    # Mattermost's AppError.Message holds the i18n id until the REST layer translates it.
    err = NotFoundError("app.user.missing_account.const", error_id="app.user.missing_account.const")
    assert str(err) == "app.user.missing_account.const [status 404]"


def test_error_classes_have_default_status_and_public_module() -> None:
    assert NotFoundError("x").status_code == 404
    assert PluginAPIError("x").status_code == 0
    assert str(NotFoundError("gone")) == "gone [status 404]"
    for cls in (PluginAPIError, NotFoundError, PermissionDeniedError, ValidationError):
        assert cls.__module__ == "mattermost_plugin"
    assert issubclass(AlreadyExistsError, PluginAPIError)


def test_supports_compares_the_server_version_with_the_method_s() -> None:
    from unittest.mock import MagicMock

    from mattermost_plugin import PluginAPI

    api = PluginAPI(None)
    api.get_server_version = MagicMock(return_value="9.5.2")  # type: ignore[method-assign]
    assert api.supports("GetUser")  # since 5.2
    assert api.supports("kv_set_with_options")  # since 5.20
    assert not api.supports("GetPluginID")  # since 10.1
    assert api.get_server_version.call_count == 1  # asked once
    with pytest.raises(ValueError, match="not a method"):
        api.supports("NoSuchMethod")
    dev = PluginAPI(None)
    dev.get_server_version = MagicMock(return_value="dev-build")  # type: ignore[method-assign]
    assert dev.supports("GetPluginID")  # unknown versions are not refused
