"""The Python Plugin Development Guide's code, unchanged, against the SDK.

Plugin classes below copy the guide's snippets verbatim (only the class around a bare method
snippet, and helpers the snippets call, are added); each is served through the fake host, so
the whole path (hook dispatch, API calls, logging to the server log) is exercised.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from types import ModuleType

from fakehost import FakeHost, hook_call, js, unjs
from mattermost_plugin import (
    HookName,
    NotFoundError,
    PermissionDeniedError,
    Plugin,
    PluginAPIError,
    ValidationError,  # noqa: F401  (imported by the guide's error-handling snippet)
    hook,
)
from mattermost_plugin._abi import mmpy_pb2 as pb
from mattermost_plugin._abi import plugin_pb2 as ppb
from mattermost_plugin.server import serve

HERE = os.path.dirname(os.path.abspath(__file__))
GUIDE_PROJECT = os.path.join(HERE, "guide_project")
SRC = os.path.join(os.path.dirname(HERE), "src")


def load_guide_plugin() -> ModuleType:
    path = os.path.join(GUIDE_PROJECT, "server", "plugin.py")
    spec = importlib.util.spec_from_file_location("guide_project_plugin", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def version_host(*hooks: pb.HookCall) -> FakeHost:
    host = FakeHost(hooks)
    host.api["GetServerVersion"] = lambda req: ppb.ApiGetServerVersionResponse(result="10.5.0")
    return host


# ---------------------------------------------------------------- Getting Started


def test_getting_started_plugin_activates_and_deactivates() -> None:
    module = load_guide_plugin()
    host = version_host(hook_call("OnActivate"), hook_call("OnDeactivate"))

    serve(module.MyPlugin, host)

    assert host.guest_hello is not None
    assert list(host.guest_hello.hooks) == ["OnActivate", "OnDeactivate", "MessageWillBePosted"]
    assert host.logs() == [
        ("LogInfo", "My plugin activated!"),
        ("LogInfo", "Server version: 10.5.0"),
        ("LogInfo", "My plugin deactivated!"),
    ]
    host.response("OnActivate")
    host.response("OnDeactivate")


def test_guide_test_file_runs_unchanged_with_pytest() -> None:
    # The guide's tests/test_plugin.py, verbatim, run the way a plugin author runs it: from the
    # plugin directory with `python -m pytest` (which puts the directory on sys.path).
    env = dict(os.environ, PYTHONPATH=SRC, PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=GUIDE_PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed" in proc.stdout


def test_allow_reject_modify_pattern_through_the_host() -> None:
    module = load_guide_plugin()
    posts = [
        {"id": "p1", "message": "Hello, world!"},
        {"id": "p2", "message": "This is spam"},
        {"id": "p3", "message": "darn it"},
    ]
    host = FakeHost(hook_call("MessageWillBePosted", c={"RequestId": "r"}, post=p) for p in posts)

    serve(module.MyPlugin, host)

    allow, reject, modify = host.responses("MessageWillBePosted")
    assert unjs(allow.result)["message"] == "Hello, world!"
    assert unjs(allow.result)["id"] == "p1"
    assert allow.result2 == ""
    assert unjs(reject.result) is None
    assert reject.result2 == "Message rejected: spam detected"
    assert unjs(modify.result)["message"] == "d**n it"
    assert unjs(modify.result)["id"] == "p3"
    assert modify.result2 == ""


# ---------------------------------------------------------------- SDK Reference


# fmt: off  (the guide's code, verbatim)
class HookDecoratorPlugin(Plugin):
    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        pass

    # Also valid: using string names
    @hook("OnDeactivate")
    def handle_deactivate(self) -> None:
        pass


# fmt: on


def test_hook_decorator_with_enum_and_string_names() -> None:
    host = FakeHost([hook_call("OnActivate"), hook_call("OnDeactivate")])
    serve(HookDecoratorPlugin, host)
    assert HookDecoratorPlugin.implemented_hooks() == [HookName.OnActivate, HookName.OnDeactivate]
    assert host.guest_hello is not None
    assert list(host.guest_hello.hooks) == ["OnActivate", "OnDeactivate"]
    assert [h for h, r in host.results if not r.HasField("error")] == ["OnActivate", "OnDeactivate"]


# fmt: off  (the guide's code, verbatim)
class ApiAccessPlugin(Plugin):
    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        # Get server info
        version = self.api.get_server_version()

        # Get user
        user = self.api.get_user("user-id")
        self.logger.info(f"User: {user.username}")

        # Create a post
        post = self.api.create_post(
            channel_id="channel-id", user_id="bot-user-id", message="Hello from Python!"
        )
        self.created = (version, post)


# fmt: on


def test_api_client_access_snippet() -> None:
    host = version_host(hook_call("OnActivate"))
    host.api["GetUser"] = lambda req: ppb.ApiGetUserResponse(
        result=js({"id": req.user_id, "username": "alice"}),
    )
    host.api["CreatePost"] = lambda req: ppb.ApiCreatePostResponse(
        result=js({**unjs(req.post), "id": "new-post", "create_at": 1700000000000}),
    )

    plugin = serve(ApiAccessPlugin, host)

    host.response("OnActivate")
    assert [m for m, _ in host.calls] == ["GetServerVersion", "GetUser", "LogInfo", "CreatePost"]
    assert host.calls[1][1].user_id == "user-id"
    assert host.logs() == [("LogInfo", "User: alice")]
    sent = unjs(host.calls[3][1].post)
    assert (sent["channel_id"], sent["user_id"], sent["message"]) == (
        "channel-id",
        "bot-user-id",
        "Hello from Python!",
    )
    version, post = plugin.created  # type: ignore[attr-defined]
    assert version == "10.5.0"
    assert post.id == "new-post"
    assert post.create_at == 1700000000000
    assert post.message == "Hello from Python!"


# fmt: off  (the guide's code, verbatim)
class LoggerPlugin(Plugin):
    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        self.logger.debug("Debug message")
        self.logger.info("Info message")
        self.logger.warning("Warning message")
        self.logger.error("Error message")


# fmt: on


def test_logger_access_snippet() -> None:
    host = FakeHost([hook_call("OnActivate")])
    serve(LoggerPlugin, host)
    assert host.logs() == [
        ("LogDebug", "Debug message"),
        ("LogInfo", "Info message"),
        ("LogWarn", "Warning message"),
        ("LogError", "Error message"),
    ]


# ---------------------------------------------------------------- Hook Reference


# fmt: off  (the guide's code, verbatim)
class LifecyclePlugin(Plugin):
    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        self.logger.info("Plugin activated!")

    @hook(HookName.OnDeactivate)
    def on_deactivate(self) -> None:
        self.logger.info("Plugin deactivated!")

    @hook(HookName.OnConfigurationChange)
    def on_config_change(self) -> None:
        self.logger.info("Configuration changed!")


# fmt: on


def test_lifecycle_hooks_snippet() -> None:
    host = FakeHost(
        [hook_call("OnActivate"), hook_call("OnConfigurationChange"), hook_call("OnDeactivate")],
    )
    serve(LifecyclePlugin, host)
    assert host.logs() == [
        ("LogInfo", "Plugin activated!"),
        ("LogInfo", "Configuration changed!"),
        ("LogInfo", "Plugin deactivated!"),
    ]


# fmt: off  (the guide's code, verbatim)
class CommandPlugin(Plugin):
    @hook(HookName.ExecuteCommand)
    def execute_command(self, context, args):  # type: ignore[no-untyped-def]
        if args.command == "/hello":
            return {"response_type": "ephemeral", "text": "Hello from Python!"}
        return {"response_type": "ephemeral", "text": "Unknown command"}


# fmt: on


def test_command_hook_snippet() -> None:
    host = FakeHost(
        [
            hook_call("ExecuteCommand", args={"command": "/hello"}),
            hook_call("ExecuteCommand", args={"command": "/nope"}),
        ],
    )
    serve(CommandPlugin, host)
    assert all(not r.HasField("error") for _, r in host.results)
    hello, unknown = (unjs(r.result) for r in host.responses("ExecuteCommand"))
    assert (hello["response_type"], hello["text"]) == ("ephemeral", "Hello from Python!")
    assert (unknown["response_type"], unknown["text"]) == ("ephemeral", "Unknown command")


# fmt: off  (the guide's code, verbatim; is_blocked is the helper it calls)
class UserHooksPlugin(Plugin):
    def is_blocked(self, user_id: str) -> bool:
        return user_id == "u-blocked"

    @hook(HookName.UserWillLogIn)
    def on_user_login(self, context, user):  # type: ignore[no-untyped-def]
        if self.is_blocked(user.id):
            return "Login blocked by plugin"
        return ""  # Allow login

    @hook(HookName.UserHasJoinedChannel)
    def on_user_joined(self, context, channel_member, actor_id):  # type: ignore[no-untyped-def]
        self.logger.info(
            f"User {channel_member.user_id} joined channel {channel_member.channel_id}"
        )


# fmt: on


def test_user_and_channel_hook_snippets() -> None:
    host = FakeHost(
        [
            hook_call("UserWillLogIn", c={"SessionId": "s"}, user={"id": "u-blocked"}),
            hook_call("UserWillLogIn", c={"SessionId": "s"}, user={"id": "u-fine"}),
            hook_call(
                "UserHasJoinedChannel",
                c={},
                channel_member={"user_id": "u1", "channel_id": "c1"},
                actor={"id": "u2"},
            ),
        ]
    )
    serve(UserHooksPlugin, host)
    blocked, allowed = host.responses("UserWillLogIn")
    assert blocked.result == "Login blocked by plugin"
    assert allowed.result == ""
    host.response("UserHasJoinedChannel")
    assert host.logs() == [("LogInfo", "User u1 joined channel c1")]


# ---------------------------------------------------------------- API Reference: errors


# fmt: off  (the guide's code, verbatim)
class ErrorHandlingPlugin(Plugin):
    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        try:
            user = self.api.get_user("invalid-id")  # noqa: F841
        except NotFoundError:
            self.logger.warning("User not found")
        except PermissionDeniedError:
            self.logger.error("Permission denied")
        except PluginAPIError as e:
            self.logger.error(f"API error: {e.error_id} - {e.message}")


# fmt: on


def _error_host(status: int, error_id: str, message: str) -> FakeHost:
    host = FakeHost([hook_call("OnActivate")])
    host.api["GetUser"] = lambda req: pb.AppError(
        id=error_id, message=message, status_code=status, where="GetUser"
    )
    return host


def test_error_handling_snippet_not_found() -> None:
    host = _error_host(404, "app.user.missing_account.const", "Unable to find the user.")
    serve(ErrorHandlingPlugin, host)
    host.response("OnActivate")  # handled: the hook succeeded
    assert host.calls[0][1].user_id == "invalid-id"
    assert host.logs() == [("LogWarn", "User not found")]


def test_error_handling_snippet_permission_denied() -> None:
    host = _error_host(403, "api.context.permissions.app_error", "no permission")
    serve(ErrorHandlingPlugin, host)
    assert host.logs() == [("LogError", "Permission denied")]


def test_error_handling_snippet_other_error() -> None:
    host = _error_host(500, "app.user.get.app_error", "database down")
    serve(ErrorHandlingPlugin, host)
    assert host.logs() == [("LogError", "API error: app.user.get.app_error - database down")]


# ---------------------------------------------------------------- Best Practices


# fmt: off  (the guide's code, verbatim)
class InitializePlugin(Plugin):
    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        try:
            self.initialize()
        except Exception as e:
            self.logger.error(f"Failed to initialize: {e}")
            raise  # Re-raise to indicate activation failure

    def initialize(self) -> None:
        raise ConnectionError("cannot reach the database")


# fmt: on


def test_best_practice_error_handling_fails_activation() -> None:
    host = FakeHost([hook_call("OnActivate")])
    serve(InitializePlugin, host)
    result = host.result("OnActivate")
    assert result.HasField("error")
    assert result.error.type == "ConnectionError"
    assert result.error.message == "cannot reach the database"
    assert "in initialize" in result.error.traceback
    assert "raise ConnectionError" in result.error.traceback
    assert host.logs() == [("LogError", "Failed to initialize: cannot reach the database")]


# fmt: off  (the guide's code, verbatim)
class ConfigPlugin(Plugin):
    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        config = self.api.get_plugin_config()
        self.api_key = config.get("api_key", "")
        self.enabled_features = config.get("features", [])

    @hook(HookName.OnConfigurationChange)
    def on_config_change(self) -> None:
        # Reload configuration
        config = self.api.get_plugin_config()
        self.api_key = config.get("api_key", "")


# fmt: on


def test_configuration_snippet() -> None:
    configs = iter([b'{"api_key": "k1", "features": ["a", "b"]}', b'{"api_key": "k2"}'])
    host = FakeHost([hook_call("OnActivate"), hook_call("OnConfigurationChange")])
    host.api["GetPluginConfig"] = lambda req: ppb.ApiGetPluginConfigResponse(
        result=next(configs),
    )
    seen: list[tuple[str, list[str]]] = []

    class Recording(ConfigPlugin):
        @hook(HookName.OnConfigurationChange)
        def on_config_change(self) -> None:
            seen.append((self.api_key, self.enabled_features))
            super().on_config_change()
            seen.append((self.api_key, self.enabled_features))

    serve(Recording, host)
    assert seen == [("k1", ["a", "b"]), ("k2", ["a", "b"])]
