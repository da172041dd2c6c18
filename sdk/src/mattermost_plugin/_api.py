"""The Mattermost plugin API client a running plugin reaches as ``self.api``."""

from __future__ import annotations

import json
import select
import time
from collections.abc import Iterator, Mapping
from types import TracebackType
from typing import Any, Protocol, TypeVar

from google.protobuf.message import Message

from . import _wire as _w
from . import models as _m  # classes created on use (models imports dataclasses then)
from ._abi import mmpy_pb2
from ._client import METHODS, MIN_SERVER_VERSION, GeneratedAPI, GeneratedAsyncAPI
from ._errors import error_for_status

__all__ = ["AsyncPluginAPIClient", "Caller", "ClusterMutex", "PluginAPI"]

R = TypeVar("R", bound=Message)


class Caller(Protocol):
    """What :class:`PluginAPI` needs from the runtime: one synchronous API call."""

    def call(self, method: str, request: Message) -> mmpy_pb2.ApiResult:
        """Send ``ApiCall{method, request}`` and return the host's ``ApiResult``."""
        ...


_NOT_CONNECTED = (
    "the Mattermost API is not connected: it is available once the plugin runs inside the mmpy "
    "host (`mmpy run DIR` or a deployed bundle), from hook handlers such as OnActivate, not "
    "from __init__. In unit tests, assign a fake: plugin.api = unittest.mock.MagicMock() or "
    "mattermost_plugin.testing's fake API"
)


class PluginAPI(GeneratedAPI):
    """Synchronous client of the Mattermost plugin API: every method of Go's ``plugin.API``
    (generated, snake_case: ``GetUser`` is :meth:`get_user`), plus the guide's conveniences
    and helpers Go plugin authors know from ``pluginapi`` (JSON KV, KV listing by prefix, a
    cluster-wide mutex, ensure-bot).

    Every method checks its arguments' types first (``TypeError`` naming the parameter, before
    anything is sent) and raises a :class:`~mattermost_plugin.PluginAPIError` subclass chosen by
    HTTP status when the server answers with an error: 400 ``ValidationError``, 403
    ``PermissionDeniedError``, 404 ``NotFoundError``, 409 ``AlreadyExistsError``, 503
    ``UnavailableError`` (also: the method does not exist on this server). Go methods that
    return ``(value, *AppError)`` or ``(value, error)`` return the value and raise on the error;
    several values come back as a tuple.

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

    # ------------------------------------------------------------ server capabilities

    def supports(self, method: str) -> bool:
        """Whether the running server has API method ``method`` (Go name ``"GetUser"`` or
        Python name ``"get_user"``): the server's version is at least the version that added
        it. Call it from ``OnActivate`` to choose a fallback on older servers; calling a missing
        method raises :class:`~mattermost_plugin.UnavailableError` naming it."""
        go = method if method in MIN_SERVER_VERSION else _GO_NAMES.get(method)
        if go is None:
            raise ValueError(f"supports(): {method!r} is not a method of the plugin API")
        version = self._server_version()
        return version is None or not _version_less(version, MIN_SERVER_VERSION[go])

    def _server_version(self) -> tuple[int, ...] | None:
        cached: tuple[int, ...] | bool | None = getattr(self, "_version_cache", False)
        if cached is False:
            cached = _parse_version(self.get_server_version())
            self._version_cache = cached
        return cached if isinstance(cached, tuple) else None

    # ------------------------------------------------------------ the guide's conveniences

    def create_post(
        self,
        post: _m.Post | None = None,
        *,
        channel_id: str | None = None,
        user_id: str | None = None,
        message: str | None = None,
        root_id: str | None = None,
        props: Mapping[str, Any] | None = None,
        type: str | None = None,
    ) -> _m.Post:
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
                _w.check_str("create_post", name, value)
                fields[name] = value
        if props is not None:
            _w.check_json("create_post", "props", props, {str: None})
            fields["props"] = dict(props)
        if post is None:
            post = _m.Post(**fields)
        else:
            _w.check_type("create_post", "post", post, _m.Post)
            if fields:
                raise TypeError(
                    "create_post() takes either a Post or keyword fields, not both "
                    f"(got post and {', '.join(fields)})",
                )
        return super().create_post(post)

    def kv_set(self, key: str, value: bytes | str) -> None:
        """Store ``value`` under ``key`` (a ``str`` is stored UTF-8 encoded).

        To store other objects, serialize them first, or use :meth:`kv_set_json`.
        """
        _w.check_str("kv_set", "key", key)
        if isinstance(value, str):
            value = value.encode()
        _w.check_bytes("kv_set", "value", value)
        super().kv_set(key, bytes(value))

    def kv_list(self, page: int = 0, per_page: int = 100) -> list[str]:
        """One page of the keys in this plugin's KV store."""
        _w.check_int("kv_list", "page", page, 64)
        _w.check_int("kv_list", "per_page", per_page, 64)
        if page < 0 or per_page <= 0:
            raise ValueError(f"kv_list(): need 0 <= page and 0 < per_page, got {page}, {per_page}")
        return super().kv_list(page, per_page)

    def get_plugin_config(self) -> dict[str, Any]:
        """This plugin's settings (the System Console values), as a dict (``{}`` if none)."""
        return super().get_plugin_config() or {}

    def register_command(self, command: _m.Command | None = None, **fields: Any) -> None:
        """Register a slash command handled by this plugin's ``ExecuteCommand`` hook.

        Pass a :class:`Command` or its fields as keywords::

            self.api.register_command(trigger="hello", auto_complete=True,
                                      auto_complete_desc="Say hello")
        """
        if command is None:
            try:
                command = _m.Command(**fields)
            except TypeError as exc:
                raise TypeError(f"register_command(): {exc}") from None
        else:
            _w.check_type("register_command", "command", command, _m.Command)
            if fields:
                raise TypeError(
                    "register_command() takes either a Command or keyword fields, not both "
                    f"(got command and {', '.join(fields)})",
                )
        super().register_command(command)

    def log_debug(self, msg: str, *key_value_pairs: Any, **key_values: Any) -> None:
        """Write ``msg`` to the server log at debug level, with ``key=value`` pairs."""
        super().log_debug(msg, *_pairs(key_value_pairs, key_values))

    def log_info(self, msg: str, *key_value_pairs: Any, **key_values: Any) -> None:
        """Write ``msg`` to the server log at info level, with ``key=value`` pairs."""
        super().log_info(msg, *_pairs(key_value_pairs, key_values))

    def log_warn(self, msg: str, *key_value_pairs: Any, **key_values: Any) -> None:
        """Write ``msg`` to the server log at warning level, with ``key=value`` pairs."""
        super().log_warn(msg, *_pairs(key_value_pairs, key_values))

    def log_error(self, msg: str, *key_value_pairs: Any, **key_values: Any) -> None:
        """Write ``msg`` to the server log at error level, with ``key=value`` pairs."""
        super().log_error(msg, *_pairs(key_value_pairs, key_values))

    # ------------------------------------------------------------ pluginapi-style helpers

    def kv_get_json(self, key: str, default: Any = None) -> Any:
        """The JSON value stored under ``key`` (``default`` when absent)."""
        data = self.kv_get(key)
        return default if data is None else json.loads(data)

    def kv_set_json(
        self,
        key: str,
        value: Any,
        *,
        expire_in_seconds: int = 0,
        atomic: bool = False,
        old_value: Any = None,
    ) -> bool:
        """Store ``value`` as JSON. With ``atomic=True`` the value is stored only if the current
        value equals ``old_value`` (``None``: only if the key is absent) — compare-and-set.
        ``expire_in_seconds`` > 0 makes the key expire. Returns whether the value was stored."""
        options = _m.PluginKVSetOptions(
            atomic=atomic,
            old_value=None if old_value is None else json.dumps(old_value).encode(),
            expire_in_seconds=expire_in_seconds,
        )
        return self.kv_set_with_options(key, json.dumps(value).encode(), options)

    def kv_list_prefix(self, prefix: str = "", per_page: int = 1000) -> Iterator[str]:
        """Every key of this plugin's KV store that starts with ``prefix`` (all pages)."""
        _w.check_str("kv_list_prefix", "prefix", prefix)
        page = 0
        while True:
            keys = self.kv_list(page, per_page)
            yield from (k for k in keys if k.startswith(prefix))
            if len(keys) < per_page:
                return
            page += 1

    def ensure_bot(
        self, username: str, display_name: str = "", description: str = "", owner_id: str = ""
    ) -> str:
        """The user id of this plugin's bot ``username``, created or updated as needed
        (Go ``EnsureBotUser``)."""
        _w.check_str("ensure_bot", "username", username)
        return self.ensure_bot_user(
            _m.Bot(
                username=username,
                display_name=display_name,
                description=description,
                owner_id=owner_id,
            )
        )

    def mutex(self, key: str, *, ttl_seconds: int = 15) -> ClusterMutex:
        """A cluster-wide mutex stored in this plugin's KV store (see :class:`ClusterMutex`)."""
        return ClusterMutex(self, key, ttl_seconds=ttl_seconds)


_GO_NAMES = {py: go for go, py in METHODS.items()}


def _parse_version(text: str) -> tuple[int, ...] | None:
    parts = []
    for part in text.split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts) if parts else None


def _version_less(have: tuple[int, ...], need: str) -> bool:
    want = _parse_version(need)
    if want is None:
        return False
    n = max(len(have), len(want))
    return have + (0,) * (n - len(have)) < want + (0,) * (n - len(want))


def _pairs(pairs: tuple[Any, ...], kv: Mapping[str, Any]) -> list[Any]:
    out: list[Any] = []
    for i, v in enumerate(pairs):
        out.append(v if i % 2 == 0 else _jsonable(v))
    for k, v in kv.items():
        out.extend((k, _jsonable(v)))
    return out


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


class ClusterMutex:
    """A mutex shared by every server of a Mattermost cluster, built on the plugin KV store
    like Go's ``pluginapi/cluster.Mutex``: the lock is a key set atomically (only if absent) with
    an expiry, so a holder that dies releases it after ``ttl_seconds``; a holder refreshes it
    while it works for longer (:meth:`refresh`).

    ::

        with self.api.mutex("reindex"):
            ...  # one server at a time
    """

    def __init__(self, api: PluginAPI, key: str, *, ttl_seconds: int = 15) -> None:
        _w.check_str("ClusterMutex", "key", key)
        if ttl_seconds <= 0:
            raise ValueError("ClusterMutex: ttl_seconds must be positive")
        self._api = api
        self._key = "mutex_" + key
        self._ttl = ttl_seconds
        self._token = b""

    def try_lock(self) -> bool:
        """Take the lock if it is free; return whether it was taken."""
        token = f"{time.time_ns()}-{id(self)}".encode()
        ok = self._api.kv_set_with_options(
            self._key,
            token,
            _m.PluginKVSetOptions(atomic=True, old_value=None, expire_in_seconds=self._ttl),
        )
        if ok:
            self._token = token
        return ok

    def lock(self, timeout: float | None = None, poll: float = 0.05) -> None:
        """Wait until the lock is taken (``TimeoutError`` after ``timeout`` seconds)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.try_lock():
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError(f"cluster mutex {self._key!r} not acquired in {timeout} s")
            # Not time.sleep: in the WASI guest it fails with OSError(ENOTSUP) (see _aio).
            select.select([], [], [], poll)

    def refresh(self) -> None:
        """Extend the lock's expiry (call it more often than every ``ttl_seconds``)."""
        if not self._token or not self._api.kv_set_with_options(
            self._key,
            self._token,
            _m.PluginKVSetOptions(atomic=True, old_value=self._token, expire_in_seconds=self._ttl),
        ):
            raise RuntimeError(f"cluster mutex {self._key!r} is not held (expired or stolen)")

    def unlock(self) -> None:
        """Release the lock (only if this mutex still holds it)."""
        if self._token:
            self._api.kv_compare_and_delete(self._key, self._token)
            self._token = b""

    def __enter__(self) -> ClusterMutex:
        self.lock()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.unlock()


class AsyncPluginAPIClient(GeneratedAsyncAPI):
    """The plugin API with every method awaitable, as the guide shows::

        async with AsyncPluginAPIClient(target="localhost:50051") as client:
            user = await client.get_user("user-id")

    Inside the mmpy sandbox there is no gRPC server and no socket: the client talks to the host
    through the same ABI as ``self.api``, so ``target`` is accepted for source compatibility
    with the guide and otherwise ignored. An API call blocks the (single-threaded) guest until
    the server answers; ``await`` keeps handler code uniform for ``async def`` hooks.
    """

    def __init__(self, target: str = "", api: PluginAPI | None = None) -> None:
        if not isinstance(target, str):
            raise _w.type_error("AsyncPluginAPIClient(): target", "str", target)
        self.target = target
        if api is None:
            from ._runtime import current_api

            api = current_api()
        super().__init__(api)
        self._plugin_api = api

    # The guide's conveniences take the same arguments as on PluginAPI.

    async def create_post(self, post: _m.Post | None = None, **fields: Any) -> _m.Post:
        """Like :meth:`PluginAPI.create_post` (a :class:`Post` or its fields as keywords)."""
        return self._plugin_api.create_post(post, **fields)

    async def kv_set(self, key: str, value: bytes | str) -> None:
        """Like :meth:`PluginAPI.kv_set` (a ``str`` is stored UTF-8 encoded)."""
        self._plugin_api.kv_set(key, value)

    async def kv_list(self, page: int = 0, per_page: int = 100) -> list[str]:
        """Like :meth:`PluginAPI.kv_list`."""
        return self._plugin_api.kv_list(page, per_page)

    async def get_plugin_config(self) -> dict[str, Any]:
        """Like :meth:`PluginAPI.get_plugin_config` (``{}`` if none)."""
        return self._plugin_api.get_plugin_config()

    async def register_command(self, command: _m.Command | None = None, **fields: Any) -> None:
        """Like :meth:`PluginAPI.register_command` (a :class:`Command` or its fields)."""
        self._plugin_api.register_command(command, **fields)

    async def log_debug(self, msg: str, *key_value_pairs: Any, **key_values: Any) -> None:
        """Like :meth:`PluginAPI.log_debug`."""
        self._plugin_api.log_debug(msg, *key_value_pairs, **key_values)

    async def log_info(self, msg: str, *key_value_pairs: Any, **key_values: Any) -> None:
        """Like :meth:`PluginAPI.log_info`."""
        self._plugin_api.log_info(msg, *key_value_pairs, **key_values)

    async def log_warn(self, msg: str, *key_value_pairs: Any, **key_values: Any) -> None:
        """Like :meth:`PluginAPI.log_warn`."""
        self._plugin_api.log_warn(msg, *key_value_pairs, **key_values)

    async def log_error(self, msg: str, *key_value_pairs: Any, **key_values: Any) -> None:
        """Like :meth:`PluginAPI.log_error`."""
        self._plugin_api.log_error(msg, *key_value_pairs, **key_values)

    async def __aenter__(self) -> AsyncPluginAPIClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def close(self) -> None:
        """Nothing to close (kept for source compatibility with the guide)."""
