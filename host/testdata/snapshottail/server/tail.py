"""Test plugin with code after run_plugin(): it must not be paused for a snapshot (the code
after the call runs at shutdown, as in `python plugin.py`)."""

from mattermost_plugin import HookName, Plugin, hook

print("tail plugin imported", flush=True)


class TailPlugin(Plugin):
    @hook(HookName.ExecuteCommand)
    def execute_command(self, context, args):
        return {"response_type": "ephemeral", "text": "tail"}


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin

    run_plugin(TailPlugin)
    print("tail plugin stopped", flush=True)
