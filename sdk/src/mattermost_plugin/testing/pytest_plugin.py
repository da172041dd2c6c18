"""pytest fixtures for plugin tests, available wherever the SDK is installed (entry point
``pytest11``; elsewhere add ``-p mattermost_plugin.testing.pytest_plugin``):

- ``mattermost``: a fresh :class:`~mattermost_plugin.testing.FakeMattermost` per test;
- ``api``: a :class:`~mattermost_plugin.PluginAPI` connected to it (``mattermost.api``);
- ``plugin_factory``: ``plugin_factory(MyPlugin)`` makes the plugin, connects it to the fake
  (``plugin.api``, ``plugin.logger``) and activates it (``OnConfigurationChange``,
  ``OnActivate``); ``activate=False`` only connects it, ``config={...}`` sets the plugin's
  settings first;
- ``fire_hook``: ``fire_hook(HookName.MessageWillBePosted, post=...)`` runs a hook of the
  plugin made last (or of ``plugin=``) and returns its answer.

::

    def test_rejects_badword(mattermost, plugin_factory):
        plugin_factory(MyPlugin)
        alice = mattermost.add_user(username="alice")
        town = mattermost.add_channel(mattermost.add_team().id, members=[alice.id])
        with pytest.raises(ValidationError, match="Message blocked"):
            mattermost.post_as(alice.id, town.id, "a badword")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

import pytest

from mattermost_plugin._api import PluginAPI
from mattermost_plugin._hooks import HookName
from mattermost_plugin._plugin import Plugin

from ._fake import FakeMattermost

__all__ = ["FireHook", "PluginFactory", "api", "fire_hook", "mattermost", "plugin_factory"]

P = TypeVar("P", bound=Plugin)


class PluginFactory(Protocol):
    """The ``plugin_factory`` fixture's type."""

    def __call__(
        self,
        plugin: type[P] | P,
        *,
        activate: bool = True,
        config: Mapping[str, Any] | None = None,
    ) -> P: ...


class FireHook(Protocol):
    """The ``fire_hook`` fixture's type."""

    def __call__(
        self, hook: HookName | str, /, *, plugin: Plugin | None = None, **args: Any
    ) -> Any: ...


@pytest.fixture
def mattermost() -> FakeMattermost:
    """A fresh in-memory Mattermost server (:class:`FakeMattermost`)."""
    return FakeMattermost()


@pytest.fixture
def api(mattermost: FakeMattermost) -> PluginAPI:
    """The plugin API client connected to the ``mattermost`` fake."""
    return mattermost.api


@pytest.fixture
def plugin_factory(mattermost: FakeMattermost) -> PluginFactory:
    """Make, connect and (by default) activate a plugin on the ``mattermost`` fake."""

    def make(
        plugin: type[P] | P,
        *,
        activate: bool = True,
        config: Mapping[str, Any] | None = None,
    ) -> P:
        if config is not None:
            mattermost.plugin_config = dict(config)
        if activate:
            return mattermost.activate(plugin)
        instance: P = plugin() if isinstance(plugin, type) else plugin
        return mattermost.connect(instance)

    return make


@pytest.fixture
def fire_hook(mattermost: FakeMattermost) -> FireHook:
    """Run a hook of the plugin connected last (or of ``plugin=``) and return its answer."""

    def fire(hook: HookName | str, /, *, plugin: Plugin | None = None, **args: Any) -> Any:
        if plugin is None:
            if not mattermost.plugins:
                raise RuntimeError(
                    "fire_hook: no plugin is connected to the fake server; make one first with "
                    "plugin_factory(MyPlugin), or pass plugin=..."
                )
            plugin = mattermost.plugins[-1]
        return mattermost.fire(plugin, hook, **args)

    return fire
