"""Running a plugin inside the mmpy host.

A plugin file ends with::

    if __name__ == "__main__":
        from mattermost_plugin.server import run_plugin
        run_plugin(MyPlugin)

The host starts ``python -m mattermost_plugin._boot server/plugin.py`` in its WebAssembly
interpreter, which runs the file as ``__main__`` (and finds the plugin class itself when the
file has no such block).
"""

from __future__ import annotations

from . import _egress
from ._api import PluginAPI
from ._logging import install_log_handler
from ._plugin import Plugin
from ._runtime import Runtime, Transport, WasmTransport, set_current_api

__all__ = ["run_plugin"]

_started = False  # run_plugin() was called (read by _boot)
# Set by _boot when the host may snapshot this guest: run_plugin() then stops after the hello
# and leaves the served Runtime in _paused; _boot.resume() runs it (abi/ABI.md section 1).
_pausable = False
_paused: Runtime | None = None


def run_plugin(plugin_cls: type[Plugin]) -> None:
    """Create ``plugin_cls()`` and serve it to the mmpy host until it shuts the plugin down.

    Sets ``plugin.api`` to the connected :class:`PluginAPI` and routes ``plugin.logger`` (and
    the root logger) to the server log. Returns when the host sends ``Shutdown``; exits with
    status 1 if the host refuses the plugin (e.g. an ABI version mismatch).

    Raises ``RuntimeError`` outside the host (a native ``python plugin.py``): the ABI module
    ``_mmpy`` exists only in the host's WebAssembly interpreter.
    """
    global _started
    if not (isinstance(plugin_cls, type) and issubclass(plugin_cls, Plugin)):
        raise TypeError(
            f"run_plugin() needs a subclass of mattermost_plugin.Plugin, got {plugin_cls!r}",
        )
    if _started:
        raise RuntimeError("run_plugin() was already called in this process")
    transport = WasmTransport()
    _started = True
    if _pausable:
        global _paused
        runtime = _prepare(plugin_cls, transport)
        runtime.hello()
        _paused = runtime  # served by _boot.resume(), after the host's snapshot
        return
    serve(plugin_cls, transport)


def serve(plugin_cls: type[Plugin], transport: Transport) -> Plugin:
    """Like :func:`run_plugin` over any transport (tests pass a fake host); returns the
    plugin instance after shutdown."""
    runtime = _prepare(plugin_cls, transport)
    runtime.serve()
    return runtime.plugin


def _prepare(plugin_cls: type[Plugin], transport: Transport) -> Runtime:
    """Create the plugin and its runtime, with the API client and the log handler attached."""
    plugin = plugin_cls()
    runtime = Runtime(plugin, transport)
    plugin.api = PluginAPI(runtime)
    set_current_api(plugin.api)
    _egress.set_caller(runtime)
    plugin.logger = install_log_handler(plugin.api, lambda: runtime.depth)
    return runtime
