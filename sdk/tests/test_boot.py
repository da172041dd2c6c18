"""``python -m mattermost_plugin._boot <plugin.py>`` end to end, natively, with a stand-in for the
interpreter's ``_mmpy`` module (tests/fake_mmpy/_mmpy.py) playing the host."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src"
REPO = TESTS.parent.parent
HELLO_PYTHON = REPO / "examples" / "hello_python"


def boot(
    script: Path | str,
    host_script: dict[str, Any] | None = None,
    *,
    tmp_path: Path,
    fake_mmpy: bool = True,
    python_args: list[str] | None = None,
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any] | None]:
    """Run the boot module on ``script``; return the process and what the fake host saw.

    ``python_args`` replaces ``-m mattermost_plugin._boot <script>`` on the command line.
    """
    out = tmp_path / "host.json"
    path = [str(SRC), str(TESTS)]
    if fake_mmpy:
        path.insert(0, str(TESTS / "fake_mmpy"))
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(path),
        PYTHONDONTWRITEBYTECODE="1",
        FAKE_MMPY_SCRIPT=json.dumps(host_script or {}),
        FAKE_MMPY_OUT=str(out),
    )
    proc = subprocess.run(
        [sys.executable, *(python_args or ["-m", "mattermost_plugin._boot", str(script)])],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    seen = json.loads(out.read_text()) if out.exists() else None
    return proc, seen


def write_plugin(root: Path, source: str, name: str = "plugin.py") -> Path:
    (root / "server").mkdir(parents=True, exist_ok=True)
    (root / "plugin.json").write_text('{"id": "com.example.t", "server": {"runtime": "python"}}')
    path = root / "server" / name
    path.write_text(textwrap.dedent(source))
    return path


@pytest.mark.skipif(not HELLO_PYTHON.exists(), reason="examples/hello_python not in this tree")
def test_hello_python_example_runs_in_the_boot_module(tmp_path: Path) -> None:
    proc, seen = boot(
        HELLO_PYTHON / "server" / "plugin.py",
        {
            "hooks": [
                ["OnActivate", {}],
                ["MessageWillBePosted", {"post": {"id": "p1", "message": "this has a BadWord"}}],
                ["MessageWillBePosted", {"post": {"id": "p2", "message": "hello"}}],
                ["ExecuteCommand", {"c": {"RequestId": "r"}, "args": {"command": "/hello"}}],
                ["OnConfigurationChange", {}],
                ["OnDeactivate", {}],
            ],
            "api": {"GetServerVersion": {"result": "10.5.0"}},
        },
        tmp_path=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert seen is not None
    assert seen["hello"]["plugin_class"] == "__main__.HelloPythonPlugin"
    assert seen["hello"]["hooks"] == [  # plugin.Hooks order
        "OnActivate",
        "OnDeactivate",
        "ExecuteCommand",
        "MessageWillBePosted",
    ]
    calls = seen["calls"]
    assert calls[0] == ["LogInfo", {"msg": "Hello Python plugin activated!", "key_value_pairs": []}]
    assert calls[1] == ["GetServerVersion", {}]
    assert calls[2] == ["LogInfo", {"msg": "Server version: 10.5.0", "key_value_pairs": []}]
    method, request = calls[3]
    assert method == "RegisterCommand"
    assert request["command"]["trigger"] == "hello"
    assert request["command"]["auto_complete"] is True
    assert request["command"]["auto_complete_desc"]
    assert calls[4] == [
        "LogInfo",
        {"msg": "Hello Python plugin deactivated!", "key_value_pairs": []},
    ]

    results = seen["results"]
    assert results[0] == {"hook": "OnActivate", "response": {}}
    assert results[1] == {
        "hook": "MessageWillBePosted",
        "response": {"result": None, "result2": "Message blocked"},
    }
    post = results[2]["response"]["result"]
    assert (post["id"], post["message"]) == ("p2", "hello")
    command = results[3]["response"]["result"]
    assert (command["response_type"], command["text"]) == ("ephemeral", "Hello from Python!")
    assert results[4] == {"hook": "OnConfigurationChange", "not_implemented": True}
    assert results[5] == {"hook": "OnDeactivate", "response": {}}
    assert seen["events"][-1] == "shutdown"


def test_plugin_without_main_block_is_found_and_run(tmp_path: Path) -> None:
    script = write_plugin(
        tmp_path / "p",
        """
        import sys
        from mattermost_plugin import Plugin, hook, HookName
        from helpers import GREETING          # next to the script
        from server.helpers import GREETING as G2   # from the plugin root

        class Greeter(Plugin):
            @hook(HookName.OnActivate)
            def on_activate(self):
                main = sys.modules["__main__"]
                self.logger.info(f"{GREETING} {G2} {main.Greeter is Greeter} {sys.argv[0]}")
        """,
    )
    (script.parent / "helpers.py").write_text("GREETING = 'hi'\n")
    proc, seen = boot(script, {"hooks": [["OnActivate", {}]]}, tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert seen is not None
    assert seen["hello"]["plugin_class"] == "__main__.Greeter"
    assert seen["calls"] == [["LogInfo", {"msg": f"hi hi True {script}", "key_value_pairs": []}]]


def test_no_plugin_class_exits_1_naming_the_file_and_the_fix(tmp_path: Path) -> None:
    script = write_plugin(tmp_path / "p", "from mattermost_plugin import Plugin\nx = 1\n")
    proc, seen = boot(script, tmp_path=tmp_path)
    assert proc.returncode == 1
    assert str(script) in proc.stderr
    assert "defines no subclass of mattermost_plugin.Plugin" in proc.stderr
    assert "run_plugin(MyPlugin)" in proc.stderr
    assert seen is None  # _mmpy never imported: no hello


def test_several_plugin_classes_exit_1_naming_them(tmp_path: Path) -> None:
    script = write_plugin(
        tmp_path / "p",
        """
        from mattermost_plugin import Plugin
        class First(Plugin): pass
        class Second(First): pass
        """,
    )
    proc, _ = boot(script, tmp_path=tmp_path)
    assert proc.returncode == 1
    assert "several Plugin subclasses (First, Second)" in proc.stderr
    assert "run_plugin(First)" in proc.stderr


def test_import_error_prints_the_traceback_and_exits_1(tmp_path: Path) -> None:
    script = write_plugin(
        tmp_path / "p",
        """
        from mattermost_plugin import Plugin

        def broken():
            return 1 / 0

        VALUE = broken()
        """,
    )
    proc, seen = boot(script, tmp_path=tmp_path)
    assert proc.returncode == 1
    assert "Traceback (most recent call last):" in proc.stderr
    assert f'File "{script}", line 7, in <module>' in proc.stderr
    assert "in broken" in proc.stderr
    assert proc.stderr.rstrip().endswith("ZeroDivisionError: division by zero")
    assert "_boot.py" not in proc.stderr  # the boot module's own frame is left out
    assert seen is None  # _mmpy never imported: no hello


def test_missing_module_error_is_readable(tmp_path: Path) -> None:
    script = write_plugin(tmp_path / "p", "import not_installed_anywhere\n")
    proc, _ = boot(script, tmp_path=tmp_path)
    assert proc.returncode == 1
    assert "ModuleNotFoundError: No module named 'not_installed_anywhere'" in proc.stderr


def test_refused_hello_exits_1_with_the_host_error(tmp_path: Path) -> None:
    script = write_plugin(
        tmp_path / "p",
        """
        from mattermost_plugin import Plugin
        class P(Plugin): pass
        if __name__ == "__main__":
            from mattermost_plugin.server import run_plugin
            run_plugin(P)
        """,
    )
    proc, seen = boot(script, {"accept": False, "error": "ABI v1 is not v2"}, tmp_path=tmp_path)
    assert proc.returncode == 1
    assert "mmpy: the host refused this plugin: ABI v1 is not v2" in proc.stderr
    assert seen is not None
    assert seen["events"] == ["hello"]


def test_abi_version_mismatch_of_the_interpreter_module(tmp_path: Path) -> None:
    script = write_plugin(
        tmp_path / "p", "from mattermost_plugin import Plugin\nclass P(Plugin): pass\n"
    )
    proc, _ = boot(script, {"abi": 2}, tmp_path=tmp_path)
    assert proc.returncode == 1
    assert "speaks mmpy ABI v2, this SDK (0.1.0) speaks v1" in proc.stderr


def test_missing_script_and_usage(tmp_path: Path) -> None:
    proc, _ = boot(tmp_path / "nope.py", tmp_path=tmp_path)
    assert proc.returncode == 1
    assert "cannot read the plugin entry point" in proc.stderr
    usage = subprocess.run(
        [sys.executable, "-m", "mattermost_plugin._boot"],
        env=dict(os.environ, PYTHONPATH=str(SRC)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert usage.returncode == 2
    assert usage.stderr.startswith("usage: python -m mattermost_plugin._boot")


@pytest.mark.skipif(not HELLO_PYTHON.exists(), reason="examples/hello_python not in this tree")
def test_running_a_plugin_natively_explains_the_host(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(SRC))
    proc = subprocess.run(
        [sys.executable, str(HELLO_PYTHON / "server" / "plugin.py")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "RuntimeError: this plugin must run inside the mmpy host" in proc.stderr
    assert "mmpy run DIR" in proc.stderr


def test_post_props_travel_as_json_through_the_boot_module(tmp_path: Path) -> None:
    script = write_plugin(
        tmp_path / "p",
        """
        from mattermost_plugin import Plugin, hook, HookName

        class Tagger(Plugin):
            @hook(HookName.MessageWillBePosted)
            def tag(self, context, post):
                post.props["seen_by"] = context.request_id
                return post, ""
        """,
    )
    proc, seen = boot(
        script,
        {
            "hooks": [
                [
                    "MessageWillBePosted",
                    {"c": {"RequestId": "r9"}, "post": {"props": {"a": 1}, "x_new": [1]}},
                ],
            ],
        },
        tmp_path=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert seen is not None
    sent = seen["results"][0]["response"]["result"]
    assert sent["props"] == {"a": 1, "seen_by": "r9"}
    assert sent["x_new"] == [1]  # a key this SDK does not know is sent back


def boot_paused(
    script: Path, host_script: dict[str, Any], *, tmp_path: Path
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any] | None]:
    """Run the boot module as the interpreter's mmpy_init, mmpy_plugin and mmpy_serve exports do.

    ``_boot.prepare()``, ``_boot.init(args)``, then ``_boot.resume()`` if it paused; prints what
    init returned.
    """
    driver = (
        "import sys\n"
        "from mattermost_plugin import _boot\n"
        "_boot.prepare()\n"
        f"status = _boot.init(['python', '-m', 'mattermost_plugin._boot', {str(script)!r}])\n"
        "print('init ->', status, flush=True)\n"
        "if status is None:\n"
        "    status = _boot.resume()\n"
        "sys.exit(status)\n"
    )
    return boot(script, host_script, tmp_path=tmp_path, python_args=["-c", driver])


PAUSING = """
    import random
    from mattermost_plugin import Plugin, hook, HookName

    DRAWN = random.random()
    print("imported", flush=True)

    class P(Plugin):
        @hook(HookName.OnActivate)
        def on_activate(self):
            self.logger.info(f"{random.random() != DRAWN}")

    if __name__ == "__main__":
        from mattermost_plugin.server import run_plugin
        run_plugin(P)
    """


def test_init_pauses_after_hello_and_resume_serves(tmp_path: Path) -> None:
    script = write_plugin(tmp_path / "p", PAUSING)
    proc, seen = boot_paused(script, {"hooks": [["OnActivate", {}]]}, tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["imported", "init -> None"]
    assert seen is not None
    assert seen["hello"]["plugin_class"] == "__main__.P"
    assert seen["results"] == [{"hook": "OnActivate", "response": {}}]
    assert seen["calls"] == [["LogInfo", {"msg": "True", "key_value_pairs": []}]]


def test_init_serves_within_when_code_follows_run_plugin(tmp_path: Path) -> None:
    script = write_plugin(tmp_path / "p", PAUSING + '    print("after", flush=True)\n')
    proc, seen = boot_paused(script, {"hooks": [["OnActivate", {}]]}, tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    # Served inside init (no pause), and the code after run_plugin() ran at shutdown.
    assert proc.stdout.splitlines() == ["imported", "after", "init -> 0"]
    assert seen is not None
    assert seen["results"] == [{"hook": "OnActivate", "response": {}}]


def test_init_reports_import_errors_like_main(tmp_path: Path) -> None:
    script = write_plugin(tmp_path / "p", "import nonexistent_module_xyz\n")
    proc, seen = boot_paused(script, {}, tmp_path=tmp_path)
    assert proc.returncode == 1
    assert "init -> 1" in proc.stdout
    assert "No module named 'nonexistent_module_xyz'" in proc.stderr
    assert seen is None


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("x = 1\n", True),  # no run_plugin: _boot runs the plugin class after the file
        ("from mattermost_plugin.server import run_plugin\nrun_plugin(P)\n", True),
        ('if __name__ == "__main__":\n    from m import run_plugin\n    run_plugin(P)\n', True),
        ('if __name__ == "__main__":\n    server.run_plugin(P)\n', True),
        ('if __name__ == "__main__":\n    run_plugin(P)\n    print("bye")\n', False),
        ('if __name__ == "__main__":\n    run_plugin(P)\nprint("bye")\n', False),
        ('if __name__ == "__main__":\n    run_plugin(P)\nelse:\n    pass\n', False),
        ("if DEBUG:\n    run_plugin(P)\n", False),
        ('def main():\n    run_plugin(P)\n\nif __name__ == "__main__":\n    main()\n', False),
        ("try:\n    run_plugin(P)\nfinally:\n    cleanup()\n", False),
        ("run_plugin(P)\nrun_plugin(Q)\n", False),
        ("run_plugin(\n", False),  # a syntax error: the file's own compile reports it
    ],
)
def test_pausable(source: str, expected: bool) -> None:
    from mattermost_plugin._boot import pausable

    assert pausable(source.encode()) is expected


def test_init_refuses_arguments_without_the_boot_module(tmp_path: Path) -> None:
    from mattermost_plugin import _boot

    assert _boot.init(["python", "plugin.py"]) == 2
