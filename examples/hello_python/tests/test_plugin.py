# tests/test_plugin.py
# Native unit tests in the style of the Python Plugin Development Guide:
#   pip install ./sdk && pytest examples/hello_python/tests
from unittest.mock import MagicMock

from server.plugin import HelloPythonPlugin

from mattermost_plugin import HookName, Post


def make_plugin():
    plugin = HelloPythonPlugin()
    plugin.api = MagicMock()
    plugin.logger = MagicMock()
    return plugin


def test_declares_the_hooks_it_handles():
    # what the SDK reports to the host in GuestHello.hooks (in plugin.Hooks order)
    assert HelloPythonPlugin.implemented_hooks() == [
        HookName.OnActivate,
        HookName.OnDeactivate,
        HookName.ExecuteCommand,
        HookName.MessageWillBePosted,
    ]


def test_on_activate_logs_version_and_registers_hello():
    plugin = make_plugin()
    plugin.api.get_server_version.return_value = "10.5.0"

    plugin.on_activate()

    plugin.logger.info.assert_any_call("Hello Python plugin activated!")
    plugin.logger.info.assert_any_call("Server version: 10.5.0")
    plugin.api.register_command.assert_called_once()
    fields = plugin.api.register_command.call_args.kwargs
    assert fields["trigger"] == "hello"
    assert fields["auto_complete"] is True
    assert fields["auto_complete_desc"]


def test_on_deactivate_logs():
    plugin = make_plugin()
    plugin.on_deactivate()
    plugin.logger.info.assert_called_once_with("Hello Python plugin deactivated!")


def test_message_filter():
    plugin = make_plugin()

    # Messages containing the blocked word are rejected, whatever the case
    post = MagicMock(message="This contains a BadWord")
    result, reason = plugin.filter_message(None, post)
    assert result is None
    assert reason == "Message blocked"

    # Normal messages pass unchanged
    post = MagicMock(message="Hello, world!")
    result, reason = plugin.filter_message(None, post)
    assert result is post
    assert reason == ""


def test_message_filter_with_sdk_post():
    plugin = make_plugin()
    post = Post(channel_id="c1", user_id="u1", message="all good")
    assert plugin.filter_message(None, post) == (post, "")
    post.message = "badword!"
    assert plugin.filter_message(None, post) == (None, "Message blocked")


def test_hello_command():
    plugin = make_plugin()
    args = MagicMock(command="/hello")
    response = plugin.execute_command(None, args)
    assert response == {"response_type": "ephemeral", "text": "Hello from Python!"}


def test_unknown_command():
    plugin = make_plugin()
    response = plugin.execute_command(None, MagicMock(command="/other"))
    assert response == {"response_type": "ephemeral", "text": "Unknown command"}
