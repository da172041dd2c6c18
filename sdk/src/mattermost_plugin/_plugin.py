"""The :class:`Plugin` base class and the :func:`hook` decorator."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

from ._api import PluginAPI
from ._hooks import HOOKS, HookName
from ._logging import PLUGIN_LOGGER_NAME

__all__ = ["Plugin", "hook", "hook_handlers"]

F = TypeVar("F", bound=Callable[..., Any])

_HOOK_NAMES_ATTR = "_mmpy_hook_names"  # set on decorated functions: tuple of hook names


def hook(name: HookName | str) -> Callable[[F], F]:
    """Register the decorated method as the handler of hook ``name``.

    ``name`` is a :class:`HookName` member or its string (``@hook("OnActivate")``); an
    unknown name raises ``ValueError`` listing the valid ones. The handler may be ``def`` or
    ``async def``. One method may handle several hooks (stack the decorators); a class may have
    only one handler per hook. Handler signatures: see :class:`HookName` and the SDK README.
    """
    given: object = name
    if callable(given) and not isinstance(given, str):
        raise TypeError(
            "@hook needs the hook name: write @hook(HookName.OnActivate), not a bare @hook",
        )
    hook_name = resolve_hook_name(given).value

    def decorate(func: F) -> F:
        if not callable(func):
            raise TypeError(f"@hook({hook_name!r}) must decorate a method, got {func!r}")
        names: tuple[str, ...] = getattr(func, _HOOK_NAMES_ATTR, ())
        if hook_name not in names:
            setattr(func, _HOOK_NAMES_ATTR, (*names, hook_name))
        return func

    return decorate


def resolve_hook_name(name: object) -> HookName:
    """Return the ``HookName`` for ``name`` or raise ``ValueError`` naming the closest valid one."""
    if isinstance(name, HookName):
        return name
    if isinstance(name, str) and name in HOOKS:
        return HOOKS[name].name
    hint = ""
    if isinstance(name, str):
        from difflib import get_close_matches  # error path only

        close = get_close_matches(name, list(HOOKS), n=1)
        if close:
            hint = f" Did you mean {close[0]!r}?"
    raise ValueError(
        f"unknown hook {name!r}: it is not one of the {len(HOOKS)} hooks of Mattermost's "
        f"plugin.Hooks (see HookName).{hint}",
    )


def _own_hook_names(value: object) -> tuple[str, ...]:
    # Look in the object's own __dict__ only: class attributes such as mocks answer any getattr.
    attrs = getattr(value, "__dict__", None)
    names = attrs.get(_HOOK_NAMES_ATTR, ()) if isinstance(attrs, dict) else ()
    return names if isinstance(names, tuple) else ()


class Plugin:
    """Base class of a Mattermost plugin written in Python.

    Subclass it and mark handler methods with :func:`hook`::

        class MyPlugin(Plugin):
            @hook(HookName.OnActivate)
            def on_activate(self) -> None:
                self.logger.info("activated")

    ``MyPlugin()`` takes no arguments. Two attributes are set for you and may be replaced
    (tests assign mocks):

    - ``self.api``: the :class:`PluginAPI` client, connected once the plugin runs in the host;
    - ``self.logger``: a ``logging.Logger`` (``"mattermost_plugin.plugin"``) whose records go
      to the server log when the plugin runs in the host.

    Hooks are collected per class when it is defined; a subclass inherits its bases' handlers
    and may override them (same method name, or a new handler for the same hook).
    """

    _mmpy_hooks: ClassVar[Mapping[str, str]] = {}  # hook name -> method name

    api: PluginAPI
    logger: logging.Logger

    def __init__(self) -> None:
        self.api = PluginAPI(None)
        self.logger = logging.getLogger(PLUGIN_LOGGER_NAME)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        table: dict[str, str] = {}
        for base in reversed(cls.__mro__[1:]):
            table.update(base.__dict__.get("_mmpy_hooks", {}))
        own: dict[str, str] = {}
        for attr, value in cls.__dict__.items():
            for name in _own_hook_names(value):
                if name in own:
                    raise ValueError(
                        f"{cls.__qualname__}: {own[name]}() and {attr}() are both handlers for "
                        f"hook {name}; a class can have only one handler per hook",
                    )
                own[name] = attr
        # A method redefined here for other hooks no longer handles the inherited ones.
        for name, attr in list(table.items()):
            if attr in cls.__dict__ and _own_hook_names(cls.__dict__[attr]) and name not in own:
                del table[name]
        table.update(own)
        cls._mmpy_hooks = {name: table[name] for name in HOOKS if name in table}

    @classmethod
    def implemented_hooks(cls) -> list[HookName]:
        """The hooks this class has handlers for (what the host is told), in ABI order."""
        return [HOOKS[name].name for name in cls._mmpy_hooks]


def hook_handlers(plugin_cls: type[Plugin]) -> Mapping[str, str]:
    """The hooks ``plugin_cls`` implements: hook name -> method name, in ABI table order."""
    return plugin_cls._mmpy_hooks
