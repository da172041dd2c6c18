"""The hooks of ABI v1: the single table the SDK derives hook handling from.

Each row names the hook, its request/response messages in ``mmpy.v1``, which request fields
are passed to the Python handler (in order), how the handler's return value is turned into the
response (``result``), the handler signature as documented to plugin authors, and the neutral
answer the host gives the server when the plugin does not implement the hook.

``HookName`` lists the same names; ``tests/test_hooks.py`` checks that the two agree. A
generator for the full Mattermost hook set can replace this module as a whole.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, NamedTuple


class HookName(StrEnum):
    """Names of the Mattermost server hooks a plugin can implement (mmpy ABI v1).

    Use with :func:`mattermost_plugin.hook`: ``@hook(HookName.OnActivate)``. The members are
    strings, so ``@hook("OnActivate")`` is the same.
    """

    OnActivate = "OnActivate"
    OnDeactivate = "OnDeactivate"
    OnConfigurationChange = "OnConfigurationChange"
    MessageWillBePosted = "MessageWillBePosted"
    ExecuteCommand = "ExecuteCommand"


ResultKind = Literal["none", "post_rejection", "command_response"]
"""How a handler's return value becomes the hook response (see ``_dispatch``):

- ``none``: the return value is ignored; the response message is empty.
- ``post_rejection``: ``(post, "")`` allow/modify, ``(None, reason)`` reject, ``None`` unchanged.
- ``command_response``: a ``CommandResponse`` or a dict of its fields.
"""


class HookSpec(NamedTuple):
    """One hook of the ABI, as the SDK handles it."""

    name: HookName
    request: str  # message name in mmpy.v1
    response: str  # message name in mmpy.v1
    params: tuple[str, ...]  # request fields passed to the handler, in order
    result: ResultKind
    signature: str  # the Python handler signature, for docs and error messages
    neutral: str  # what the server gets when the plugin does not implement the hook


HOOKS: dict[str, HookSpec] = {
    spec.name.value: spec
    for spec in (
        HookSpec(
            HookName.OnActivate,
            "HookOnActivateRequest",
            "HookOnActivateResponse",
            (),
            "none",
            "(self) -> None",
            "activation succeeds",
        ),
        HookSpec(
            HookName.OnDeactivate,
            "HookOnDeactivateRequest",
            "HookOnDeactivateResponse",
            (),
            "none",
            "(self) -> None",
            "deactivation succeeds",
        ),
        HookSpec(
            HookName.OnConfigurationChange,
            "HookOnConfigurationChangeRequest",
            "HookOnConfigurationChangeResponse",
            (),
            "none",
            "(self) -> None",
            "the configuration change is accepted",
        ),
        HookSpec(
            HookName.MessageWillBePosted,
            "HookMessageWillBePostedRequest",
            "HookMessageWillBePostedResponse",
            ("context", "post"),
            "post_rejection",
            "(self, context: Context, post: Post) -> tuple[Post | None, str] | None",
            "the post is kept unchanged",
        ),
        HookSpec(
            HookName.ExecuteCommand,
            "HookExecuteCommandRequest",
            "HookExecuteCommandResponse",
            ("context", "args"),
            "command_response",
            "(self, context: Context, args: CommandArgs) -> CommandResponse | dict[str, Any]",
            "the command is not handled by this plugin",
        ),
    )
}


def resolve_hook_name(name: object) -> HookName:
    """Return the ``HookName`` for ``name`` or raise ``ValueError`` listing the valid names."""
    if isinstance(name, HookName):
        return name
    if isinstance(name, str) and name in HOOKS:
        return HOOKS[name].name
    valid = ", ".join(HOOKS)
    hint = ""
    if isinstance(name, str):
        from difflib import get_close_matches  # error path only

        close = get_close_matches(name, list(HOOKS), n=1)
        if close:
            hint = f" Did you mean {close[0]!r}?"
    raise ValueError(
        f"unknown hook {name!r}: mmpy ABI v1 supports {valid}.{hint}",
    )
