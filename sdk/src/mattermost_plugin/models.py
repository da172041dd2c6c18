"""Mattermost data types as Python dataclasses.

Each class mirrors the protocol-buffer message of the same name in ``mmpy.v1`` (and Mattermost's
Go ``model`` type behind it) field by field, with the same snake_case names. Fields that travel
as JSON (``props_json``, ``metadata_json``, ``attachments_json``) appear decoded, without the
``_json`` suffix. All fields are keyword-only and have defaults, so ``Post(channel_id=...,
message=...)`` builds a post.

A model that came from the server remembers the message it was decoded from. When it is sent
back (a post returned from ``MessageWillBePosted``, a user passed to an API call) the SDK starts
from that message and overwrites the fields it knows, so fields added by a newer server survive
the round trip. ``dataclasses.replace`` builds a fresh object and drops that memory; modify the
object itself (or ``copy.copy`` it) to keep it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Command", "CommandArgs", "CommandResponse", "Context", "Post", "User"]


@dataclass(kw_only=True)
class Context:
    """Information about the request that triggered a hook (Go ``plugin.Context``).

    Attributes:
        session_id: session of the user who made the request, if any.
        request_id: id of the server request.
        ip_address: client IP address.
        accept_language: the client's ``Accept-Language`` header.
        user_agent: the client's ``User-Agent`` header.
    """

    session_id: str = ""
    request_id: str = ""
    ip_address: str = ""
    accept_language: str = ""
    user_agent: str = ""


@dataclass(kw_only=True)
class User:
    """A Mattermost user account (Go ``model.User``).

    Times are milliseconds since the Unix epoch. ``props``, ``notify_props`` and ``timezone``
    are string-to-string maps as Mattermost stores them. ``remote_id`` is ``None`` for local
    users and the remote cluster id for shared-channel users.
    """

    id: str = ""
    create_at: int = 0
    update_at: int = 0
    delete_at: int = 0
    username: str = ""
    auth_service: str = ""
    email: str = ""
    email_verified: bool = False
    nickname: str = ""
    first_name: str = ""
    last_name: str = ""
    position: str = ""
    roles: str = ""
    allow_marketing: bool = False
    props: dict[str, str] = field(default_factory=dict)
    notify_props: dict[str, str] = field(default_factory=dict)
    last_password_update: int = 0
    last_picture_update: int = 0
    failed_attempts: int = 0
    locale: str = ""
    timezone: dict[str, str] = field(default_factory=dict)
    mfa_active: bool = False
    remote_id: str | None = None
    last_activity_at: int = 0
    is_bot: bool = False
    bot_description: str = ""
    bot_last_icon_update: int = 0
    terms_of_service_id: str = ""
    terms_of_service_create_at: int = 0
    disable_welcome_email: bool = False
    last_login: int = 0


@dataclass(kw_only=True)
class Post:
    """A message in a channel (Go ``model.Post``).

    Attributes (selection):
        channel_id: channel the post belongs to.
        user_id: author.
        message: the text, in Markdown.
        root_id: id of the thread's root post, empty for a root post.
        type: empty for a normal post, a ``system_*`` or ``custom_*`` type otherwise.
        props: free-form properties (Go ``model.StringInterface``), decoded from JSON.
        metadata: the server-computed ``model.PostMetadata`` as a dict, ``None`` when absent.
        file_ids: ids of attached files.
        remote_id: ``None`` unless the post came from a shared channel.

    Times (``create_at`` …) are milliseconds since the Unix epoch.
    """

    id: str = ""
    create_at: int = 0
    update_at: int = 0
    edit_at: int = 0
    delete_at: int = 0
    is_pinned: bool = False
    user_id: str = ""
    channel_id: str = ""
    root_id: str = ""
    original_id: str = ""
    message: str = ""
    type: str = ""
    props: dict[str, Any] = field(default_factory=dict)
    hashtags: str = ""
    file_ids: list[str] = field(default_factory=list)
    pending_post_id: str = ""
    has_reactions: bool = False
    remote_id: str | None = None
    reply_count: int = 0
    last_reply_at: int = 0
    metadata: dict[str, Any] | None = None


@dataclass(kw_only=True)
class CommandArgs:
    """The arguments of a slash command invocation (Go ``model.CommandArgs``).

    Attributes:
        command: the full command line as typed, e.g. ``"/hello world"``.
        user_id, channel_id, team_id, root_id, parent_id: where and by whom it was run.
        trigger_id: id to open an interactive dialog in answer.
        site_url: the server's site URL.
        user_mentions, channel_mentions: ``@name``/``~name`` mentions resolved to ids.
    """

    user_id: str = ""
    channel_id: str = ""
    team_id: str = ""
    root_id: str = ""
    parent_id: str = ""
    trigger_id: str = ""
    command: str = ""
    site_url: str = ""
    user_mentions: dict[str, str] = field(default_factory=dict)
    channel_mentions: dict[str, str] = field(default_factory=dict)


@dataclass(kw_only=True)
class CommandResponse:
    """The answer to a slash command (Go ``model.CommandResponse``).

    Attributes:
        response_type: ``"ephemeral"`` (only the caller sees it) or ``"in_channel"``.
        text: the message text, in Markdown.
        username, icon_url: override the poster's name and icon.
        channel_id: post into this channel instead of the caller's.
        type: post type of the created post.
        props: post properties, as a dict.
        goto_location: a URL or path the client navigates to.
        trigger_id: id to open an interactive dialog.
        skip_slack_parsing: post ``text`` as is.
        attachments: Slack-style message attachments, as a list of dicts.
        extra_responses: further responses, posted after this one.
    """

    response_type: str = ""
    text: str = ""
    username: str = ""
    channel_id: str = ""
    icon_url: str = ""
    type: str = ""
    props: dict[str, Any] = field(default_factory=dict)
    goto_location: str = ""
    trigger_id: str = ""
    skip_slack_parsing: bool = False
    attachments: list[dict[str, Any]] = field(default_factory=list)
    extra_responses: list[CommandResponse] = field(default_factory=list)


@dataclass(kw_only=True)
class Command:
    """A slash command registration (Go ``model.Command``).

    For :meth:`PluginAPI.register_command` the useful fields are ``trigger`` (the word after
    ``/``, without the slash), ``auto_complete``, ``auto_complete_desc``,
    ``auto_complete_hint``, ``display_name``, ``description`` and, optionally, ``team_id``
    (empty: all teams). The server fills ``id``, ``token``, the times and ``plugin_id``.
    """

    id: str = ""
    token: str = ""
    create_at: int = 0
    update_at: int = 0
    delete_at: int = 0
    creator_id: str = ""
    team_id: str = ""
    trigger: str = ""
    method: str = ""
    username: str = ""
    icon_url: str = ""
    auto_complete: bool = False
    auto_complete_desc: str = ""
    auto_complete_hint: str = ""
    display_name: str = ""
    description: str = ""
    url: str = ""
    plugin_id: str = ""
