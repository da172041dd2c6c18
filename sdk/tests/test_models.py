"""The generated models: JSON round trips (lossless, forward compatible), nil vs empty, int64,
bytes as base64, nested models, and the tables at the end of ``models``."""

from __future__ import annotations

import base64
import dataclasses
import json
from typing import Any

import pytest

from fakehost import FakeHost, hook_call, unjs
from mattermost_plugin import (
    CommandResponse,
    Context,
    FileInfo,
    HookName,
    Plugin,
    Post,
    User,
    hook,
    models,
)
from mattermost_plugin import _wire as w
from mattermost_plugin.models import (
    JSON_KEYS,
    MODELS,
    PluginClusterEvent,
    PluginKVSetOptions,
    PostImage,
    PostMetadata,
    PostPriority,
    Reaction,
)
from mattermost_plugin.server import serve
from samples import filled

ALL = sorted(MODELS.values(), key=lambda c: c.__name__)


def through_json(value: Any) -> Any:
    """``value`` after a trip through JSON bytes, as the ABI carries it."""
    return w.loads(w.dumps(value))


# ---------------------------------------------------------------- tables and shape


def test_tables_list_every_model() -> None:
    assert set(MODELS) == {c.__name__ for c in JSON_KEYS}
    assert set(MODELS) <= set(models.__all__)
    for name, cls in MODELS.items():
        assert cls.__name__ == name
        assert getattr(models, name) is cls
    for cls in (Post, User, Context, CommandResponse, FileInfo, Reaction):
        assert MODELS[cls.__name__] is cls


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_zero_value_round_trip(cls: type[Any]) -> None:
    zero = cls()
    d = zero.to_dict()
    assert set(d) <= JSON_KEYS[cls]
    assert cls.from_dict(through_json(d)) == zero
    assert cls.__doc__
    assert dataclasses.is_dataclass(cls)


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_filled_round_trip_is_lossless(cls: type[Any]) -> None:
    value = filled(cls)
    d = value.to_dict()
    assert set(d) == JSON_KEYS[cls]  # every field has its JSON key, and only those
    wire = through_json(d)
    assert wire == d  # plain JSON: nothing needs a custom encoder
    back = cls.from_dict(wire)
    assert back == value
    assert back._unknown == {}
    assert back.to_dict() == d


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_unknown_keys_are_kept_and_sent_back(cls: type[Any]) -> None:
    d = filled(cls, depth=1).to_dict()
    extra = {"zz_added_by_a_newer_server": {"nested": [1, "two"]}, "zz_flag": False}
    value = cls.from_dict(through_json({**d, **extra}))
    assert value._unknown == extra
    assert "zz_added" not in repr(value)
    assert value.to_dict() == {**d, **extra}
    changed = dataclasses.replace(value)  # copies keep them too
    assert changed.to_dict() == {**d, **extra}


def test_models_are_keyword_only_dataclasses_with_fresh_defaults() -> None:
    with pytest.raises(TypeError):
        Post("id")  # type: ignore[misc]
    assert Post().file_ids is None
    assert Post()._unknown is not Post()._unknown


def test_from_dict_needs_a_json_object() -> None:
    with pytest.raises(
        TypeError, match=r"Post must be built from a dict \(its JSON object\), got list"
    ):
        Post.from_dict([])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"PostMetadata must be built from a dict .*, got str"):
        Post.from_dict({"metadata": "x"})


# ---------------------------------------------------------------- Go semantics


def test_nil_and_empty_stay_distinct() -> None:
    nil = Post()
    empty = Post(props={}, file_ids=[], participants=[])
    assert nil.to_dict()["props"] is None
    assert nil.to_dict()["file_ids"] is None
    assert nil.to_dict()["participants"] is None
    assert empty.to_dict()["props"] == {}
    assert empty.to_dict()["file_ids"] == []
    assert empty.to_dict()["participants"] == []
    assert Post.from_dict(through_json(nil.to_dict())) == nil
    assert Post.from_dict(through_json(empty.to_dict())) == empty
    assert Post.from_dict({"file_ids": None}).file_ids is None
    assert Post.from_dict({"file_ids": []}).file_ids == []
    assert Post.from_dict({}).props is None  # absent is nil too


def test_omitempty_fields_follow_go() -> None:
    # `json:",omitempty"`: Go leaves out nil and empty maps/slices, zero numbers and "".
    assert "notify_props" not in User(notify_props={}).to_dict()
    assert "notify_props" not in User().to_dict()
    assert User(notify_props={"a": "b"}).to_dict()["notify_props"] == {"a": "b"}
    assert "create_at" not in User().to_dict()
    assert "metadata" not in Post().to_dict()
    assert Post(metadata=PostMetadata()).to_dict()["metadata"] == {}  # non-nil pointer
    # optional pointers: None is absent, "" is present
    assert "remote_id" not in Post().to_dict()
    assert Post(remote_id="").to_dict()["remote_id"] == ""
    assert Post.from_dict({"remote_id": ""}).remote_id == ""
    assert Post.from_dict({}).remote_id is None
    assert Post(is_following=False).to_dict()["is_following"] is False


@pytest.mark.parametrize("n", [2**53 + 1, 2**63 - 1, -(2**63), 9007199254740993])
def test_int64_beyond_float_precision_is_exact(n: int) -> None:
    post = Post(create_at=n, update_at=n - 1, reply_count=n)
    data = w.dumps(post.to_dict())
    assert str(n).encode() in data  # written as an integer literal
    back = Post.from_dict(w.loads(data))
    assert (back.create_at, back.update_at, back.reply_count) == (n, n - 1, n)


def test_bytes_fields_are_base64() -> None:
    raw = bytes(range(256))
    info = FileInfo(id="f", mini_preview=raw)
    d = info.to_dict()
    assert d["mini_preview"] == base64.b64encode(raw).decode()
    assert FileInfo.from_dict(through_json(d)).mini_preview == raw
    # nil vs empty []byte: null vs ""
    assert FileInfo(mini_preview=b"").to_dict()["mini_preview"] == ""
    assert FileInfo.from_dict({"mini_preview": ""}).mini_preview == b""
    assert FileInfo.from_dict({"mini_preview": None}).mini_preview is None
    # Go field names where the struct has no JSON tags
    event = PluginClusterEvent(id="e", data=b"\x00payload")
    assert event.to_dict() == {"Id": "e", "Data": base64.b64encode(b"\x00payload").decode()}
    assert PluginClusterEvent.from_dict(event.to_dict()) == event
    options = PluginKVSetOptions(atomic=True, old_value=b"old", expire_in_seconds=5)
    assert options.to_dict() == {
        "Atomic": True,
        "OldValue": base64.b64encode(b"old").decode(),
        "ExpireInSeconds": 5,
    }


def test_nested_models_decode_to_their_classes() -> None:
    d = {
        "id": "p1",
        "message": "with metadata",
        "participants": [{"id": "u1", "username": "alice"}],
        "metadata": {
            "files": [
                {"id": "f1", "name": "a.png", "mini_preview": base64.b64encode(b"\x01").decode()}
            ],
            "reactions": [{"user_id": "u1", "post_id": "p1", "emoji_name": "+1", "create_at": 1}],
            "images": {"https://x/img.png": {"width": 10, "height": 20, "format": "png"}},
            "priority": {"priority": "urgent", "requested_ack": True},
            "embeds": [{"type": "opengraph", "url": "https://x", "data": {"title": "t"}}],
            "future_metadata": [1],
        },
    }
    post = Post.from_dict(d)
    assert post.participants == [User(id="u1", username="alice")]
    meta = post.metadata
    assert isinstance(meta, PostMetadata)
    assert meta.files == [FileInfo(id="f1", name="a.png", mini_preview=b"\x01")]
    assert meta.reactions is not None
    assert meta.reactions[0] == Reaction(user_id="u1", post_id="p1", emoji_name="+1", create_at=1)
    assert meta.images == {"https://x/img.png": PostImage(width=10, height=20, format="png")}
    assert meta.priority == PostPriority(priority="urgent", requested_ack=True)
    assert meta.embeds is not None
    assert meta.embeds[0].data == {"title": "t"}  # interface{}: plain JSON value
    assert meta._unknown == {"future_metadata": [1]}
    out = post.to_dict()
    assert out["metadata"]["future_metadata"] == [1]
    assert out["metadata"]["files"][0]["mini_preview"] == "AQ=="
    assert Post.from_dict(through_json(out)) == post


def test_json_is_compact_utf8_and_refuses_nan() -> None:
    assert w.dumps({"ü": [1, 2.5]}) == '{"ü":[1,2.5]}'.encode()
    with pytest.raises(ValueError, match="Out of range float"):
        w.dumps({"x": float("nan")})
    assert w.loads(b"") is None
    assert w.loads(b"null") is None


# ---------------------------------------------------------------- through a hook


def test_unknown_and_nested_fields_survive_message_will_be_posted() -> None:
    class Upper(Plugin):
        @hook(HookName.MessageWillBePosted)
        def upper(self, context: Context, post: Post) -> tuple[Post, str]:
            post.message = post.message.upper()
            return post, ""

    sent = {
        "id": "p1",
        "message": "hi",
        "create_at": 2**62 + 1,
        "props": {"a": 1},
        "metadata": {"priority": {"priority": "important", "future_key": "x"}},
        "future_field": {"from": "a newer server"},
    }
    host = FakeHost([hook_call("MessageWillBePosted", c={"RequestId": "r"}, post=sent)])
    serve(Upper, host)
    back = unjs(host.response("MessageWillBePosted").result)
    assert back["message"] == "HI"
    assert back["create_at"] == 2**62 + 1
    assert back["future_field"] == {"from": "a newer server"}
    # the wire encoding leaves out zero members (Go decodes a missing one as its zero); the
    # unknown key stays
    assert back["metadata"] == {"priority": {"priority": "important", "future_key": "x"}}
    assert set(back) == {"id", "message", "create_at", "props", "metadata", "future_field"}
    assert Post.from_dict(back) == Post.from_dict({**Post().to_dict(), **back})


def test_wire_encoding_leaves_out_only_what_go_decodes_as_zero() -> None:
    post = Post(channel_id="c", props={}, file_ids=[], remote_id="", is_following=False)
    wire = models._c_Post(post)
    # zero scalars go; an empty map or list and a pointer to a zero value stay (not nil in Go)
    assert wire == {
        "channel_id": "c",
        "props": {},
        "file_ids": [],
        "remote_id": "",
        "is_following": False,
    }
    assert Post.from_dict(wire) == post
    assert post.to_dict() == models._e_Post(post)  # to_dict stays the full JSON
    assert set(post.to_dict()) > set(wire)


def test_model_arguments_of_api_calls_are_json_of_the_model() -> None:
    post = Post(channel_id="c", props={"n": [1, {"m": None}]}, file_ids=[])
    assert json.loads(w.dumps(w.opt(post, models._e_Post))) == post.to_dict()


def test_subclassed_models_encode_as_their_base() -> None:
    from mattermost_plugin import PluginAPI

    class MyPost(Post):
        def shout(self) -> str:
            return self.message.upper()

    assert MyPost(message="x").to_dict() == Post(message="x").to_dict()
    with pytest.raises(RuntimeError, match="not connected"):  # the type check accepted it
        PluginAPI(None).create_post(MyPost(message="x"))
