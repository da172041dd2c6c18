"""mattermost_plugin.testing.FakeMattermost: the server semantics it promises, through the
real PluginAPI client (the fake is its Caller)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mattermost_plugin import (
    AlreadyExistsError,
    Context,
    HookName,
    NotFoundError,
    PermissionDeniedError,
    Plugin,
    PluginAPIError,
    Post,
    ValidationError,
    hook,
)
from mattermost_plugin.models import (
    Bot,
    BotPatch,
    Channel,
    CommandArgs,
    PluginKVSetOptions,
    Preference,
    Reaction,
    Team,
    User,
    UserSearch,
)
from mattermost_plugin.testing import (
    FakeClock,
    FakeMattermost,
    HookError,
    is_valid_id,
    make_post,
    make_user,
    new_id,
)


@pytest.fixture
def fake() -> FakeMattermost:
    return FakeMattermost(clock=FakeClock(1_700_000_000_000))


@pytest.fixture
def world(fake: FakeMattermost) -> dict[str, Any]:
    alice = fake.add_user(username="alice")
    bob = fake.add_user(username="bob")
    team = fake.add_team(name="core")
    channel = fake.add_channel(team.id, name="dev", members=[alice.id, bob.id])
    return {"alice": alice, "bob": bob, "team": team, "channel": channel}


# ---------------------------------------------------------------- the handler table


def test_every_handler_takes_the_go_parameters() -> None:
    import inspect

    from mattermost_plugin._client import METHOD_SPECS
    from mattermost_plugin.testing._core import HANDLERS

    assert len(HANDLERS) >= 90
    for go_name, attr in HANDLERS.items():
        params = list(inspect.signature(getattr(FakeMattermost, attr)).parameters)[1:]
        expected = [p.name for p in METHOD_SPECS[go_name][0]]
        assert len(params) == len(expected), (go_name, params, expected)


# ---------------------------------------------------------------- ids and factories


def test_new_ids_are_mattermost_shaped_and_unique() -> None:
    ids = {new_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(is_valid_id(i) for i in ids)
    assert not is_valid_id("short")
    assert not is_valid_id("A" * 26)


def test_factories_fill_in_what_the_server_would() -> None:
    user = make_user(username="carol")
    assert is_valid_id(user.id)
    assert user.email == "carol@example.com"
    assert user.roles == "system_user"
    post = make_post(message="hi", channel_id="c")
    assert is_valid_id(post.id)
    assert post.create_at == post.update_at > 0
    assert make_user().username != make_user().username


# ---------------------------------------------------------------- KV store


def test_kv_set_get_delete_and_nil_values(fake: FakeMattermost) -> None:
    api = fake.api
    assert api.kv_get("k") is None
    api.kv_set("k", b"v")
    assert api.kv_get("k") == b"v"
    api.kv_set("s", "text")  # the SDK stores str UTF-8 encoded
    assert api.kv_get("s") == b"text"
    api.kv_set("empty", b"")
    assert api.kv_get("empty") == b""  # an empty value is a value, not nil
    api.kv_delete("k")
    assert api.kv_get("k") is None
    api.kv_delete("never-there")  # no error, as on the server


def test_kv_atomic_set_only_if_absent(fake: FakeMattermost) -> None:
    api = fake.api
    absent = PluginKVSetOptions(atomic=True, old_value=None)
    assert api.kv_set_with_options("lock", b"one", absent) is True
    assert api.kv_set_with_options("lock", b"two", absent) is False
    assert api.kv_get("lock") == b"one"


def test_kv_atomic_compare_and_set(fake: FakeMattermost) -> None:
    api = fake.api
    api.kv_set("n", b"1")
    assert api.kv_compare_and_set("n", b"0", b"2") is False
    assert api.kv_get("n") == b"1"
    assert api.kv_compare_and_set("n", b"1", b"2") is True
    assert api.kv_get("n") == b"2"
    assert (
        api.kv_set_with_options("n", b"3", PluginKVSetOptions(atomic=True, old_value=b"2")) is True
    )
    assert api.kv_set_json("j", {"a": 1}) is True
    assert api.kv_set_json("j", {"a": 2}, atomic=True, old_value={"a": 0}) is False
    assert api.kv_set_json("j", {"a": 2}, atomic=True, old_value={"a": 1}) is True
    assert api.kv_get_json("j") == {"a": 2}


def test_kv_compare_and_delete(fake: FakeMattermost) -> None:
    api = fake.api
    api.kv_set("k", b"v")
    assert api.kv_compare_and_delete("k", b"other") is False
    assert api.kv_compare_and_delete("k", b"v") is True
    assert api.kv_get("k") is None
    assert api.kv_compare_and_delete("k", b"v") is False


def test_kv_expiry_follows_the_clock(fake: FakeMattermost) -> None:
    api = fake.api
    api.kv_set_with_expiry("tmp", b"x", 10)
    api.kv_set("keep", b"y")
    fake.fake_clock.advance(9.999)
    assert api.kv_get("tmp") == b"x"
    assert api.kv_list(0, 10) == ["keep", "tmp"]
    fake.fake_clock.advance(0.001)
    assert api.kv_get("tmp") is None
    assert api.kv_list(0, 10) == ["keep"]
    # an expired key is absent for an atomic insert, and not comparable any more
    assert api.kv_compare_and_set("tmp", b"x", b"z") is False
    assert api.kv_set_with_options("tmp", b"new", PluginKVSetOptions(atomic=True)) is True
    assert api.kv_get("tmp") == b"new"


def test_kv_expiry_through_options_and_mutex(fake: FakeMattermost) -> None:
    api = fake.api
    assert api.kv_set_json("lease", 1, expire_in_seconds=5) is True
    mutex = api.mutex("job", ttl_seconds=15)
    assert mutex.try_lock() is True
    assert api.mutex("job").try_lock() is False  # held
    fake.fake_clock.advance(16)
    assert api.mutex("job").try_lock() is True  # the first holder's lock expired
    assert api.kv_get_json("lease") is None


def test_kv_list_pages_in_key_order(fake: FakeMattermost) -> None:
    api = fake.api
    for key in ["b", "d", "a", "e", "c"]:
        api.kv_set(key, b"1")
    assert api.kv_list(0, 2) == ["a", "b"]
    assert api.kv_list(1, 2) == ["c", "d"]
    assert api.kv_list(2, 2) == ["e"]
    assert api.kv_list(3, 2) == []
    assert list(api.kv_list_prefix("", per_page=2)) == ["a", "b", "c", "d", "e"]
    api.kv_delete_all()
    assert api.kv_list(0, 100) == []


def test_kv_invalid_input_is_400(fake: FakeMattermost) -> None:
    api = fake.api
    with pytest.raises(ValidationError) as exc:
        api.kv_set("", b"x")
    assert exc.value.error_id == "model.plugin_key_value.is_valid.key.app_error"
    assert "maximum 150 characters" in exc.value.message
    with pytest.raises(ValidationError):
        api.kv_set("k" * 151, b"x")
    api.kv_set("k" * 150, b"x")
    with pytest.raises(ValidationError) as exc:
        api.kv_set_with_options("k", b"x", PluginKVSetOptions(atomic=False, old_value=b"y"))
    assert exc.value.error_id == "model.plugin_kvset_options.is_valid.old_value.app_error"


# ---------------------------------------------------------------- users, teams, channels


def test_missing_objects_are_404_with_server_ids(fake: FakeMattermost) -> None:
    api = fake.api
    cases = [
        (lambda: api.get_user(new_id()), "app.user.missing_account.const"),
        (lambda: api.get_user_by_username("nobody"), "app.user.get_by_username.app_error"),
        (lambda: api.get_user_by_email("no@example.com"), "app.user.missing_account.const"),
        (lambda: api.get_team(new_id()), "app.team.get.find.app_error"),
        (lambda: api.get_team_by_name("nope"), "app.team.get_by_name.missing.app_error"),
        (lambda: api.get_channel(new_id()), "app.channel.get.existing.app_error"),
        (lambda: api.get_post(new_id()), "app.post.get.app_error"),
        (lambda: api.get_file_info(new_id()), "app.file_info.get.app_error"),
        (lambda: api.get_bot(new_id(), True), "store.sql_bot.get.missing.app_error"),
    ]
    for call, error_id in cases:
        with pytest.raises(NotFoundError) as exc:
            call()
        assert exc.value.error_id == error_id
        assert exc.value.status_code == 404
        assert exc.value.message
        assert exc.value.message != error_id  # a readable text, as the server sends
    missing = new_id()
    with pytest.raises(NotFoundError, match=f"Unable to find the existing channel {missing}"):
        api.get_channel(missing)


def test_users_create_read_update_search(fake: FakeMattermost) -> None:
    api = fake.api
    created = api.create_user(User(username="Dave", email="dave@example.com", password="pw"))
    assert is_valid_id(created.id)
    assert created.username == "dave"
    assert created.password == ""
    assert created.roles == "system_user"
    assert api.get_user(created.id) == created
    assert api.get_user_by_email("DAVE@example.com").id == created.id
    with pytest.raises(ValidationError) as exc:
        api.create_user(User(username="dave", email="other@example.com"))
    assert exc.value.error_id == "app.user.save.username_exists.app_error"
    with pytest.raises(ValidationError) as exc:
        api.create_user(User(username="9lives", email="x@example.com"))
    assert exc.value.error_id == "model.user.is_valid.username.app_error"
    with pytest.raises(ValidationError):
        api.create_user(User(username="erin", email="not-an-email"))
    created.first_name = "David"
    updated = api.update_user(created)
    assert updated.first_name == "David"
    assert updated.create_at == created.create_at
    fake.add_user(username="davina")
    found = api.search_users(UserSearch(term="dav"))
    assert [u.username for u in found] == ["dave", "davina"]
    api.delete_user(created.id)
    assert api.get_user(created.id).delete_at > 0
    assert [u.username for u in api.search_users(UserSearch(term="dav"))] == ["davina"]
    api.update_user_active(created.id, True)
    assert api.get_user(created.id).delete_at == 0


def test_teams_have_default_channels_and_members(
    fake: FakeMattermost, world: dict[str, Any]
) -> None:
    api = fake.api
    team: Team = world["team"]
    names = {c.name for c in api.get_public_channels_for_team(team.id, 0, 100)}
    assert names == {"town-square", "off-topic", "dev"}
    town = api.get_channel_by_name(team.id, "town-square", False)
    assert api.get_channel_member(town.id, world["alice"].id).roles == "channel_user"
    assert api.get_team_member(team.id, world["bob"].id).roles == "team_user"
    assert {u.username for u in api.get_users_in_team(team.id, 0, 10)} == {"alice", "bob"}
    assert [t.id for t in api.get_teams_for_user(world["alice"].id)] == [team.id]
    assert api.get_team_by_name("core").id == team.id
    with pytest.raises(ValidationError) as exc:
        api.create_team(Team(name="core", display_name="Again", type="O"))
    assert exc.value.error_id == "app.team.save.existing.app_error"
    with pytest.raises(ValidationError):
        api.create_team(Team(name="Bad Name", display_name="x", type="O"))


def test_channels_and_membership(fake: FakeMattermost, world: dict[str, Any]) -> None:
    api = fake.api
    team, alice, bob = world["team"], world["alice"], world["bob"]
    ch = api.create_channel(
        Channel(team_id=team.id, name="ops", display_name="Ops", type="P", creator_id=alice.id)
    )
    assert is_valid_id(ch.id)
    with pytest.raises(NotFoundError) as exc:
        api.get_channel_member(ch.id, alice.id)  # CreateChannel through the API adds nobody
    assert exc.value.error_id == "app.channel.get_member.missing.app_error"
    member = api.add_channel_member(ch.id, alice.id)
    assert (member.channel_id, member.user_id) == (ch.id, alice.id)
    assert api.add_channel_member(ch.id, alice.id) == member  # idempotent
    outsider = fake.add_user(username="outsider")
    with pytest.raises(NotFoundError) as exc:
        api.add_channel_member(ch.id, outsider.id)
    assert exc.value.error_id == "app.team.get_member.missing.app_error"
    api.add_user_to_channel(ch.id, bob.id, alice.id)
    assert [m.user_id for m in api.get_channel_members(ch.id, 0, 10)] == [alice.id, bob.id]
    assert [u.username for u in api.get_users_in_channel(ch.id, "username", 0, 1)] == ["alice"]
    assert [u.username for u in api.get_users_in_channel(ch.id, "username", 1, 1)] == ["bob"]
    api.delete_channel_member(ch.id, bob.id)
    assert [m.user_id for m in api.get_channel_members_by_ids(ch.id, [alice.id, bob.id])] == [
        alice.id
    ]
    with pytest.raises(ValidationError) as exc:
        api.create_channel(Channel(team_id=team.id, name="ops", display_name="x", type="O"))
    assert exc.value.error_id == "store.sql_channel.save_channel.exists.app_error"
    api.delete_channel(ch.id)
    assert api.get_channel(ch.id).delete_at > 0
    with pytest.raises(NotFoundError):
        api.get_channel_by_name(team.id, "ops", False)
    assert api.get_channel_by_name(team.id, "ops", True).id == ch.id
    ids = {c.id for c in api.get_channels_for_team_for_user(team.id, alice.id, False)}
    assert ch.id not in ids
    assert len(ids) == 3  # town-square, off-topic, dev


def test_direct_and_group_channels(fake: FakeMattermost, world: dict[str, Any]) -> None:
    api = fake.api
    alice, bob = world["alice"], world["bob"]
    dm = api.get_direct_channel(alice.id, bob.id)
    assert dm.type == "D"
    assert dm.name == "__".join(sorted([alice.id, bob.id]))
    assert api.get_direct_channel(bob.id, alice.id).id == dm.id
    assert {m.user_id for m in api.get_channel_members(dm.id, 0, 10)} == {alice.id, bob.id}
    with pytest.raises(ValidationError):  # the server: 400 invalid_user
        api.get_direct_channel(alice.id, new_id())
    carol = fake.add_user(username="carol")
    gm = api.get_group_channel([alice.id, bob.id, carol.id])
    assert gm.type == "G"
    assert api.get_group_channel([carol.id, bob.id, alice.id]).id == gm.id
    with pytest.raises(ValidationError) as exc:
        api.get_group_channel([alice.id, bob.id])
    assert exc.value.error_id == "api.channel.create_group.bad_size.app_error"


# ---------------------------------------------------------------- posts, reactions, files


def test_posts_round_trip_and_threads(fake: FakeMattermost, world: dict[str, Any]) -> None:
    api, channel, alice = fake.api, world["channel"], world["alice"]
    root = api.create_post(channel_id=channel.id, user_id=alice.id, message="root")
    assert is_valid_id(root.id)
    assert root.create_at == fake.clock()
    assert root.props == {"from_plugin": "true"}
    assert api.get_post(root.id) == root
    fake.fake_clock.advance(1)
    reply = api.create_post(
        Post(channel_id=channel.id, user_id=world["bob"].id, message="reply", root_id=root.id)
    )
    thread = api.get_post_thread(reply.id)
    assert thread.order == [reply.id, root.id]
    assert set(thread.posts or {}) == {root.id, reply.id}
    page = api.get_posts_for_channel(channel.id, 0, 1)
    assert page.order == [reply.id]
    assert api.get_posts_since(channel.id, root.create_at).order == [reply.id]
    with pytest.raises(ValidationError) as exc:
        api.create_post(channel_id=channel.id, user_id=alice.id, message="x", root_id=new_id())
    assert exc.value.error_id == "api.post.create_post.root_id.app_error"
    with pytest.raises(ValidationError):  # a reply to a reply
        api.create_post(channel_id=channel.id, user_id=alice.id, message="x", root_id=reply.id)
    with pytest.raises(ValidationError) as exc:
        api.create_post(channel_id=channel.id, user_id="nobody", message="x")
    assert exc.value.error_id == "model.post.is_valid.user_id.app_error"
    with pytest.raises(NotFoundError):
        api.create_post(channel_id=new_id(), user_id=alice.id, message="x")
    with pytest.raises(ValidationError):
        api.create_post(channel_id=channel.id, user_id=alice.id, message="x" * 16384)
    assert fake.channels[channel.id].total_msg_count == 2


def test_update_and_delete_posts(fake: FakeMattermost, world: dict[str, Any]) -> None:
    api, channel, alice = fake.api, world["channel"], world["alice"]
    root = api.create_post(channel_id=channel.id, user_id=alice.id, message="v1")
    reply = api.create_post(channel_id=channel.id, user_id=alice.id, message="r", root_id=root.id)
    fake.fake_clock.advance(2)
    root.message = "v2"
    updated = api.update_post(root)
    assert updated.message == "v2"
    assert updated.edit_at == updated.update_at == fake.clock()
    with pytest.raises(NotFoundError):
        api.update_post(make_post(channel_id=channel.id, user_id=alice.id))
    api.delete_post(root.id)
    for post_id in (root.id, reply.id):  # deleting a root deletes its thread
        with pytest.raises(NotFoundError):
            api.get_post(post_id)
    assert api.get_posts_for_channel(channel.id, 0, 10).order == []


def test_reactions(fake: FakeMattermost, world: dict[str, Any]) -> None:
    api, channel, alice, bob = fake.api, world["channel"], world["alice"], world["bob"]
    post = api.create_post(channel_id=channel.id, user_id=alice.id, message="react to me")
    saved = api.add_reaction(Reaction(user_id=bob.id, post_id=post.id, emoji_name="tada"))
    assert saved.channel_id == channel.id
    assert saved.create_at == fake.clock()
    api.add_reaction(Reaction(user_id=bob.id, post_id=post.id, emoji_name="tada"))
    api.add_reaction(Reaction(user_id=alice.id, post_id=post.id, emoji_name="tada"))
    assert len(api.get_reactions(post.id)) == 2
    assert api.get_post(post.id).has_reactions is True
    api.remove_reaction(Reaction(user_id=bob.id, post_id=post.id, emoji_name="tada"))
    api.remove_reaction(Reaction(user_id=alice.id, post_id=post.id, emoji_name="tada"))
    assert api.get_reactions(post.id) is None  # the server answers a nil slice
    assert api.get_post(post.id).has_reactions is False
    with pytest.raises(NotFoundError):
        api.add_reaction(Reaction(user_id=bob.id, post_id=new_id(), emoji_name="x"))
    with pytest.raises(ValidationError):
        api.add_reaction(Reaction(user_id=bob.id, post_id=post.id, emoji_name=""))


def test_files_upload_get_and_attach(fake: FakeMattermost, world: dict[str, Any]) -> None:
    api, channel, alice = fake.api, world["channel"], world["alice"]
    info = api.upload_file(b"\x89PNG data", channel.id, "Chart.PNG")
    assert (info.name, info.extension, info.size, info.mime_type) == (
        "Chart.PNG",
        "png",
        9,
        "image/png",
    )
    assert info.channel_id == ""  # plugin uploads belong to no channel until a post uses them
    assert api.get_file(info.id) == b"\x89PNG data"
    assert api.get_file_info(info.id) == info
    post = api.create_post(
        Post(channel_id=channel.id, user_id=alice.id, message="see", file_ids=[info.id])
    )
    assert api.get_file_info(info.id).post_id == post.id
    with pytest.raises(NotFoundError):
        api.get_file(new_id())
    with pytest.raises(NotFoundError):
        api.upload_file(b"x", new_id(), "a.txt")


def test_listing_users_bots_and_files(fake: FakeMattermost, world: dict[str, Any]) -> None:
    from mattermost_plugin.models import BotGetOptions, GetFileInfosOptions, UserGetOptions

    api, team, channel = fake.api, world["team"], world["channel"]
    admin = fake.add_user(username="root", roles="system_admin system_user")
    fake.add_team_member(team.id, admin.id)
    in_team = api.get_users(UserGetOptions(in_team_id=team.id, page=0, per_page=10))
    assert [u.username for u in in_team] == ["alice", "bob", "root"]
    admins = api.get_users(UserGetOptions(role="system_admin", page=0, per_page=10))
    assert [u.username for u in admins] == ["root"]
    in_channel = api.get_users(UserGetOptions(in_channel_id=channel.id, page=0, per_page=1))
    assert [u.username for u in in_channel] == ["alice"]
    assert [m.user_id for m in api.get_team_members_for_user(admin.id, 0, 10)] == [admin.id]
    assert len(api.get_channel_members_for_user(team.id, admin.id, 0, 10)) == 2  # defaults
    api.create_bot(Bot(username="b1", owner_id=admin.id))
    api.create_bot(Bot(username="b2"))
    mine = api.get_bots(BotGetOptions(owner_id=admin.id, page=0, per_page=10))
    assert [b.username for b in mine] == ["b1"]
    first = api.upload_file(b"1", channel.id, "a.txt")
    fake.fake_clock.advance(1)
    api.upload_file(b"2", channel.id, "b.txt")
    infos = api.get_file_infos(0, 10, GetFileInfosOptions(sort_by="CreateAt"))
    assert [i.name for i in infos] == ["a.txt", "b.txt"]
    assert api.get_file_infos(0, 1, None) == [first]


def test_ephemeral_posts_are_recorded(fake: FakeMattermost, world: dict[str, Any]) -> None:
    api, alice = fake.api, world["alice"]
    sent = api.send_ephemeral_post(alice.id, Post(channel_id=world["channel"].id, message="psst"))
    assert sent is not None
    assert sent.type == "ephemeral"
    assert is_valid_id(sent.id)
    sent.message = "psst!"
    assert api.update_ephemeral_post(alice.id, sent) is not None
    api.delete_ephemeral_post(alice.id, sent.id)
    assert [(e.user_id, e.post.message, e.action) for e in fake.ephemeral_posts] == [
        (alice.id, "psst", "sent"),
        (alice.id, "psst!", "updated"),
        (alice.id, "", "deleted"),
    ]


# ---------------------------------------------------------------- config, bots, commands


def test_plugin_config_and_server_info(fake: FakeMattermost) -> None:
    api = fake.api
    assert api.get_plugin_config() == {}
    api.save_plugin_config({"api_key": "k", "features": ["a"]})
    assert api.get_plugin_config() == {"api_key": "k", "features": ["a"]}
    assert api.load_plugin_configuration() == {"api_key": "k", "features": ["a"]}
    assert api.get_server_version() == "10.5.0"
    assert api.get_plugin_id() == "com.example.plugin"
    config = api.get_config()
    assert config is not None
    assert config.to_dict()["ServiceSettings"]["SiteURL"] == "http://localhost:8065"
    assert FakeMattermost(server_version="9.11.2").api.get_server_version() == "9.11.2"


def test_bots_and_ensure_bot(fake: FakeMattermost) -> None:
    api = fake.api
    bot_id = api.ensure_bot("helper", display_name="Helper")
    assert is_valid_id(bot_id)
    assert api.ensure_bot("helper", display_name="Helper 2") == bot_id
    bot = api.get_bot(bot_id, False)
    assert (bot.username, bot.display_name, bot.owner_id) == (
        "helper",
        "Helper 2",
        "com.example.plugin",
    )
    user = api.get_user(bot_id)
    assert user.is_bot is True
    # the server remembers the bot in the plugin's KV store, visible to KVList
    assert api.kv_get("mmi_botid") == bot_id.encode()
    created = api.create_bot(Bot(username="second", display_name="Two"))
    with pytest.raises(ValidationError) as exc:
        api.create_bot(Bot(username="second"))
    assert exc.value.error_id == "app.user.save.username_exists.app_error"
    assert api.patch_bot(created.user_id, BotPatch(description="d")).description == "d"
    assert api.update_bot_active(created.user_id, False).delete_at > 0
    with pytest.raises(NotFoundError):
        api.get_bot(created.user_id, False)
    assert {b.username for b in api.get_bots(None)} == {"helper"}
    api.permanent_delete_bot(created.user_id)
    with pytest.raises(NotFoundError):
        api.get_user(created.user_id)
    with pytest.raises(PluginAPIError, match="passed a bot with no username"):
        api.ensure_bot_user(Bot())
    fake.add_user(username="human")
    # the known bot is renamed; a name another account has makes the server refuse
    with pytest.raises(PluginAPIError, match="failed to patch bot: An account with that"):
        api.ensure_bot("human")
    other = FakeMattermost()
    taken = other.add_user(username="human")
    assert other.api.ensure_bot("human") == taken.id  # the server answers the existing user


def test_commands_register_unregister(fake: FakeMattermost) -> None:
    api = fake.api
    api.register_command(trigger="Hello", auto_complete=True)
    api.register_command(trigger="hello", auto_complete_desc="again")  # replaces
    assert [(c.trigger, c.auto_complete_desc) for c in fake.commands] == [("hello", "again")]
    assert [c.trigger for c in api.list_plugin_commands("any-team")] == ["hello"]
    with pytest.raises(PluginAPIError, match="invalid command") as exc:
        api.register_command(trigger="")
    assert exc.value.status_code == 0  # a plain Go error, not an AppError
    api.unregister_command("", "HELLO")
    assert fake.commands == []


def test_execute_unknown_command_is_404(fake: FakeMattermost, world: dict[str, Any]) -> None:
    with pytest.raises(NotFoundError, match="'nope' not found") as exc:
        fake.api.execute_slash_command(
            CommandArgs(user_id=world["alice"].id, channel_id=world["channel"].id, command="/nope")
        )
    assert exc.value.error_id == "api.command.execute_command.not_found.app_error"


def test_preferences(fake: FakeMattermost, world: dict[str, Any]) -> None:
    api, alice, bob = fake.api, world["alice"], world["bob"]
    pref = Preference(user_id=alice.id, category="display", name="theme", value="dark")
    api.update_preferences_for_user(alice.id, [pref])
    assert api.get_preferences_for_user(alice.id) == [pref]
    assert api.get_preference_for_user(alice.id, "display", "theme").value == "dark"
    with pytest.raises(PermissionDeniedError):
        api.update_preferences_for_user(bob.id, [pref])
    api.delete_preferences_for_user(alice.id, [pref])
    with pytest.raises(ValidationError) as exc:
        api.get_preference_for_user(alice.id, "display", "theme")
    assert exc.value.error_id == "app.preference.get.app_error"


# ---------------------------------------------------------------- logs, calls, stubs


def test_logs_and_websocket_events_are_recorded(fake: FakeMattermost) -> None:
    api = fake.api
    api.log_info("started", "count", 3, user="u1")
    api.log_error("boom")
    api.log_debug("d")
    api.log_warn("w", "dangling")
    assert [(e.level, e.message, e.fields) for e in fake.logs] == [
        ("info", "started", {"count": 3, "user": "u1"}),
        ("error", "boom", {}),
        ("debug", "d", {}),
        ("warn", "w", {"EXTRA_VALUE_AT_END": "dangling"}),
    ]
    assert fake.logged("error") == ["boom"]
    api.publish_web_socket_event("refresh", {"n": 1}, None)
    assert [(e.event, e.payload) for e in fake.websocket_events] == [("refresh", {"n": 1})]


def test_calls_are_recorded_with_decoded_arguments(
    fake: FakeMattermost, world: dict[str, Any]
) -> None:
    fake.calls.clear()
    api = fake.api
    api.kv_set("k", b"v")
    with pytest.raises(NotFoundError):
        api.get_user("x" * 26)
    post = api.create_post(channel_id=world["channel"].id, user_id=world["alice"].id, message="m")
    assert [c.method for c in fake.calls] == ["KVSet", "GetUser", "CreatePost"]
    assert fake.calls[0].args == {"key": "k", "value": b"v"}
    assert isinstance(fake.calls[1].error, NotFoundError)
    (create,) = fake.calls_to("create_post")
    assert isinstance(create.args["post"], Post)
    assert create.args["post"].message == "m"
    assert create.result.id == post.id


def test_type_errors_are_raised_by_the_real_client(fake: FakeMattermost) -> None:
    with pytest.raises(TypeError, match="get_user\\(\\): user_id must be str"):
        fake.api.get_user(42)  # type: ignore[arg-type]
    assert fake.calls == []  # nothing crossed the ABI


def test_unimplemented_methods_say_how_to_stub(fake: FakeMattermost) -> None:
    with pytest.raises(PluginAPIError) as exc:
        fake.api.get_ldap_user_attributes("u", ["cn"])
    assert exc.value.status_code == 501
    assert "FakeMattermost does not implement GetLDAPUserAttributes" in str(exc.value)
    assert "fake.stub('GetLDAPUserAttributes', result)" in str(exc.value)
    assert "lambda user_id, attributes:" in str(exc.value)
    fake.stub("GetLDAPUserAttributes", {"cn": "Alice"})
    assert fake.api.get_ldap_user_attributes("u", ["cn"]) == {"cn": "Alice"}


def test_stub_and_on_override_and_inject_failures(fake: FakeMattermost) -> None:
    alice = fake.add_user(username="alice")
    fake.stub("get_user", NotFoundError("gone", error_id="app.user.missing_account.const"))
    with pytest.raises(NotFoundError, match="gone"):
        fake.api.get_user(alice.id)
    fake.on("GetUser", lambda user_id: {"id": user_id, "username": "computed"})
    assert fake.api.get_user(alice.id).username == "computed"
    fake.reset_stub("GetUser")
    assert fake.api.get_user(alice.id).username == "alice"
    fake.stub("KVSetWithOptions", AlreadyExistsError("conflict"))
    with pytest.raises(AlreadyExistsError):
        fake.api.kv_set_json("k", 1, atomic=True)
    fake.stub("GetEmojiImage", (b"img", "png"))  # several results: a tuple
    assert fake.api.get_emoji_image("e") == (b"img", "png")
    with pytest.raises(ValueError, match="Did you mean 'GetUser'"):
        fake.stub("GetUsr", None)


# ---------------------------------------------------------------- hooks


class Moderator(Plugin):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, Any]] = []

    @hook(HookName.MessageWillBePosted)
    def will_post(self, context: Context, post: Post) -> tuple[Post | None, str]:
        self.seen.append(("will", post.message))
        if "spam" in post.message:
            return None, "no spam"
        if post.message.startswith("shout "):
            post.message = post.message.removeprefix("shout ").upper()
            return post, ""
        return None, ""  # unchanged

    @hook(HookName.MessageHasBeenPosted)
    def has_posted(self, context: Context, post: Post) -> None:
        self.seen.append(("has", post.id))
        if post.message == "echo":
            self.api.create_post(channel_id=post.channel_id, user_id=post.user_id, message="ECHO")

    @hook(HookName.ReactionHasBeenAdded)
    def reacted(self, context: Context, reaction: Reaction) -> None:
        self.seen.append(("reaction", reaction.emoji_name))

    @hook(HookName.UserHasJoinedChannel)
    def joined(self, context: Context, member: Any, actor: User | None) -> None:
        self.seen.append(("joined", member.user_id))

    @hook(HookName.OnConfigurationChange)
    def configured(self) -> None:
        self.seen.append(("config", self.api.get_plugin_config().get("level")))


def test_create_post_runs_the_attached_plugins_hooks(
    fake: FakeMattermost, world: dict[str, Any]
) -> None:
    plugin = fake.activate(Moderator)
    assert plugin.seen == [("config", None)]
    channel, alice = world["channel"], world["alice"]
    kept = fake.post_as(alice.id, channel.id, "hello")
    assert plugin.seen[-2:] == [("will", "hello"), ("has", kept.id)]
    assert "from_plugin" not in (kept.props or {})
    shouted = plugin.api.create_post(channel_id=channel.id, user_id=alice.id, message="shout hi")
    assert shouted.message == "HI"
    assert fake.posts[shouted.id].message == "HI"
    with pytest.raises(ValidationError) as exc:
        fake.post_as(alice.id, channel.id, "buy spam")
    assert exc.value.error_id == "Post rejected by plugin. no spam"
    assert exc.value.status_code == 400
    assert all(p.message != "buy spam" for p in fake.posts.values())
    fake.post_as(alice.id, channel.id, "echo")  # the hook posts during the hook
    assert [p.message for p in fake.posts.values()][-2:] == ["echo", "ECHO"]


def test_other_server_events_run_hooks(fake: FakeMattermost, world: dict[str, Any]) -> None:
    plugin = fake.activate(Moderator)
    post = fake.post_as(world["alice"].id, world["channel"].id, "x")
    fake.api.add_reaction(Reaction(user_id=world["bob"].id, post_id=post.id, emoji_name="ok"))
    carol = fake.add_user(username="carol")
    fake.add_team_member(world["team"].id, carol.id)
    fake.api.save_plugin_config({"level": "high"})
    assert ("reaction", "ok") in plugin.seen
    assert ("joined", carol.id) in plugin.seen  # joining the team joins its default channels
    assert plugin.seen[-1] == ("config", "high")


def test_fire_runs_a_hook_through_the_dispatcher(fake: FakeMattermost) -> None:
    plugin = fake.connect(Moderator())
    assert fake.fire(plugin, HookName.MessageWillBePosted, post=Post(message="spam")) == (
        None,
        "no spam",
    )
    replaced, reason = fake.fire(plugin, "MessageWillBePosted", post={"message": "shout yo"})
    assert (replaced.message, reason) == ("YO", "")
    with pytest.raises(LookupError, match="no handler for hook ExecuteCommand"):
        fake.fire(plugin, HookName.ExecuteCommand, args=CommandArgs(command="/x"))
    with pytest.raises(TypeError, match="needs the argument 'post'"):
        fake.fire(plugin, HookName.MessageWillBePosted)
    with pytest.raises(TypeError, match="has no argument"):
        fake.fire(plugin, HookName.MessageWillBePosted, post=Post(), postt=1)


class Broken(Plugin):
    @hook(HookName.MessageWillBePosted)
    def will_post(self, context: Context, post: Post) -> tuple[Post | None, str]:
        raise RuntimeError("handler bug")

    @hook(HookName.ExecuteCommand)
    def command(self, context: Context, args: CommandArgs) -> dict[str, str]:
        return {"not_a_field": "x"}


def test_failing_hooks_raise_by_default(fake: FakeMattermost, world: dict[str, Any]) -> None:
    fake.connect(Broken())
    with pytest.raises(HookError, match="RuntimeError: handler bug") as exc:
        fake.post_as(world["alice"].id, world["channel"].id, "hi")
    assert "Traceback" in str(exc.value)
    assert exc.value.failure.hook == "MessageWillBePosted"


def test_failing_hooks_fail_open_when_recorded() -> None:
    fake = FakeMattermost(hook_errors="record")
    alice = fake.add_user(username="alice")
    channel = fake.add_channel(fake.add_team().id, members=[alice.id])
    fake.connect(Broken())
    post = fake.post_as(alice.id, channel.id, "hi")  # the server goes on with the post
    assert post.message == "hi"
    assert [f.hook for f in fake.hook_failures] == ["MessageWillBePosted"]
    assert "handler bug" in fake.logged("error")[0]
    fake.api.register_command(trigger="x")
    with pytest.raises(PluginAPIError) as exc:  # ExecuteCommand fails closed
        fake.run_command(alice.id, channel.id, "/x")
    assert exc.value.status_code == 500
    assert "not_a_field" in fake.hook_failures[-1].message


def test_hook_answers_decode_like_the_server(fake: FakeMattermost) -> None:
    class Many(Plugin):
        @hook(HookName.FileWillBeUploaded)
        def upload(self, context: Any, info: Any, data: bytes) -> tuple[Any, str, bytes]:
            info.name = "renamed.txt"
            return info, "", data.upper()

        @hook(HookName.UserWillLogIn)
        def login(self, context: Any, user: User) -> str:
            return "" if user.username == "ok" else "denied"

        @hook(HookName.RunDataRetention)
        def retention(self, now: int, batch: int) -> int:
            return now - batch

    plugin = fake.connect(Many())
    info, reason, data = fake.fire(
        plugin, HookName.FileWillBeUploaded, info={"name": "a.txt"}, file=b"abc"
    )
    assert (info.name, reason, data) == ("renamed.txt", "", b"ABC")
    assert fake.fire(plugin, "UserWillLogIn", user=make_user(username="no")) == "denied"
    assert fake.fire(plugin, "RunDataRetention", now_time=100, batch_size=7) == 93


def test_plugin_logger_goes_to_the_server_log(fake: FakeMattermost) -> None:
    class Chatty(Plugin):
        @hook(HookName.OnActivate)
        def on_activate(self) -> None:
            self.logger.warning("careful %s", "now")
            try:
                raise ValueError("bad")
            except ValueError:
                self.logger.exception("failed")

    fake.activate(Chatty)
    assert fake.logs[0].level == "warn"
    assert fake.logs[0].message == "careful now"
    assert fake.logs[1].level == "error"
    assert "ValueError: bad" in fake.logs[1].message


def test_activate_failure_raises_hook_error(fake: FakeMattermost) -> None:
    class NoStart(Plugin):
        @hook(HookName.OnActivate)
        def on_activate(self) -> None:
            self.api.get_user(new_id())

    with pytest.raises(HookError, match="NotFoundError"):
        fake.activate(NoStart)


def test_deactivate_runs_on_deactivate_and_detaches(
    fake: FakeMattermost, world: dict[str, Any]
) -> None:
    class Tracks(Plugin):
        stopped = False

        @hook(HookName.OnDeactivate)
        def stop(self) -> None:
            type(self).stopped = True

    plugin = fake.activate(Tracks)
    fake.deactivate(plugin)
    assert Tracks.stopped
    assert fake.plugins == []


def test_guide_style_mocks_keep_working_with_attach(
    fake: FakeMattermost, world: dict[str, Any]
) -> None:
    from unittest.mock import MagicMock

    plugin = Moderator()
    plugin.api = MagicMock()
    plugin.logger = MagicMock()
    fake.attach(plugin)
    fake.post_as(world["alice"].id, world["channel"].id, "hi")
    assert ("will", "hi") in plugin.seen
    assert plugin.will_post(None, Post(message="spam")) == (None, "no spam")


def test_answers_are_copies_not_the_servers_objects(fake: FakeMattermost) -> None:
    created = fake.add_user(username="alice", props={"k": "v"})
    assert fake.calls == []  # test conveniences do not go through the plugin API
    user = fake.api.get_user(created.id)
    assert json.loads(json.dumps(user.to_dict()))["props"] == {"k": "v"}
    user.username = "mallory"  # changing an answer does not change the server
    assert fake.api.get_user(created.id).username == "alice"
