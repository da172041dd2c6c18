"""Hook recorder: records every hook call (hook name and key arguments) in the KV store.

``GET /plugins/com.mmpy.e2e.hookrecorder/records`` answers the records as a JSON list, in the
order they were made (``seq``). Some handlers act on what they get, so that the e2e test
(conformance/e2e/hooks_e2e_test.go) can see the effect over REST:

- MessageWillBePosted / MessageWillBeUpdated: "hookrec-rewrite" in a message becomes
  "rewritten-by-hookrecorder"; a new message with "hookrec-reject" is rejected.
- MessageHasBeenPosted: a message with "hookrec-echo" gets a reply from the plugin's bot
  (create_post inside a hook, which runs MessageWillBePosted of this plugin re-entrantly).
- ExecuteCommand (/hookrec): posts as the bot, then answers with the new post's id.
- UserWillLogIn: users whose name starts with "hookrec-blocked" may not log in.
- FileWillBeUploaded: "hookrec-rewrite.txt" gets new content, "hookrec-reject.txt" is
  rejected, "hookrec-rename.txt" is renamed (a replacement FileInfo).
- ConfigurationWillBeSaved: a site name "hookrec-rewrite-me" is saved as
  "rewritten by hookrecorder".
- MessagesWillBeConsumed: "hookrec-consume" in a post read by a client becomes
  "consumed-by-hookrecorder" (the stored post keeps its message).
- NotificationWillBePushed: a push for a message with "hookrec-notify" says "pushed by
  hookrecorder" instead.
- EmailNotificationWillBeSent: the subject gets a "[hookrec] " prefix.
- ServeMetrics: answers a Prometheus line with the number of records.
"""

from __future__ import annotations

import json
import time
from typing import Any

from mattermost_plugin import HookName, HTTPRequest, Plugin, hook
from mattermost_plugin.models import (
    ChannelMember,
    CommandArgs,
    Config,
    Context,
    EmailNotification,
    EmailNotificationContent,
    FileInfo,
    Post,
    Preference,
    PushNotification,
    Reaction,
    TeamMember,
    User,
    WebSocketRequest,
)

BOT_USERNAME = "hookrecorder-bot"
REWRITE_FROM = "hookrec-rewrite"
REWRITE_TO = "rewritten-by-hookrecorder"
REWRITTEN_FILE = b"rewritten by hookrecorder"
REWRITTEN_SITE_NAME = "rewritten by hookrecorder"
CONSUME_FROM = "hookrec-consume"
CONSUME_TO = "consumed-by-hookrecorder"
NOTIFY_MARK = "hookrec-notify"
PUSHED_MESSAGE = "pushed by hookrecorder"


class HookRecorderPlugin(Plugin):
    def __init__(self) -> None:
        super().__init__()
        self.seq = 0
        self.bot_id = ""

    def record(self, hook_name: str, **args: Any) -> None:
        self.seq += 1
        rec = {"hook": hook_name, "seq": self.seq, "t": time.time_ns(), **args}
        self.api.kv_set_json(f"rec:{time.time_ns():020d}:{self.seq:06d}", rec)

    def records(self) -> list[Any]:
        keys = sorted(self.api.kv_list_prefix("rec:"))
        return [self.api.kv_get_json(k) for k in keys]

    # ---- lifecycle and configuration

    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        # Each activation starts a new log: the KV store outlives the plugin's removal.
        self.api.kv_delete_all()
        self.bot_id = self.api.ensure_bot(BOT_USERNAME, "Hook recorder bot")
        self.api.register_command(trigger="hookrec", auto_complete=True, display_name="hookrec")
        self.record("OnActivate", bot_id=self.bot_id)

    @hook(HookName.OnDeactivate)
    def on_deactivate(self) -> None:
        self.record("OnDeactivate")
        self.api.log_info("hookrecorder: OnDeactivate", "records", self.seq)

    @hook(HookName.OnConfigurationChange)
    def on_configuration_change(self) -> None:
        self.record("OnConfigurationChange")

    @hook(HookName.ConfigurationWillBeSaved)
    def configuration_will_be_saved(self, new_cfg: Config | None) -> Config | None:
        site_name = new_cfg.team_settings.site_name if new_cfg else None
        self.record("ConfigurationWillBeSaved", site_name=site_name)
        if new_cfg is not None and site_name == "hookrec-rewrite-me":
            new_cfg.team_settings.site_name = REWRITTEN_SITE_NAME
            return new_cfg
        return None

    # ---- HTTP and slash command

    @hook(HookName.ServeHTTP)
    def serve_http(self, context: Context | None, request: HTTPRequest) -> dict[str, Any]:
        if request.path == "/records":
            return {
                "status_code": 200,
                "headers": {"Content-Type": "application/json"},
                "body": json.dumps(self.records()),
            }
        self.record(
            "ServeHTTP",
            method=request.method,
            path=request.path,
            query=request.query,
            user_id=request.user_id,
            body=request.text,
        )
        return {
            "status_code": 200,
            "headers": {"Content-Type": "application/json", "X-Hookrec": "yes"},
            "body": json.dumps({"user_id": request.user_id, "path": request.path}),
        }

    @hook(HookName.ServeMetrics)
    def serve_metrics(self, context: Context | None, request: HTTPRequest) -> dict[str, Any]:
        self.record("ServeMetrics", method=request.method, path=request.path)
        return {
            "status_code": 200,
            "headers": {"Content-Type": "text/plain; version=0.0.4"},
            "body": f"hookrec_records_total {self.seq}\n",
        }

    # ---- reads and notifications

    @hook(HookName.MessagesWillBeConsumed)
    def messages_will_be_consumed(self, posts: list[Post | None] | None) -> list[Post | None]:
        out: list[Post | None] = []
        for p in posts or []:
            if p is not None and CONSUME_FROM in p.message:
                self.record("MessagesWillBeConsumed", post_id=p.id, message=p.message)
                p.message = p.message.replace(CONSUME_FROM, CONSUME_TO)
            out.append(p)
        return out

    @hook(HookName.NotificationWillBePushed)
    def notification_will_be_pushed(
        self, notification: PushNotification | None, user_id: str
    ) -> tuple[PushNotification | None, str]:
        if notification is None or NOTIFY_MARK not in notification.message:
            return None, ""
        self.record(
            "NotificationWillBePushed",
            user_id=user_id,
            post_id=notification.post_id,
            channel_id=notification.channel_id,
            message=notification.message,
        )
        notification.message = PUSHED_MESSAGE
        return notification, ""

    @hook(HookName.EmailNotificationWillBeSent)
    def email_notification_will_be_sent(
        self, email: EmailNotification | None
    ) -> tuple[EmailNotificationContent | None, str]:
        if email is None:
            return None, ""
        self.record(
            "EmailNotificationWillBeSent",
            user_id=email.recipient_id,
            post_id=email.post_id,
            channel_id=email.channel_id,
            sender_id=email.sender_id,
            subject=email.subject,
        )
        return EmailNotificationContent(subject="[hookrec] " + email.subject), ""

    @hook(HookName.ExecuteCommand)
    def execute_command(self, context: Context | None, args: CommandArgs | None) -> dict[str, Any]:
        assert args is not None
        self.record(
            "ExecuteCommand",
            command=args.command,
            user_id=args.user_id,
            channel_id=args.channel_id,
            team_id=args.team_id,
        )
        inner = self.api.create_post(
            channel_id=args.channel_id,
            user_id=self.bot_id,
            message=f"posted by /hookrec for {args.user_id}",
        )
        return {"response_type": "ephemeral", "text": f"inner post {inner.id}"}

    # ---- posts

    @hook(HookName.MessageWillBePosted)
    def message_will_be_posted(self, context: Context | None, post: Post | None) -> Any:
        assert post is not None
        self.record(
            "MessageWillBePosted",
            message=post.message,
            user_id=post.user_id,
            channel_id=post.channel_id,
        )
        if "hookrec-reject" in post.message:
            return None, "rejected by hookrecorder"
        if REWRITE_FROM in post.message:
            post.message = post.message.replace(REWRITE_FROM, REWRITE_TO)
            return post, ""
        return None

    @hook(HookName.MessageWillBeUpdated)
    def message_will_be_updated(
        self, context: Context | None, new_post: Post | None, old_post: Post | None
    ) -> Any:
        assert new_post is not None
        assert old_post is not None
        self.record(
            "MessageWillBeUpdated",
            post_id=new_post.id,
            new_message=new_post.message,
            old_message=old_post.message,
        )
        if REWRITE_FROM in new_post.message:
            new_post.message = new_post.message.replace(REWRITE_FROM, REWRITE_TO)
        return new_post, ""

    @hook(HookName.MessageHasBeenPosted)
    def message_has_been_posted(self, context: Context | None, post: Post | None) -> None:
        assert post is not None
        self.record(
            "MessageHasBeenPosted", post_id=post.id, message=post.message, user_id=post.user_id
        )
        if "hookrec-echo" in post.message and post.user_id != self.bot_id:
            self.api.create_post(
                channel_id=post.channel_id,
                user_id=self.bot_id,
                message=f"echo of {post.id}",
                root_id=post.id,
            )

    @hook(HookName.MessageHasBeenUpdated)
    def message_has_been_updated(
        self, context: Context | None, new_post: Post | None, old_post: Post | None
    ) -> None:
        assert new_post is not None
        assert old_post is not None
        self.record(
            "MessageHasBeenUpdated",
            post_id=new_post.id,
            new_message=new_post.message,
            old_message=old_post.message,
        )

    @hook(HookName.MessageHasBeenDeleted)
    def message_has_been_deleted(self, context: Context | None, post: Post | None) -> None:
        assert post is not None
        self.record("MessageHasBeenDeleted", post_id=post.id, message=post.message)

    @hook(HookName.ReactionHasBeenAdded)
    def reaction_added(self, context: Context | None, reaction: Reaction | None) -> None:
        assert reaction is not None
        self.record(
            "ReactionHasBeenAdded",
            post_id=reaction.post_id,
            user_id=reaction.user_id,
            emoji_name=reaction.emoji_name,
        )

    @hook(HookName.ReactionHasBeenRemoved)
    def reaction_removed(self, context: Context | None, reaction: Reaction | None) -> None:
        assert reaction is not None
        self.record(
            "ReactionHasBeenRemoved",
            post_id=reaction.post_id,
            user_id=reaction.user_id,
            emoji_name=reaction.emoji_name,
        )

    # ---- users

    @hook(HookName.UserHasBeenCreated)
    def user_created(self, context: Context | None, user: User | None) -> None:
        assert user is not None
        self.record("UserHasBeenCreated", user_id=user.id, username=user.username)

    @hook(HookName.UserWillLogIn)
    def user_will_log_in(self, context: Context | None, user: User | None) -> str:
        assert user is not None
        self.record("UserWillLogIn", user_id=user.id, username=user.username)
        if user.username.startswith("hookrec-blocked"):
            return "login blocked by hookrecorder"
        return ""

    @hook(HookName.UserHasLoggedIn)
    def user_logged_in(self, context: Context | None, user: User | None) -> None:
        assert user is not None
        self.record("UserHasLoggedIn", user_id=user.id, username=user.username)

    @hook(HookName.UserHasBeenDeactivated)
    def user_deactivated(self, context: Context | None, user: User | None) -> None:
        assert user is not None
        self.record("UserHasBeenDeactivated", user_id=user.id, delete_at=user.delete_at)

    @hook(HookName.PreferencesHaveChanged)
    def preferences_changed(
        self, context: Context | None, preferences: list[Preference] | None
    ) -> None:
        self.record(
            "PreferencesHaveChanged",
            preferences=[
                {"user_id": p.user_id, "category": p.category, "name": p.name, "value": p.value}
                for p in preferences or []
            ],
        )

    # ---- channels and teams

    @hook(HookName.ChannelHasBeenCreated)
    def channel_created(self, context: Context | None, channel: Any) -> None:
        assert channel is not None
        self.record(
            "ChannelHasBeenCreated",
            channel_id=channel.id,
            name=channel.name,
            team_id=channel.team_id,
        )

    @hook(HookName.UserHasJoinedChannel)
    def joined_channel(
        self, context: Context | None, channel_member: ChannelMember | None, actor: User | None
    ) -> None:
        assert channel_member is not None
        self.record(
            "UserHasJoinedChannel",
            channel_id=channel_member.channel_id,
            user_id=channel_member.user_id,
            actor_id=actor.id if actor else "",
        )

    @hook(HookName.UserHasLeftChannel)
    def left_channel(
        self, context: Context | None, channel_member: ChannelMember | None, actor: User | None
    ) -> None:
        assert channel_member is not None
        self.record(
            "UserHasLeftChannel",
            channel_id=channel_member.channel_id,
            user_id=channel_member.user_id,
            actor_id=actor.id if actor else "",
        )

    @hook(HookName.UserHasJoinedTeam)
    def joined_team(
        self, context: Context | None, team_member: TeamMember | None, actor: User | None
    ) -> None:
        assert team_member is not None
        self.record(
            "UserHasJoinedTeam",
            team_id=team_member.team_id,
            user_id=team_member.user_id,
            actor_id=actor.id if actor else "",
        )

    @hook(HookName.UserHasLeftTeam)
    def left_team(
        self, context: Context | None, team_member: TeamMember | None, actor: User | None
    ) -> None:
        assert team_member is not None
        self.record(
            "UserHasLeftTeam",
            team_id=team_member.team_id,
            user_id=team_member.user_id,
            actor_id=actor.id if actor else "",
        )

    # ---- files

    @hook(HookName.FileWillBeUploaded)
    def file_will_be_uploaded(
        self, context: Context | None, info: FileInfo | None, file: bytes
    ) -> Any:
        assert info is not None
        self.record(
            "FileWillBeUploaded",
            name=info.name,
            size=info.size,
            content=file[:64].decode("utf-8", errors="replace"),
        )
        if info.name == "hookrec-rewrite.txt":
            return None, "", REWRITTEN_FILE
        if info.name == "hookrec-reject.txt":
            return None, "file rejected by hookrecorder", None
        if info.name == "hookrec-rename.txt":
            info.name = "renamed-by-hookrecorder.txt"
            return info, "", None
        return None

    # ---- websocket

    @hook(HookName.OnWebSocketConnect)
    def ws_connect(self, web_conn_id: str, user_id: str) -> None:
        self.record("OnWebSocketConnect", conn_id=web_conn_id, user_id=user_id)

    @hook(HookName.OnWebSocketDisconnect)
    def ws_disconnect(self, web_conn_id: str, user_id: str) -> None:
        self.record("OnWebSocketDisconnect", conn_id=web_conn_id, user_id=user_id)

    @hook(HookName.WebSocketMessageHasBeenPosted)
    def ws_message(self, web_conn_id: str, user_id: str, req: WebSocketRequest | None) -> None:
        self.record(
            "WebSocketMessageHasBeenPosted",
            conn_id=web_conn_id,
            user_id=user_id,
            action=req.action if req else "",
            data=req.data if req else None,
        )


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin

    run_plugin(HookRecorderPlugin)
