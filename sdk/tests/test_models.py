"""Models <-> protocol buffers: every field, JSON fields, type checks, unknown fields."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from fakehost import FakeHost
from mattermost_plugin import (
    Command,
    CommandArgs,
    CommandResponse,
    Context,
    HookName,
    Plugin,
    Post,
    User,
    hook,
)
from mattermost_plugin._abi import mmpy_pb2 as pb
from mattermost_plugin._convert import from_proto, to_proto

MODELS = [Context, User, Post, CommandArgs, CommandResponse, Command]

# An unknown field as a newer host might send it: field 99, varint 1 (tag 99<<3|0 = 0x98 0x06).
UNKNOWN = b"\x98\x06\x01"
UNKNOWN_2 = b"\xa2\x06\x03abc"  # field 100, length-delimited "abc"


def filled(message_type: type[Message]) -> Message:
    """A message of this type with every field set to a distinct non-default value."""
    msg = message_type()
    for i, fd in enumerate(message_type.DESCRIPTOR.fields, start=1):
        name = fd.name
        if name.endswith("_json"):
            value: bytes = b'[{"n":%d}]' % i if name == "attachments_json" else b'{"n":%d}' % i
            setattr(msg, name, value)
        elif fd.message_type is not None and fd.message_type.GetOptions().map_entry:
            getattr(msg, name).update({f"k{i}": f"v{i}", "x": "y"})
        elif fd.is_repeated and fd.message_type is not None:
            getattr(msg, name).add().text = f"nested {i}"
        elif fd.is_repeated:
            getattr(msg, name).extend([f"a{i}", f"b{i}"])
        elif fd.type == FieldDescriptor.TYPE_STRING:
            setattr(msg, name, f"{name}-{i}")
        elif fd.type == FieldDescriptor.TYPE_BOOL:
            setattr(msg, name, True)
        else:
            setattr(msg, name, 1000 + i)
    return msg


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_proto_field_has_a_model_field(model: type[Any]) -> None:
    proto_names = {
        fd.name.removesuffix("_json") for fd in getattr(pb, model.__name__).DESCRIPTOR.fields
    }
    model_names = {f.name for f in dataclasses.fields(model)}
    assert model_names == proto_names
    assert model.__doc__


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_round_trip_of_a_fully_populated_message(model: type[Any]) -> None:
    message = filled(getattr(pb, model.__name__))
    decoded = from_proto(message)
    assert type(decoded) is model
    assert to_proto(decoded) == message
    # and without the remembered original: a model built by hand encodes the same
    rebuilt = model(**{f.name: getattr(decoded, f.name) for f in dataclasses.fields(model)})
    assert to_proto(rebuilt) == message


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_default_model_encodes_to_an_empty_message(model: type[Any]) -> None:
    assert to_proto(model()).SerializeToString() == b""
    assert from_proto(getattr(pb, model.__name__)()) == model()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_unknown_fields_survive_a_round_trip(model: type[Any]) -> None:
    message_type = getattr(pb, model.__name__)
    data = filled(message_type).SerializeToString() + UNKNOWN + UNKNOWN_2
    decoded = from_proto(message_type.FromString(data))
    first = next(f for f in dataclasses.fields(model) if f.type == "str")
    setattr(decoded, first.name, "changed")
    out = to_proto(decoded).SerializeToString()
    assert UNKNOWN in out
    assert UNKNOWN_2 in out
    reparsed = message_type.FromString(out)
    assert getattr(reparsed, first.name) == "changed"


def test_unknown_fields_survive_in_nested_command_responses() -> None:
    inner = pb.CommandResponse(text="inner").SerializeToString() + UNKNOWN
    outer = pb.CommandResponse(text="outer").SerializeToString()
    outer += b"\x62" + bytes([len(inner)]) + inner  # field 12 (extra_responses), length-delimited
    decoded = from_proto(pb.CommandResponse.FromString(outer))
    assert decoded.extra_responses[0].text == "inner"
    decoded.extra_responses[0].text = "INNER"
    out = to_proto(decoded)
    assert out.extra_responses[0].text == "INNER"
    assert UNKNOWN in out.extra_responses[0].SerializeToString()


def test_unknown_post_fields_survive_message_will_be_posted() -> None:
    class Upper(Plugin):
        @hook(HookName.MessageWillBePosted)
        def upper(self, context: Context, post: Post) -> tuple[Post, str]:
            post.message = post.message.upper()
            return post, ""

    post_bytes = pb.Post(id="p1", message="hi", props_json=b'{"a":1}').SerializeToString() + UNKNOWN
    request = (
        pb.HookMessageWillBePostedRequest(context=pb.Context(request_id="r")).SerializeToString()
        + b"\x12"  # field 2 (post), length-delimited
        + bytes([len(post_bytes)])
        + post_bytes
    )
    host = FakeHost([pb.HookCall(hook="MessageWillBePosted", request=request)])
    from mattermost_plugin.server import serve

    serve(Upper, host)
    response = host.response("MessageWillBePosted")
    assert response.post.message == "HI"
    assert response.post.id == "p1"
    assert UNKNOWN in response.post.SerializeToString()


def test_copy_keeps_the_original_and_asdict_hides_it() -> None:
    decoded = from_proto(pb.Post.FromString(pb.Post(message="m").SerializeToString() + UNKNOWN))
    duplicate = copy.copy(decoded)
    duplicate.message = "other"
    assert UNKNOWN in to_proto(duplicate).SerializeToString()
    assert dataclasses.asdict(decoded) == dataclasses.asdict(Post(message="m"))
    assert decoded == Post(message="m")  # the remembered message is not part of equality
    assert "_mmpy" not in repr(decoded)


def test_json_fields_decode_to_python_values() -> None:
    post = from_proto(
        pb.Post(
            props_json=b'{"attachments":[{"text":"x"}],"count":2,"flag":true,"none":null}',
            metadata_json=b'{"embeds":[{"type":"link"}]}',
        ),
    )
    assert post.props == {"attachments": [{"text": "x"}], "count": 2, "flag": True, "none": None}
    assert post.metadata == {"embeds": [{"type": "link"}]}
    empty = from_proto(pb.Post())
    assert empty.props == {}
    assert empty.metadata is None
    assert from_proto(pb.Post(props_json=b"null", metadata_json=b"null")) == Post()
    response = from_proto(pb.CommandResponse(attachments_json=b'[{"title":"t"}]'))
    assert response.attachments == [{"title": "t"}]
    assert from_proto(pb.CommandResponse()).attachments == []


def test_json_fields_encode_compactly_and_empty_means_absent() -> None:
    msg = to_proto(Post(props={"ü": "ß", "n": [1, 2.5]}, metadata={}))
    assert msg.props_json == '{"ü":"ß","n":[1,2.5]}'.encode()
    assert msg.metadata_json == b"{}"  # an empty dict is not None
    assert to_proto(Post(props={}, metadata=None)).SerializeToString() == b""
    attachments = to_proto(CommandResponse(attachments=[{"text": "a"}])).attachments_json
    assert attachments == b'[{"text":"a"}]'


@pytest.mark.parametrize(
    ("model", "message"),
    [
        (Post(props=None), "Post.props must be a dict, got NoneType"),  # type: ignore[arg-type]
        (Post(props={"x": object()}), "Post.props must be JSON-serializable"),
        (Post(props={"x": float("nan")}), "Post.props must be JSON-serializable"),
        (CommandResponse(attachments={"a": 1}), "CommandResponse.attachments must be a list"),  # type: ignore[arg-type]
        (User(notify_props={"a": 1}), "User.notify_props must map str to str, got str -> int"),  # type: ignore[dict-item]
        (User(timezone=[]), "User.timezone must be a dict of str to str, got list"),  # type: ignore[arg-type]
        (User(failed_attempts=2**31), "User.failed_attempts = 2147483648 is out of range"),
        (Context(session_id=1), "Context.session_id must be str, got int"),  # type: ignore[arg-type]
        (
            CommandResponse(extra_responses=[{"text": "x"}]),  # type: ignore[list-item]
            "CommandResponse.extra_responses[0] must be CommandResponse, got dict",
        ),
    ],
)
def test_encoding_checks_types_and_names_the_field(model: Any, message: str) -> None:
    with pytest.raises((TypeError, ValueError)) as info:
        to_proto(model)
    assert message in str(info.value)


def test_optional_remote_id_maps_none_to_unset() -> None:
    assert not to_proto(User()).HasField("remote_id")
    msg = to_proto(User(remote_id=""))
    assert msg.HasField("remote_id")  # "" is not None
    assert from_proto(msg).remote_id == ""
    assert from_proto(pb.User()).remote_id is None
    decoded = from_proto(pb.User(remote_id="r1"))
    decoded.remote_id = None
    assert not to_proto(decoded).HasField("remote_id")


def test_models_are_keyword_only_dataclasses() -> None:
    with pytest.raises(TypeError):
        Post("id")  # type: ignore[misc]
    post = Post(channel_id="c", message="m")
    assert post.file_ids == []
    assert post.file_ids is not Post().file_ids


def test_subclassed_models_encode_as_their_base() -> None:
    class MyPost(Post):
        pass

    assert to_proto(MyPost(message="x")) == pb.Post(message="x")
