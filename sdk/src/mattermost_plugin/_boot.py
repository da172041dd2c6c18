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

The host starts the interpreter in one of two ways (abi/ABI.md section 1). ``python -m
mattermost_plugin._boot`` (the ``mmpy_main`` export) runs :func:`main` and serves until
shutdown. Or, with pauses where the host may copy the guest's memory as a snapshot: the
``mmpy_init`` export starts the interpreter and calls :func:`prepare` (the SDK's imports); the
``mmpy_plugin`` export calls :func:`init`, which runs the plugin file and, when nothing in the
file follows its ``run_plugin()`` call, stops right after its hello; ``mmpy_serve`` calls
:func:`resume`, which reports ready and serves.
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


def pausable(source: bytes) -> bool:
    """Whether a plugin file may stop after its hello: nothing follows its ``run_plugin()``.

    True when the file never names ``run_plugin`` (``_boot`` then runs the one ``Plugin``
    subclass after the file), or when its last statement is a ``run_plugin(...)`` call, alone or
    last in a final ``if __name__ == "__main__":`` block, and no other statement calls it.
    Otherwise code after the call would run before serving instead of after shutdown.
    """
    if b"run_plugin" not in source:
        return True
    import ast

    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return False  # the file's own compile reports it

    def is_call(node: ast.stmt) -> bool:
        if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
            return False
        func = node.value.func
        return (isinstance(func, ast.Name) and func.id == "run_plugin") or (
            isinstance(func, ast.Attribute) and func.attr == "run_plugin"
        )

    if not tree.body:
        return True
    last = tree.body[-1]
    if isinstance(last, ast.If) and not last.orelse and last.body:
        test = last.test
        main_guard = (
            isinstance(test, ast.Compare)
            and isinstance(test.left, ast.Name)
            and test.left.id == "__name__"
            and len(test.comparators) == 1
            and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value == "__main__"
        )
        if not main_guard:
            return False
        final = last.body[-1]
    else:
        final = last
    calls = sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "run_plugin")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "run_plugin")
        )
    )
    return is_call(final) and calls == 1


def prepare() -> None:
    """Entry of the ``mmpy_init`` export, before any plugin: import what serving a plugin
    needs (the host may snapshot the guest after this, once for every plugin)."""
    from . import _egress, _runtime, server  # noqa: F401


def init(wasi_args: list[str]) -> int | None:
    """Entry of the ``mmpy_plugin`` export: run the plugin file named in this instance's
    arguments (``python -m mattermost_plugin._boot <plugin.py> ...``), stopping after the hello
    if it may (see :func:`pausable`). ``None`` = paused (the host calls :func:`resume` next);
    otherwise the plugin served here and this is its exit status."""
    from . import server

    try:
        args = wasi_args[wasi_args.index(__name__) + 1 :]
    except ValueError:
        print(f"mmpy: the arguments {wasi_args!r} do not name {__name__}", file=sys.stderr)
        return 2
    status = main(args, pause=True)
    if server._paused is not None:
        return None
    return status


def resume() -> int:
    """Entry of the ``mmpy_serve`` export: serve the plugin :func:`init` paused."""
    from . import server

    runtime = server._paused
    if runtime is None:
        raise RuntimeError("mattermost_plugin._boot.resume(): no plugin is paused")
    server._paused = None
    server._pausable = False
    # A restored snapshot shares the paused guest's state, the random module's generator
    # included: reseed it (from the host's entropy) so that instances do not repeat it.
    random = sys.modules.get("random")
    if random is not None:
        random.seed()
    runtime.run()
    return 0


def main(argv: list[str] | None = None, *, pause: bool = False) -> int:
    """Run the plugin script named by ``argv[0]``; return the exit status.

    ``pause``: the host may snapshot the guest (:func:`init`)."""
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

    if pause:
        from . import server

        server._pausable = pausable(source)

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
