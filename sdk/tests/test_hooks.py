"""The hook table, HookName and the @hook decorator."""

from __future__ import annotations

import pytest

from mattermost_plugin import HookName, Plugin, hook
from mattermost_plugin._abi import mmpy_pb2 as pb
from mattermost_plugin._hooks import HOOKS


def test_hook_name_and_table_list_the_same_hooks_in_the_same_order() -> None:
    assert list(HOOKS) == [h.value for h in HookName]
    assert list(HookName) == [
        HookName.OnActivate,
        HookName.OnDeactivate,
        HookName.OnConfigurationChange,
        HookName.MessageWillBePosted,
        HookName.ExecuteCommand,
    ]
    for name, spec in HOOKS.items():
        assert spec.name == name
        assert spec.request == f"Hook{name}Request"
        assert spec.response == f"Hook{name}Response"
        request_fields = [f.name for f in getattr(pb, spec.request).DESCRIPTOR.fields]
        assert list(spec.params) == request_fields
        assert hasattr(pb, spec.response)
        assert spec.signature.startswith("(self")
        assert spec.neutral


def test_hook_names_are_strings() -> None:
    assert HookName.OnActivate == "OnActivate"
    assert str(HookName.MessageWillBePosted) == "MessageWillBePosted"
    assert HookName("ExecuteCommand") is HookName.ExecuteCommand


def test_unknown_hook_name_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="unknown hook 'OnActivated'") as info:
        hook("OnActivated")
    text = str(info.value)
    for name in HOOKS:
        assert name in text
    assert "Did you mean 'OnActivate'?" in text


def test_hooks_of_later_abi_versions_are_rejected_clearly() -> None:
    with pytest.raises(ValueError, match="unknown hook 'ServeHTTP': mmpy ABI v1 supports"):
        hook("ServeHTTP")


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
