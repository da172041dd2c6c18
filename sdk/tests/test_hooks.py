"""The hook table, HookName and the @hook decorator."""

from __future__ import annotations

import pytest

from mattermost_plugin import HookName, Plugin, hook
from mattermost_plugin._abi import plugin_pb2 as ppb
from mattermost_plugin._hooks import HOOKS


def test_hook_name_and_table_list_the_same_hooks_in_the_same_order() -> None:
    assert list(HOOKS) == [h.value for h in HookName]
    assert len(HOOKS) == 51  # every hook of plugin.Hooks (server/public v0.4.4)
    ids = [spec.id for spec in HOOKS.values()]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    for name, spec in HOOKS.items():
        assert spec.name == name
        assert spec.name is HookName(name)
        assert spec.request is getattr(ppb, f"Hook{name}Request")
        assert spec.signature.startswith("def handler(self")
        assert spec.failure
        assert spec.doc.startswith(name)


def test_hook_names_are_strings() -> None:
    assert HookName.OnActivate == "OnActivate"
    assert str(HookName.MessageWillBePosted) == "MessageWillBePosted"
    assert HookName("ExecuteCommand") is HookName.ExecuteCommand


def test_unknown_hook_name_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="unknown hook 'OnActivated'") as info:
        hook("OnActivated")
    text = str(info.value)
    assert "see HookName" in text
    assert "Did you mean 'OnActivate'?" in text


def test_unknown_hook_names_are_rejected_clearly() -> None:
    with pytest.raises(ValueError, match="unknown hook 'ServeHttp'") as info:
        hook("ServeHttp")
    assert "one of the 51 hooks of Mattermost's plugin.Hooks" in str(info.value)
    assert "Did you mean 'ServeHTTP'?" in str(info.value)
    with pytest.raises(ValueError, match="unknown hook 42"):
        hook(42)  # type: ignore[arg-type]


def test_bare_decorator_is_explained() -> None:
    with pytest.raises(TypeError, match=r"@hook\(HookName.OnActivate\)"):

        class Bad(Plugin):
            @hook  # type: ignore[arg-type]
            def on_activate(self) -> None:
                pass


def test_two_handlers_for_one_hook_name_both() -> None:
    with pytest.raises(
        ValueError, match=r"first\(\) and second\(\) are both handlers for hook OnActivate"
    ):

        class Twice(Plugin):
            @hook(HookName.OnActivate)
            def first(self) -> None:
                pass

            @hook("OnActivate")
            def second(self) -> None:
                pass


def test_one_method_may_handle_several_hooks() -> None:
    class Reload(Plugin):
        @hook(HookName.OnActivate)
        @hook(HookName.OnConfigurationChange)
        def load(self) -> None:
            pass

    assert Reload.implemented_hooks() == [HookName.OnActivate, HookName.OnConfigurationChange]


def test_handlers_are_inherited_and_can_be_overridden() -> None:
    class Base(Plugin):
        @hook(HookName.OnActivate)
        def on_activate(self) -> None:
            pass

        @hook(HookName.OnDeactivate)
        def on_deactivate(self) -> None:
            pass

        @hook(HookName.OnConfigurationChange)
        def reload(self) -> None:
            pass

    class Child(Base):
        def on_activate(self) -> None:  # plain override: still the OnActivate handler
            pass

        @hook(HookName.OnDeactivate)  # another method takes over OnDeactivate
        def stop(self) -> None:
            pass

        @hook(HookName.ExecuteCommand)  # redefined for another hook: drops OnConfigurationChange
        def reload(self) -> None:
            pass

    assert Base._mmpy_hooks == {
        "OnActivate": "on_activate",
        "OnDeactivate": "on_deactivate",
        "OnConfigurationChange": "reload",
    }
    assert Child._mmpy_hooks == {
        "OnActivate": "on_activate",
        "OnDeactivate": "stop",
        "ExecuteCommand": "reload",
    }


def test_plugin_takes_no_arguments_and_has_settable_api_and_logger() -> None:
    from unittest.mock import MagicMock

    class Mine(Plugin):
        pass

    plugin = Mine()
    assert plugin.logger.name == "mattermost_plugin.plugin"
    plugin.api = MagicMock()
    plugin.logger = MagicMock()
    plugin.api.get_server_version.return_value = "1"
    assert plugin.api.get_server_version() == "1"
    assert Mine.implemented_hooks() == []


def test_mock_class_attributes_are_not_taken_for_handlers() -> None:
    from unittest.mock import MagicMock

    class WithMock(Plugin):
        helper = MagicMock()

    assert WithMock.implemented_hooks() == []
