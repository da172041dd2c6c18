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

from ._api import PluginAPI
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
from .models import Command, CommandArgs, CommandResponse, Context, Post, User

__all__ = [
    "AlreadyExistsError",
    "Command",
    "CommandArgs",
    "CommandResponse",
    "Context",
    "DeadlineExceeded",
    "HookName",
    "NotFoundError",
    "PermissionDeniedError",
    "Plugin",
    "PluginAPI",
    "PluginAPIError",
    "Post",
    "UnavailableError",
    "User",
    "ValidationError",
    "__version__",
    "hook",
]
