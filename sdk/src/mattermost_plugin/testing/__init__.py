"""Testing plugins without a server: an in-memory Mattermost (:class:`FakeMattermost`) that
answers the plugin API through the real client, runs the plugin's hooks as the server does,
and records every call; model builders (``make_user``, ``make_post``, ...); and pytest
fixtures (``mattermost``, ``api``, ``plugin_factory``, ``fire_hook``), available wherever the
SDK is installed.

::

    from mattermost_plugin.testing import FakeMattermost

    def test_greets_new_posts():
        fake = FakeMattermost()
        plugin = fake.activate(MyPlugin)
        alice = fake.add_user(username="alice")
        channel = fake.add_channel(fake.add_team().id, members=[alice.id])
        fake.post_as(alice.id, channel.id, "hello")
        assert fake.calls_to("CreatePost")
"""

from __future__ import annotations

from ._core import Call, FakeClock, HookError, HookFailure
from ._factories import (
    is_valid_id,
    make_bot,
    make_channel,
    make_channel_member,
    make_command,
    make_file_info,
    make_post,
    make_reaction,
    make_team,
    make_team_member,
    make_user,
    new_id,
)
from ._fake import EphemeralPost, FakeMattermost, LogEntry, WebSocketEvent

__all__ = [
    "Call",
    "EphemeralPost",
    "FakeClock",
    "FakeMattermost",
    "HookError",
    "HookFailure",
    "LogEntry",
    "WebSocketEvent",
    "is_valid_id",
    "make_bot",
    "make_channel",
    "make_channel_member",
    "make_command",
    "make_file_info",
    "make_post",
    "make_reaction",
    "make_team",
    "make_team_member",
    "make_user",
    "new_id",
]
