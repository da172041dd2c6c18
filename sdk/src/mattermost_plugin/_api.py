"""The Mattermost plugin API client a running plugin reaches as ``self.api``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

from google.protobuf.message import Message

from ._abi import mmpy_pb2 as pb
from ._convert import fill_proto, from_proto, type_error
from ._errors import error_for_status
from .models import Command, Post, User

__all__ = ["Caller", "PluginAPI"]

R = TypeVar("R", bound=Message)


class Caller(Protocol):
    """What :class:`PluginAPI` needs from the runtime: one synchronous API call."""

    def call(self, method: str, request: Message) -> pb.ApiResult:
        """Send ``ApiCall{method, request}`` and return the host's ``ApiResult``."""
        ...


_NOT_CONNECTED = (
    "the Mattermost API is not connected: it is available once the plugin runs inside the mmpy "
    "host (`mmpy run DIR` or a deployed bundle), from hook handlers such as OnActivate, not "
    "from __init__. In unit tests, assign a fake: plugin.api = unittest.mock.MagicMock()"
)


def _check(
    func: str, param: str, value: object, types: type | tuple[type, ...], expected: str
) -> None:
    """``TypeError`` naming ``func(): param`` unless ``value`` is one of ``types``
    (``bool`` does not count as ``int``)."""
    if not isinstance(value, types) or (types is int and isinstance(value, bool)):
        raise type_error(f"{func}(): {param}", expected, value)


class PluginAPI:
    """Synchronous client of the Mattermost plugin API (Go ``plugin.API``).

    Every method checks its arguments' types first (``TypeError`` naming the parameter, before
    anything is sent) and raises a :class:`~mattermost_plugin.PluginAPIError` subclass chosen by
    HTTP status when the server answers with an error: 400 ``ValidationError``, 403
    ``PermissionDeniedError``, 404 ``NotFoundError``, 409 ``AlreadyExistsError``, 503
    ``UnavailableError`` (also: the method does not exist on this server).

    While a call waits for the server, the server may call hooks of this plugin (e.g.
    ``create_post`` runs ``MessageWillBePosted``); the SDK runs them and then returns.
    """

    def __init__(self, caller: Caller | None) -> None:
        self._caller = caller

    def _invoke(self, method: str, request: Message, response_type: type[R]) -> R:
        if self._caller is None:
            raise RuntimeError(_NOT_CONNECTED)
        result = self._caller.call(method, request)
        if result.HasField("error"):
            err = result.error
            raise error_for_status(err.status_code)(
                err.message,
                error_id=err.id,
                status_code=err.status_code,
                detailed_error=err.detailed_error,
                where=err.where,
                request_id=err.request_id,
                method=method,
            )
        response: R = response_type.FromString(result.response)
        return response

    # ------------------------------------------------------------ server

    def get_server_version(self) -> str:
        """The server's version, e.g. ``"10.5.0"``."""
        return self._invoke(
            "GetServerVersion", pb.ApiGetServerVersionRequest(), pb.ApiGetServerVersionResponse
        ).version

    # ------------------------------------------------------------ users

    def get_user(self, user_id: str) -> User:
        """The user with this id; :class:`NotFoundError` if there is none."""
        _check("get_user", "user_id", user_id, str, "str")
        resp = self._invoke("GetUser", pb.ApiGetUserRequest(user_id=user_id), pb.ApiGetUserResponse)
        user: User = from_proto(resp.user)
        return user

    # ------------------------------------------------------------ posts

    def create_post(
        self,
        post: Post | None = None,
        *,
        channel_id: str | None = None,
        user_id: str | None = None,
        message: str | None = None,
        root_id: str | None = None,
        props: Mapping[str, Any] | None = None,
        type: str | None = None,
    ) -> Post:
        """Create a post and return it as stored (with ``id`` and times filled in).

        Pass a :class:`Post`, or its fields as keywords (not both)::

            self.api.create_post(channel_id=cid, user_id=bot_id, message="Hello!")
            self.api.create_post(Post(channel_id=cid, user_id=bot_id, message="Hello!"))

        The server runs ``MessageWillBePosted`` on it (of every plugin, this one included).
        """
        fields: dict[str, Any] = {}
        for name, value in (
            ("channel_id", channel_id),
            ("user_id", user_id),
            ("message", message),
            ("root_id", root_id),
            ("type", type),
        ):
            if value is not None:
                _check("create_post", name, value, str, "str")
                fields[name] = value
        if props is not None:
            _check("create_post", "props", props, Mapping, "a dict")
            fields["props"] = dict(props)
        if post is None:
            post = Post(**fields)
        else:
            _check("create_post", "post", post, Post, "a Post")
            if fields:
                raise TypeError(
                    "create_post() takes either a Post or keyword fields, not both "
                    f"(got post and {', '.join(fields)})",
                )
        req = pb.ApiCreatePostRequest()
        fill_proto(post, req.post)
        created: Post = from_proto(self._invoke("CreatePost", req, pb.ApiCreatePostResponse).post)
        return created

    # ------------------------------------------------------------ key-value store

    def kv_get(self, key: str) -> bytes | None:
        """The value stored under ``key`` in this plugin's KV store, ``None`` if absent."""
        _check("kv_get", "key", key, str, "str")
        resp = self._invoke("KVGet", pb.ApiKVGetRequest(key=key), pb.ApiKVGetResponse)
        return resp.value if resp.HasField("value") else None

    def kv_set(self, key: str, value: bytes | str) -> None:
        """Store ``value`` under ``key`` (a ``str`` is stored UTF-8 encoded).

        To store other objects, serialize them first, e.g. ``json.dumps(obj)``.
        """
        _check("kv_set", "key", key, str, "str")
        _check("kv_set", "value", value, (bytes, bytearray, str), "bytes or str")
        data = value.encode() if isinstance(value, str) else bytes(value)
        self._invoke("KVSet", pb.ApiKVSetRequest(key=key, value=data), pb.ApiKVSetResponse)

    def kv_delete(self, key: str) -> None:
        """Remove ``key`` from the KV store (no error if it is absent)."""
        _check("kv_delete", "key", key, str, "str")
        self._invoke("KVDelete", pb.ApiKVDeleteRequest(key=key), pb.ApiKVDeleteResponse)

    def kv_list(self, page: int = 0, per_page: int = 100) -> list[str]:
        """One page of the keys in this plugin's KV store."""
        _check("kv_list", "page", page, int, "int")
        _check("kv_list", "per_page", per_page, int, "int")
        if page < 0 or per_page <= 0 or page > 2**31 - 1 or per_page > 2**31 - 1:
            raise ValueError(
                f"kv_list(): need 0 <= page and 0 < per_page (< 2**31), got {page}, {per_page}",
            )
        resp = self._invoke(
            "KVList", pb.ApiKVListRequest(page=page, per_page=per_page), pb.ApiKVListResponse
        )
        return list(resp.keys)

    # ------------------------------------------------------------ configuration

    def get_plugin_config(self) -> dict[str, Any]:
        """This plugin's settings (the System Console values), as a dict."""
        resp = self._invoke(
            "GetPluginConfig", pb.ApiGetPluginConfigRequest(), pb.ApiGetPluginConfigResponse
        )
        if not resp.config_json:
            return {}
        config = json.loads(resp.config_json)
        return config if isinstance(config, dict) else {}

    # ------------------------------------------------------------ slash commands

    def register_command(self, command: Command | None = None, **fields: Any) -> None:
        """Register a slash command handled by this plugin's ``ExecuteCommand`` hook.

        Pass a :class:`Command` or its fields as keywords::

            self.api.register_command(trigger="hello", auto_complete=True,
                                      auto_complete_desc="Say hello")
        """
        if command is None:
            try:
                command = Command(**fields)
            except TypeError as exc:
                raise TypeError(f"register_command(): {exc}") from None
        else:
            _check("register_command", "command", command, Command, "a Command")
            if fields:
                raise TypeError(
                    "register_command() takes either a Command or keyword fields, not both "
                    f"(got command and {', '.join(fields)})",
                )
        req = pb.ApiRegisterCommandRequest()
        fill_proto(command, req.command)
        self._invoke("RegisterCommand", req, pb.ApiRegisterCommandResponse)

    # ------------------------------------------------------------ server log

    def log_debug(self, msg: str, **key_values: Any) -> None:
        """Write ``msg`` to the server log at debug level, with ``key=value`` pairs."""
        self._log("LogDebug", "log_debug", msg, key_values)

    def log_info(self, msg: str, **key_values: Any) -> None:
        """Write ``msg`` to the server log at info level, with ``key=value`` pairs."""
        self._log("LogInfo", "log_info", msg, key_values)

    def log_warn(self, msg: str, **key_values: Any) -> None:
        """Write ``msg`` to the server log at warning level, with ``key=value`` pairs."""
        self._log("LogWarn", "log_warn", msg, key_values)

    def log_error(self, msg: str, **key_values: Any) -> None:
        """Write ``msg`` to the server log at error level, with ``key=value`` pairs."""
        self._log("LogError", "log_error", msg, key_values)

    def _log(self, method: str, func: str, msg: str, key_values: dict[str, Any]) -> None:
        _check(func, "msg", msg, str, "str")
        req = pb.ApiLogRequest(msg=msg)
        for key, value in key_values.items():
            req.key_value_pairs.add(key=key, value=str(value))
        self._invoke(method, req, pb.ApiLogResponse)
