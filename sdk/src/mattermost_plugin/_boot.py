"""Guest entry point: ``python -m mattermost_plugin._boot <path/to/plugin.py> [args...]``.

The mmpy host starts the WebAssembly interpreter with these arguments (abi/ABI.md section 1).
This module:

1. puts the script's directory and the plugin root on ``sys.path`` (the root is the nearest
   ancestor holding ``plugin.json``/``plugin.yaml``/``plugin.yml``, else the parent of a
   ``server/`` directory), so both ``import helpers`` and ``from server.plugin import X`` work;
2. runs the file as ``__main__``, like ``python path/to/plugin.py`` (``sys.argv[0]`` is the
   path; the module stays ``sys.modules["__main__"]`` while the plugin runs);
3. if the file did not call ``run_plugin()`` itself, runs the one ``Plugin`` subclass the file
   defines, or exits with status 1 and a message when it defines none or several.

An exception while the file runs prints its traceback on stderr; the status is then 1.
"""

from __future__ import annotations

import builtins
import os
import sys
import traceback
import types

_MANIFESTS = ("plugin.json", "plugin.yaml", "plugin.yml")
_USAGE = "usage: python -m mattermost_plugin._boot <path/to/plugin.py> [args...]"


def plugin_root(script_dir: str) -> str:
    """The plugin's root directory for a script in ``script_dir``."""
    directory = script_dir
    for _ in range(6):  # as the host's layout.FindPluginRoot
        if any(os.path.isfile(os.path.join(directory, m)) for m in _MANIFESTS):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    if os.path.basename(script_dir) == "server":
        return os.path.dirname(script_dir)
    return script_dir


def main(argv: list[str] | None = None) -> int:
    """Run the plugin script named by ``argv[0]``; return the exit status."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(_USAGE, file=sys.stderr)
        return 2
    path = os.path.abspath(args[0])
    try:
        with open(path, "rb") as f:
            source = f.read()
    except OSError as exc:
        print(f"mmpy: cannot read the plugin entry point {path}: {exc.strerror}", file=sys.stderr)
        return 1

    from . import _egress

    _egress.install()  # urllib.request through the host; sockets fail with a clear error

    script_dir = os.path.dirname(path)
    for entry in reversed(dict.fromkeys((script_dir, plugin_root(script_dir)))):
        if entry in sys.path:
            sys.path.remove(entry)
        sys.path.insert(0, entry)
    sys.argv = [path, *args[1:]]

    module = types.ModuleType("__main__")
    module.__dict__.update(__file__=path, __builtins__=builtins, __cached__=None)
    sys.modules["__main__"] = module
    try:
        exec(compile(source, path, "exec", dont_inherit=True), module.__dict__)
    except SystemExit:
        raise
    except BaseException as exc:
        tb = exc.__traceback__
        if tb is not None and tb.tb_next is not None:
            tb = tb.tb_next  # drop this frame (the exec line)
        traceback.print_exception(type(exc), exc, tb)
        return 1

    from . import server

    if server._started:
        return 0
    return _run_defined_plugin(path, module.__dict__)


def _run_defined_plugin(path: str, namespace: dict[str, object]) -> int:
    from ._plugin import Plugin
    from .server import run_plugin

    found = [
        value
        for value in namespace.values()
        if isinstance(value, type)
        and issubclass(value, Plugin)
        and value is not Plugin
        and value.__module__ == "__main__"
    ]
    if len(found) == 1:
        run_plugin(found[0])
        return 0
    end = (
        'if __name__ == "__main__":\n'
        "    from mattermost_plugin.server import run_plugin\n"
        "    run_plugin({})\n"
    )
    if not found:
        print(
            f"mmpy: {path} defines no subclass of mattermost_plugin.Plugin and does not call "
            "run_plugin().\nDefine your plugin class in this file, or end the file with:\n\n"
            + end.format("MyPlugin"),
            file=sys.stderr,
        )
    else:
        names = ", ".join(cls.__qualname__ for cls in found)
        print(
            f"mmpy: {path} defines several Plugin subclasses ({names}); say which one to run "
            "by ending the file with:\n\n" + end.format(found[0].__qualname__),
            file=sys.stderr,
        )
    return 1


if __name__ == "__main__":
    sys.exit(main())
