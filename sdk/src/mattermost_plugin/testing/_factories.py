"""Model builders with Mattermost-shaped defaults (26-character ids, millisecond times)."""

from __future__ import annotations

import itertools
import secrets
import time
from typing import Any

from mattermost_plugin.models import (
    Bot,
    Channel,
    ChannelMember,
    Command,
    FileInfo,
    Post,
    Reaction,
    Team,
    TeamMember,
    User,
)

__all__ = [
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
    "now_millis",
]

# Mattermost ids: 16 random bytes in base32 with its own alphabet, 26 characters (model.NewId).
_ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769"
_counter = itertools.count(1)


def new_id() -> str:
    """A new 26-character id like Mattermost's ``model.NewId()``."""
    n = int.from_bytes(secrets.token_bytes(16), "big")
    chars = []
    for _ in range(26):
        chars.append(_ALPHABET[n & 31])
        n >>= 5
    return "".join(chars)


def is_valid_id(value: str) -> bool:
    """Whether ``value`` looks like a Mattermost id (``model.IsValidId``: 26 lowercase
    alphanumerics)."""
    return len(value) == 26 and value.isascii() and value.isalnum() and value == value.lower()


def now_millis() -> int:
    """The wall clock in milliseconds since the epoch (Mattermost's ``model.GetMillis()``)."""
    return time.time_ns() // 1_000_000


def _n() -> int:
    return next(_counter)


def make_user(**fields: Any) -> User:
    """A :class:`User` with an id, a unique username and email, and the ``system_user`` role.

    Any field may be given: ``make_user(username="alice", roles="system_admin system_user")``.
    """
    n = _n()
    username = fields.pop("username", f"user{n}")
    values: dict[str, Any] = {
        "id": new_id(),
        "username": username,
        "email": f"{username}@example.com",
        "roles": "system_user",
        "locale": "en",
        "create_at": now_millis(),
    }
    values.update(fields)
    values["update_at"] = values.get("update_at") or values["create_at"]
    return User(**values)


def make_team(**fields: Any) -> Team:
    """An open :class:`Team` (``type="O"``) with an id, a unique name and a display name."""
    n = _n()
    name = fields.pop("name", f"team{n}")
    values: dict[str, Any] = {
        "id": new_id(),
        "name": name,
        "display_name": name.replace("-", " ").title(),
        "type": "O",
        "create_at": now_millis(),
    }
    values.update(fields)
    values["update_at"] = values.get("update_at") or values["create_at"]
    return Team(**values)


def make_channel(**fields: Any) -> Channel:
    """A public :class:`Channel` (``type="O"``) with an id, a unique name and a display name.

    Give ``team_id`` to put it in a team; ``type="P"`` makes it private.
    """
    n = _n()
    name = fields.pop("name", f"channel{n}")
    values: dict[str, Any] = {
        "id": new_id(),
        "name": name,
        "display_name": name.replace("-", " ").title(),
        "type": "O",
        "create_at": now_millis(),
    }
    values.update(fields)
    values["update_at"] = values.get("update_at") or values["create_at"]
    return Channel(**values)


def make_post(**fields: Any) -> Post:
    """A :class:`Post` with an id and times; give ``channel_id``, ``user_id`` and ``message``.

    To create a post on a fake server, pass one without ``id`` to ``api.create_post``.
    """
    values: dict[str, Any] = {"id": new_id(), "create_at": now_millis(), "message": "hello"}
    values.update(fields)
    values["update_at"] = values.get("update_at") or values["create_at"]
    return Post(**values)


def make_reaction(**fields: Any) -> Reaction:
    """A :class:`Reaction` (``emoji_name="+1"`` unless given)."""
    values: dict[str, Any] = {"emoji_name": "+1", "create_at": now_millis()}
    values.update(fields)
    return Reaction(**values)


def make_file_info(**fields: Any) -> FileInfo:
    """A :class:`FileInfo` with an id (``name="file.txt"`` unless given)."""
    name = fields.pop("name", "file.txt")
    values: dict[str, Any] = {
        "id": new_id(),
        "name": name,
        "extension": name.rpartition(".")[2].lower() if "." in name else "",
        "mime_type": "text/plain",
        "create_at": now_millis(),
    }
    values.update(fields)
    values["update_at"] = values.get("update_at") or values["create_at"]
    return FileInfo(**values)


def make_bot(**fields: Any) -> Bot:
    """A :class:`Bot` (give ``username``; ``user_id`` is set when the server creates it)."""
    n = _n()
    values: dict[str, Any] = {"username": f"bot{n}", "display_name": f"Bot {n}"}
    values.update(fields)
    return Bot(**values)


def make_team_member(**fields: Any) -> TeamMember:
    """A :class:`TeamMember` with the ``team_user`` role (give ``team_id`` and ``user_id``)."""
    values: dict[str, Any] = {"roles": "team_user", "scheme_user": True}
    values.update(fields)
    return TeamMember(**values)


def make_channel_member(**fields: Any) -> ChannelMember:
    """A :class:`ChannelMember` with the ``channel_user`` role (give ``channel_id`` and
    ``user_id``) and default notification settings."""
    values: dict[str, Any] = {
        "roles": "channel_user",
        "scheme_user": True,
        "notify_props": {
            "desktop": "default",
            "email": "default",
            "mark_unread": "all",
            "push": "default",
            "ignore_channel_mentions": "default",
        },
        "last_update_at": now_millis(),
    }
    values.update(fields)
    return ChannelMember(**values)


def make_command(**fields: Any) -> Command:
    """A slash :class:`Command` (``trigger="hello"`` unless given)."""
    values: dict[str, Any] = {"trigger": "hello", "auto_complete": True}
    values.update(fields)
    return Command(**values)
