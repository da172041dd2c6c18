"""``self.logger``: standard ``logging`` records forwarded to the server log."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._api import PluginAPI

__all__ = ["PLUGIN_LOGGER_NAME", "APILogHandler", "install_log_handler"]

#: Name of the logger every plugin gets as ``self.logger``.
PLUGIN_LOGGER_NAME = "mattermost_plugin.plugin"


class APILogHandler(logging.Handler):
    """Sends log records to the server log through the plugin API.

    DEBUG goes to ``LogDebug``, INFO to ``LogInfo``, WARNING to ``LogWarn``, ERROR and
    CRITICAL to ``LogError``. The message is formatted with ``%(message)s``; exception and
    stack information (``logger.exception``, ``exc_info=True``) is appended to it.

    A failure to log (the API call raised) is reported on stderr by
    ``logging.Handler.handleError`` and never logged again. A record emitted while this handler
    is already emitting at the same hook depth (something called during the API call logged)
    goes to stderr instead of recursing. Hooks the server runs *during* the API call (a deeper
    depth) log normally.
    """

    def __init__(self, api: PluginAPI, depth: Callable[[], int] = lambda: 0) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(message)s"))
        self._api = api
        self._depth = depth
        self._emitting: list[int] = []  # hook depths with an emit in progress

    def emit(self, record: logging.LogRecord) -> None:
        depth = self._depth()
        if self._emitting and self._emitting[-1] == depth:
            self._to_stderr(record)
            return
        self._emitting.append(depth)
        try:
            msg = self.format(record)
            level = record.levelno
            if level >= logging.ERROR:
                self._api.log_error(msg)
            elif level >= logging.WARNING:
                self._api.log_warn(msg)
            elif level >= logging.INFO:
                self._api.log_info(msg)
            else:
                self._api.log_debug(msg)
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)
        finally:
            self._emitting.pop()

    def _to_stderr(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(f"{record.levelname} {self.format(record)}\n")
        except Exception:
            self.handleError(record)


def install_log_handler(api: PluginAPI, depth: Callable[[], int]) -> logging.Logger:
    """Route the plugin logger (and the root logger) to the server log; return the plugin
    logger.

    The plugin logger passes every level (the server filters by its own log settings) and does
    not propagate, so a record is sent once. Handlers left by an earlier call are replaced.
    """
    handler = APILogHandler(api, depth)
    plugin_logger = logging.getLogger(PLUGIN_LOGGER_NAME)
    for logger in (plugin_logger, logging.getLogger()):
        for old in [h for h in logger.handlers if isinstance(h, APILogHandler)]:
            logger.removeHandler(old)
        logger.addHandler(handler)
    plugin_logger.setLevel(logging.DEBUG)
    plugin_logger.propagate = False
    return plugin_logger
