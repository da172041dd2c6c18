"""A plugin that is valid up to its last line, which raises while the module is imported.

Used by conformance/e2e TestPythonBrokenPlugin: enabling it must fail, the server log must
carry the traceback ("boom at import"), and other plugins must keep running.
"""

from mattermost_plugin import HookName, Plugin, hook


class BrokenImportPlugin(Plugin):
    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        self.logger.info("broken_import activated: this must never happen")


raise RuntimeError("boom at import")
