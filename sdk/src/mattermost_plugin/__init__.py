"""Mattermost server plugins in Python, run sandboxed in WebAssembly by the mmpy host.

::

    from mattermost_plugin import Plugin, hook, HookName


    class MyPlugin(Plugin):
        @hook(HookName.OnActivate)
        def on_activate(self) -> None:
            self.logger.info("My plugin activated!")


    if __name__ == "__main__":
        from mattermost_plugin.server import run_plugin
        run_plugin(MyPlugin)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import models
from ._api import AsyncPluginAPIClient, ClusterMutex, PluginAPI
from ._errors import (
    AlreadyExistsError,
    DeadlineExceeded,
    NotFoundError,
    PermissionDeniedError,
    PluginAPIError,
    UnavailableError,
    ValidationError,
)
from ._hooks import HookName
from ._plugin import Plugin, hook
from ._version import __version__

if TYPE_CHECKING:
    from ._http import HTTPRequest, HTTPResponse
    from .models import (
        Bot,
        Channel,
        ChannelMember,
        Command,
        CommandArgs,
        CommandResponse,
        Context,
        FileInfo,
        Post,
        Reaction,
        Team,
        TeamMember,
        User,
    )

__all__ = [
    "AlreadyExistsError",
    "AsyncPluginAPIClient",
    "Bot",
    "Channel",
    "ChannelMember",
    "ClusterMutex",
    "Command",
    "CommandArgs",
    "CommandResponse",
    "Context",
    "DeadlineExceeded",
    "FileInfo",
    "HTTPRequest",
    "HTTPResponse",
    "HookName",
    "NotFoundError",
    "PermissionDeniedError",
    "Plugin",
    "PluginAPI",
    "PluginAPIError",
    "Post",
    "Reaction",
    "Team",
    "TeamMember",
    "UnavailableError",
    "User",
    "ValidationError",
    "__version__",
    "hook",
    "models",
]


_MODELS = frozenset(
    (
        "Bot",
        "Channel",
        "ChannelMember",
        "Command",
        "CommandArgs",
        "CommandResponse",
        "Context",
        "FileInfo",
        "Post",
        "Reaction",
        "Team",
        "TeamMember",
        "User",
    )
)


def __getattr__(name: str) -> Any:
    # The model classes re-exported here and HTTPRequest/HTTPResponse are dataclasses: importing
    # them at package import would import dataclasses (and inspect, ~25 ms in the guest) at every
    # plugin start. They are looked up on first use instead (models creates its classes lazily).
    value: Any
    if name in _MODELS:
        value = getattr(models, name)
    elif name in ("HTTPRequest", "HTTPResponse"):
        from . import _http

        value = getattr(_http, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
