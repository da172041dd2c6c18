"""Sandbox probe: `/probe <python source>` runs the source in a hook and answers with the
value it assigns to `result`, or with `ExcType: message` if it raises. Tests use it to see the
sandbox from the inside (files, env, sockets, egress)."""
from mattermost_plugin import HookName, Plugin, hook


class Probe(Plugin):
    @hook(HookName.ExecuteCommand)
    def command(self, context, args):
        source = args.command.split(" ", 1)[1]
        scope = {"plugin": self}
        try:
            exec(source, scope)
            text = str(scope.get("result"))
        except BaseException as exc:  # noqa: BLE001 - report everything to the test
            text = f"{type(exc).__name__}: {exc}"
        return {"text": text}
