"""The pytest plugin mattermost_plugin.testing.pytest_plugin: its fixtures, in this process
(imported) and in a fresh pytest run that loads it as a plugin, and its registration."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from mattermost_plugin import HookName, Plugin, Post, hook
from mattermost_plugin.testing import FakeMattermost, pytest_plugin
from mattermost_plugin.testing.pytest_plugin import FireHook, PluginFactory

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"

# The plugin's fixtures, taken from the working tree (an installed SDK also offers them through
# its pytest11 entry point; these module-level names take precedence).
mattermost = pytest_plugin.mattermost
api = pytest_plugin.api
plugin_factory = pytest_plugin.plugin_factory
fire_hook = pytest_plugin.fire_hook


class Greeter(Plugin):
    def __init__(self) -> None:
        super().__init__()
        self.greeting = ""

    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        self.greeting = self.api.get_plugin_config().get("greeting", "hi")
        self.api.kv_set("activated", b"yes")

    @hook(HookName.MessageWillBePosted)
    def prefix(self, context: object, post: Post) -> tuple[Post, str]:
        post.message = f"{self.greeting}: {post.message}"
        return post, ""


def test_fixtures_share_one_fake(
    mattermost: FakeMattermost, api: object, plugin_factory: PluginFactory
) -> None:
    assert api is mattermost.api
    plugin = plugin_factory(Greeter, config={"greeting": "hey"})
    assert plugin.api is mattermost.api
    assert plugin.greeting == "hey"
    assert mattermost.kv_value("activated") == b"yes"


def test_plugin_factory_can_skip_activation(
    mattermost: FakeMattermost, plugin_factory: PluginFactory
) -> None:
    plugin = plugin_factory(Greeter(), activate=False)
    assert plugin.greeting == ""
    assert mattermost.calls == []
    assert mattermost.plugins == [plugin]


def test_fire_hook_uses_the_last_plugin(plugin_factory: PluginFactory, fire_hook: FireHook) -> None:
    plugin_factory(Greeter)
    post, reason = fire_hook(HookName.MessageWillBePosted, post=Post(message="x"))
    assert (post.message, reason) == ("hi: x", "")
    other = plugin_factory(Greeter, config={"greeting": "yo"})
    assert fire_hook("MessageWillBePosted", plugin=other, post={"message": "x"})[0].message == (
        "yo: x"
    )


def test_fire_hook_without_a_plugin_says_what_to_do(fire_hook: FireHook) -> None:
    with pytest.raises(RuntimeError, match=r"plugin_factory\(MyPlugin\)"):
        fire_hook(HookName.OnActivate)


def test_entry_point_is_registered() -> None:
    pyproject = tomllib.loads((HERE.parent / "pyproject.toml").read_text())
    entry_points = pyproject["project"]["entry-points"]["pytest11"]
    assert entry_points == {"mattermost_plugin": "mattermost_plugin.testing.pytest_plugin"}


def test_fixtures_load_as_a_pytest_plugin(tmp_path: Path) -> None:
    (tmp_path / "test_uses_fixtures.py").write_text(
        textwrap.dedent(
            """
            import pytest
            from mattermost_plugin import HookName, Plugin, Post, ValidationError, hook

            class Guard(Plugin):
                @hook(HookName.MessageWillBePosted)
                def check(self, context, post):
                    return (None, "nope") if "x" in post.message else (post, "")

            def test_guard(mattermost, plugin_factory, fire_hook):
                plugin_factory(Guard)
                user = mattermost.add_user(username="u")
                channel = mattermost.add_channel(mattermost.add_team().id, members=[user.id])
                with pytest.raises(ValidationError, match="nope"):
                    mattermost.post_as(user.id, channel.id, "x")
                assert fire_hook(HookName.MessageWillBePosted, post=Post(message="ok"))[1] == ""

            def test_api(api):
                api.kv_set("k", b"v")
                assert api.kv_get("k") == b"v"
            """
        )
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        # only the plugin under test: an installed SDK's entry point would load it twice
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "mattermost_plugin.testing.pytest_plugin",
            "-p",
            "no:cacheprovider",
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
