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
from ._http import HTTPRequest, HTTPResponse
from ._plugin import Plugin, hook
from ._version import __version__
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
