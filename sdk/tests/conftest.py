"""Shared fixtures: a clean logging set-up around every test (serving a plugin routes the
plugin logger and the root logger to the fake host)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from mattermost_plugin import _runtime, server
from mattermost_plugin._logging import PLUGIN_LOGGER_NAME


@pytest.fixture(autouse=True)
def _clean_logging_and_runtime() -> Iterator[None]:
    loggers = [logging.getLogger(), logging.getLogger(PLUGIN_LOGGER_NAME)]
    saved = [(lg, list(lg.handlers), lg.level, lg.propagate) for lg in loggers]
    started = server._started
    current_api = _runtime._current_api
    yield
    server._started = started
    _runtime._current_api = current_api
    for lg, handlers, level, propagate in saved:
        lg.handlers[:] = handlers
        lg.setLevel(level)
        lg.propagate = propagate


# The guide-shaped plugin project is run by test_guide.py in a subprocess, from its own
# directory (its `from server.plugin import MyPlugin` needs that directory on sys.path).
collect_ignore = ["guide_project"]
