"""The guide's example plugin (examples/hello_python) tested through FakeMattermost: the same
PluginAPI client, hook dispatcher and models as in production, no mocks."""

from __future__ import annotations

import importlib.util
import os
from types import ModuleType
from typing import Any

import pytest

from mattermost_plugin import CommandResponse, HookName, Post, ValidationError
from mattermost_plugin.testing import FakeMattermost

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(os.path.dirname(os.path.dirname(HERE)), "examples", "hello_python")


def load_example() -> ModuleType:
    path = os.path.join(EXAMPLE, "server", "plugin.py")
    spec = importlib.util.spec_from_file_location("hello_python_plugin", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def hello(mattermost: FakeMattermost) -> Any:
    return mattermost.activate(load_example().HelloPythonPlugin)


@pytest.fixture
def mattermost() -> FakeMattermost:
    return FakeMattermost(server_version="10.5.0")


@pytest.fixture
def room(mattermost: FakeMattermost) -> dict[str, Any]:
    alice = mattermost.add_user(username="alice")
    team = mattermost.add_team(name="hello")
    channel = mattermost.add_channel(team.id, name="general", members=[alice.id])
    return {"alice": alice, "team": team, "channel": channel}


def test_activation_logs_and_registers_hello(mattermost: FakeMattermost, hello: Any) -> None:
    assert mattermost.logged("info") == [
        "Hello Python plugin activated!",
        "Server version: 10.5.0",
    ]
    (command,) = mattermost.commands
    assert command.trigger == "hello"
    assert command.auto_complete is True
    assert command.auto_complete_desc == "Say hello from Python"
    assert [c.method for c in mattermost.calls] == [
        "LogInfo",
        "GetServerVersion",
        "LogInfo",
        "RegisterCommand",
    ]


def test_badword_posts_are_rejected_by_the_server(
    mattermost: FakeMattermost, hello: Any, room: dict[str, Any]
) -> None:
    alice, channel = room["alice"], room["channel"]
    with pytest.raises(ValidationError) as exc:
        mattermost.post_as(alice.id, channel.id, "what a BadWord")
    assert exc.value.error_id == "Post rejected by plugin. Message blocked"
    assert mattermost.posts == {}
    post = mattermost.post_as(alice.id, channel.id, "hello everyone")
    assert mattermost.api.get_post(post.id).message == "hello everyone"


def test_the_filter_answers_through_the_dispatcher(hello: Any, mattermost: FakeMattermost) -> None:
    assert mattermost.fire(hello, HookName.MessageWillBePosted, post=Post(message="badword")) == (
        None,
        "Message blocked",
    )
    kept, reason = mattermost.fire(hello, HookName.MessageWillBePosted, post=Post(message="hi"))
    assert (kept.message, reason) == ("hi", "")


def test_hello_command_answers_the_user_ephemerally(
    mattermost: FakeMattermost, hello: Any, room: dict[str, Any]
) -> None:
    alice, channel = room["alice"], room["channel"]
    response = mattermost.run_command(alice.id, channel.id, "/hello")
    assert response == CommandResponse(response_type="ephemeral", text="Hello from Python!")
    (sent,) = mattermost.ephemeral_posts
    assert (sent.user_id, sent.post.channel_id, sent.post.message) == (
        alice.id,
        channel.id,
        "Hello from Python!",
    )
    assert mattermost.posts == {}  # ephemeral answers are not stored


def test_deactivation_logs(mattermost: FakeMattermost, hello: Any) -> None:
    mattermost.deactivate(hello)
    assert mattermost.logged()[-1] == "Hello Python plugin deactivated!"
