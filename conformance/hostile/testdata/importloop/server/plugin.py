"""Test plugin: an infinite loop in the module's top-level code (at import)."""
from mattermost_plugin import HookName, Plugin, hook

n = 0
while True:  # never finishes importing
    n += 1


class Never(Plugin):
    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        pass


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin

    run_plugin(Never)
