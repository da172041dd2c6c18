"""Server errors as the fake answers them: Mattermost ``AppError`` ids, statuses and messages."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["AppError", "bad_request", "forbidden", "not_found", "plain_error"]

# English texts of the ids the fake uses (server i18n/en.json), so messages read as on a server.
_MESSAGES = {
    "app.user.missing_account.const": "Unable to find the user.",
    "app.user.get_by_username.app_error": (
        "Unable to find an existing account matching your username for this team. This team "
        "may require an invite from the team owner to join."
    ),
    "app.user.save.username_exists.app_error": "An account with that username already exists.",
    "app.user.save.email_exists.app_error": "An account with that email already exists.",
    "model.user.is_valid.username.app_error": (
        "Username must begin with a letter, and contain between 3 to 22 lowercase characters "
        'made up of numbers, letters, and the symbols ".", "-", and "_".'
    ),
    "model.user.is_valid.email.app_error": "Invalid email.",
    "app.team.get.find.app_error": "Unable to find the existing team.",
    "app.team.get_by_name.missing.app_error": "Unable to find the existing team.",
    "app.team.save.existing.app_error": "Must call update for existing team.",
    "model.team.is_valid.name.app_error": "Invalid name.",
    "model.team.is_valid.type.app_error": "Invalid type.",
    "app.team.get_member.missing.app_error": "No team member found for that user ID and team ID.",
    "app.channel.get.existing.app_error": "Unable to find the existing channel {{.channel_id}}.",
    "app.channel.get_by_name.missing.app_error": "Channel does not exist.",
    "store.sql_channel.save_channel.exists.app_error": (
        "A channel with that name already exists on the same team."
    ),
    "model.channel.is_valid.1_or_more.app_error": (
        "Name must be 1 or more lowercase alphanumeric characters."
    ),
    "model.channel.is_valid.type.app_error": "Invalid type.",
    "app.channel.get_member.missing.app_error": (
        "No channel member found for that user ID and channel ID."
    ),
    "api.channel.create_group.bad_size.app_error": (
        "Group message channels must contain at least 3 and no more than 8 users."
    ),
    "app.post.get.app_error": "Unable to get the post.",
    "model.post.is_valid.user_id.app_error": "Invalid user id.",
    "model.post.is_valid.channel_id.app_error": "Invalid channel id.",
    "model.post.is_valid.message_length.app_error": (
        "Message property length is greater than the maximum allowed length of {{.MaxLength}} "
        "characters."
    ),
    "api.post.create_post.root_id.app_error": "Invalid RootId parameter.",
    "model.reaction.is_valid.emoji_name.app_error": "Invalid emoji name.",
    "model.reaction.is_valid.user_id.app_error": "Invalid user id.",
    "app.file_info.get.app_error": "Unable to get the file info.",
    "model.plugin_key_value.is_valid.key.app_error": (
        "Invalid key, must be more than {{.Min}} and a of maximum {{.Max}} characters long."
    ),
    "model.plugin_kvset_options.is_valid.old_value.app_error": (
        "Invalid old value, it shouldn't be set when the operation is not atomic."
    ),
    "store.sql_bot.get.missing.app_error": "Bot does not exist.",
    "model.bot.is_valid.username.app_error": "Invalid username.",
    "plugin_api.bot_cant_create_bot": "Bot user cannot create bot user.",
    "api.command.execute_command.not_found.app_error": (
        "Command with a trigger of '{{.Trigger}}' not found. To send a message beginning with "
        '"/", try adding an empty space at the beginning of the message.'
    ),
    "app.preference.get.app_error": "We encountered an error while finding preferences.",
    "api.preference.update_preferences.set.app_error": "Unable to set user preferences.",
    "api.preference.delete_preferences.delete.app_error": "Unable to delete user preferences.",
}

_PLACEHOLDER = re.compile(r"\{\{\.(\w+)\}\}")


class AppError(Exception):
    """An error the fake server answers (Mattermost's ``model.AppError``)."""

    def __init__(
        self,
        where: str,
        error_id: str,
        status_code: int,
        params: dict[str, Any] | None = None,
        detailed_error: str = "",
        message: str | None = None,
    ) -> None:
        if message is None:
            text = _MESSAGES.get(error_id, error_id)  # the server shows unknown ids verbatim
            message = _PLACEHOLDER.sub(lambda m: str((params or {}).get(m.group(1), "")), text)
        super().__init__(message)
        self.where = where
        self.error_id = error_id
        self.status_code = status_code
        self.message = message
        self.detailed_error = detailed_error


def not_found(where: str, error_id: str, detailed_error: str = "", **params: Any) -> AppError:
    """A 404 ``AppError``."""
    return AppError(where, error_id, 404, params, detailed_error)


def bad_request(where: str, error_id: str, detailed_error: str = "", **params: Any) -> AppError:
    """A 400 ``AppError``."""
    return AppError(where, error_id, 400, params, detailed_error)


def forbidden(where: str, error_id: str, detailed_error: str = "", **params: Any) -> AppError:
    """A 403 ``AppError``."""
    return AppError(where, error_id, 403, params, detailed_error)


def plain_error(message: str) -> AppError:
    """A plain Go ``error`` (not an AppError): no id, status 0."""
    return AppError("", "", 0, message=message)
