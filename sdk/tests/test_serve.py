"""The serve loop (abi/ABI.md section 4) against the fake host."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from fakehost import FakeHost, hook_call, js, unjs
from mattermost_plugin import (
    CommandArgs,
    CommandResponse,
    Context,
    DeadlineExceeded,
    HookName,
    Plugin,
    Post,
    __version__,
    hook,
)
from mattermost_plugin._abi import mmpy_pb2 as pb
from mattermost_plugin._abi import plugin_pb2 as ppb
from mattermost_plugin._runtime import ProtocolError
from mattermost_plugin.models import MessageAttachment
from mattermost_plugin.server import run_plugin, serve

# plugin.Context as the host sends it: JSON with Go's field names (the struct has no JSON tags)
CTX = {
    "SessionId": "s1",
    "RequestId": "r1",
    "IPAddress": "10.0.0.1",
    "AcceptLanguage": "de",
    "UserAgent": "ua",
}


class Recorder(Plugin):
    """Implements five hooks and records what each received."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, tuple[Any, ...]]] = []

    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        self.seen.append(("OnActivate", ()))

    @hook(HookName.OnDeactivate)
    def on_deactivate(self) -> None:
        self.seen.append(("OnDeactivate", ()))

    @hook(HookName.OnConfigurationChange)
    def on_configuration_change(self) -> None:
        self.seen.append(("OnConfigurationChange", ()))

    @hook(HookName.MessageWillBePosted)
    def message_will_be_posted(self, context: Context, post: Post) -> tuple[Post | None, str]:
        self.seen.append(("MessageWillBePosted", (context, post)))
        if "reject" in post.message:
            return None, "rejected by test"
        post.message = post.message.upper()
        post.props = {**(post.props or {}), "checked": True}
        return post, ""

    @hook(HookName.ExecuteCommand)
    def execute_command(self, context: Context, args: CommandArgs) -> CommandResponse:
        self.seen.append(("ExecuteCommand", (context, args)))
        return CommandResponse(
            response_type="in_channel",
            text=f"you said {args.command}",
            props={"from": "test"},
            attachments=[MessageAttachment(text="att")],
            extra_responses=[CommandResponse(text="more")],
        )


def test_hello_payload_and_ready() -> None:
    host = FakeHost()
    serve(Recorder, host)
    hello = host.guest_hello
    assert hello is not None
    assert hello.abi_version == 1
    assert hello.sdk_version == __version__ == "0.1.0"
    assert hello.python_version == sys.version
    assert hello.plugin_class == f"{__name__}.Recorder"
    assert list(hello.hooks) == [  # in plugin.Hooks order (the ABI table), not class order
        "OnActivate",
        "OnDeactivate",
        "OnConfigurationChange",
        "ExecuteCommand",
        "MessageWillBePosted",
    ]
    assert host.events == ["hello", "ready", "shutdown"]


def test_hooks_are_dispatched_with_their_arguments() -> None:
    host = FakeHost(
        [
            hook_call("OnActivate"),
            hook_call("OnConfigurationChange"),
            hook_call(
                "MessageWillBePosted",
                c=CTX,
                post={"id": "p1", "channel_id": "c1", "message": "hi", "props": {"a": 1}},
            ),
            hook_call("MessageWillBePosted", post={"id": "p2", "message": "please reject"}),
            hook_call(
                "ExecuteCommand",
                c=CTX,
                args={"command": "/echo x", "user_id": "u1", "channel_id": "c1", "team_id": "t1"},
            ),
            hook_call("OnDeactivate"),
        ],
    )
    plugin = serve(Recorder, host)
    assert isinstance(plugin, Recorder)

    assert [name for name, _ in plugin.seen] == [
        "OnActivate",
        "OnConfigurationChange",
        "MessageWillBePosted",
        "MessageWillBePosted",
        "ExecuteCommand",
        "OnDeactivate",
    ]
    ctx, post = plugin.seen[2][1]
    assert ctx == Context(
        session_id="s1",
        request_id="r1",
        ip_address="10.0.0.1",
        accept_language="de",
        user_agent="ua",
    )
    assert isinstance(post, Post)
    assert (post.id, post.channel_id) == ("p1", "c1")
    assert post.props == {"a": 1, "checked": True}  # modified by the handler
    ctx2, _ = plugin.seen[3][1]
    assert ctx2 is None  # a nil *plugin.Context (no c in the request) is None
    _, args = plugin.seen[4][1]
    assert args == CommandArgs(command="/echo x", user_id="u1", channel_id="c1", team_id="t1")

    for lifecycle in ("OnActivate", "OnConfigurationChange", "OnDeactivate"):
        result = host.result(lifecycle)
        assert not result.HasField("error")
        assert not result.not_implemented
        assert result.response == b""  # empty Hook<X>Response

    allow, reject = host.responses("MessageWillBePosted")
    assert allow.result2 == ""
    sent = unjs(allow.result)
    assert sent["id"] == "p1"
    assert sent["message"] == "HI"
    assert sent["props"] == {"a": 1, "checked": True}
    assert unjs(reject.result) is None  # (nil, reason)
    assert reject.result2 == "rejected by test"

    command = unjs(host.response("ExecuteCommand").result)
    assert command["response_type"] == "in_channel"
    assert command["text"] == "you said /echo x"
    assert command["props"] == {"from": "test"}
    assert [a["text"] for a in command["attachments"]] == ["att"]
    assert [r["text"] for r in command["extra_responses"]] == ["more"]


def test_execute_command_dict_is_validated_and_sent_as_a_command_response() -> None:
    class Dicts(Plugin):
        @hook(HookName.ExecuteCommand)
        def run(self, context: Context, args: CommandArgs) -> dict[str, Any]:
            return {
                "response_type": "ephemeral",
                "text": "hi",
                "props": {"k": [1, 2]},
                "attachments": [{"text": "a", "color": "#ff0000"}],
                "goto_location": "https://example.com",
            }

    host = FakeHost([hook_call("ExecuteCommand", args={"command": "/x"})])
    serve(Dicts, host)
    sent = unjs(host.response("ExecuteCommand").result)
    assert CommandResponse.from_dict(sent) == CommandResponse(
        response_type="ephemeral",
        text="hi",
        props={"k": [1, 2]},
        attachments=[MessageAttachment(text="a", color="#ff0000")],
        goto_location="https://example.com",
    )


@pytest.mark.parametrize(
    ("value", "needles"),
    [
        ({"txt": "typo"}, ["unknown CommandResponse field(s) 'txt'", "response_type", "text"]),
        ({"text": "a", "Text": "b", "x": 1}, ["'Text', 'x'"]),
        ("just text", ["must be CommandResponse", "got str"]),
        (["text"], ["must be CommandResponse", "got list"]),
        (Post(message="x"), ["must be CommandResponse", "got Post"]),
        ((CommandResponse(), "extra"), ["must be CommandResponse", "got tuple"]),
    ],
)
def test_execute_command_wrong_returns_name_the_problem(value: Any, needles: list[str]) -> None:
    class Wrong(Plugin):
        @hook(HookName.ExecuteCommand)
        def run(self, context: Context, args: CommandArgs) -> Any:
            return value

    host = FakeHost([hook_call("ExecuteCommand", args={"command": "/x"})])
    serve(Wrong, host)
    error = host.result("ExecuteCommand").error
    assert error.type == "TypeError"
    assert "Wrong.run" in error.message
    for needle in needles:
        assert needle in error.message


def test_message_will_be_posted_none_keeps_post_unchanged() -> None:
    class Quiet(Plugin):
        @hook(HookName.MessageWillBePosted)
        def check(self, context: Context, post: Post) -> None:
            return None

    host = FakeHost([hook_call("MessageWillBePosted", post={"message": "x"})])
    serve(Quiet, host)
    response = host.response("MessageWillBePosted")
    assert unjs(response.result) is None  # (nil, ""): the server keeps the post unchanged
    assert response.result2 == ""


def test_execute_command_none_answers_an_empty_response() -> None:
    class Silent(Plugin):
        @hook("ExecuteCommand")
        def run(self, context: Context, args: CommandArgs) -> None:
            pass

    host = FakeHost([hook_call("ExecuteCommand", args={"command": "/x"})])
    serve(Silent, host)
    response = host.response("ExecuteCommand")
    sent = unjs(response.result)
    assert isinstance(sent, dict)  # not nil: the server needs one
    assert CommandResponse.from_dict(sent) == CommandResponse()


def test_unimplemented_and_unknown_hooks_answer_not_implemented() -> None:
    class OnlyActivate(Plugin):
        @hook(HookName.OnActivate)
        def on_activate(self) -> None:
            pass

    host = FakeHost(
        [
            hook_call("MessageWillBePosted", post={"message": "x"}),
            pb.HookCall(hook="SomeFutureHook", request=b"\n\x00"),  # newer than this SDK
            hook_call("OnActivate"),
        ],
    )
    serve(OnlyActivate, host)
    assert host.results[0] == ("MessageWillBePosted", pb.HookResult(not_implemented=True))
    assert host.results[1] == ("SomeFutureHook", pb.HookResult(not_implemented=True))
    assert host.results[2] == ("OnActivate", pb.HookResult())


class Failing(Plugin):
    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        self.helper()

    def helper(self) -> None:
        raise KeyError("missing setting")

    @hook(HookName.MessageWillBePosted)
    def filter(self, context: Context, post: Post) -> Any:
        return "not a tuple"

    @hook(HookName.ExecuteCommand)
    def command(self, context: Context, args: CommandArgs) -> Any:
        return {"response_type": "ephemeral", "txt": "typo"}


def test_handler_exception_becomes_guest_error_and_serving_continues() -> None:
    host = FakeHost(
        [
            hook_call("OnActivate"),
            hook_call("MessageWillBePosted", post={"message": "x"}),
            hook_call("ExecuteCommand", args={"command": "/x"}),
        ],
    )
    serve(Failing, host)
    activate = host.result("OnActivate")
    assert activate.HasField("error")
    assert not activate.response
    assert activate.error.type == "KeyError"
    assert activate.error.message == "'missing setting'"
    tb = activate.error.traceback
    assert tb.startswith("Traceback (most recent call last):")
    assert "in on_activate" in tb
    assert "in helper" in tb
    assert tb.rstrip().endswith("KeyError: 'missing setting'")
    assert "in run_hook" not in tb  # the dispatcher's frame is left out

    shape = host.result("MessageWillBePosted").error
    assert shape.type == "TypeError"
    assert "Failing.filter() must return a tuple (*model.Post, string), or None" in shape.message
    assert "returned str" in shape.message

    command = host.result("ExecuteCommand").error
    assert command.type == "TypeError"
    assert "'txt'" in command.message
    assert "response_type" in command.message  # the valid fields are listed
    assert host.events[-1] == "shutdown"


def test_sdk_exception_types_are_qualified() -> None:
    from mattermost_plugin import NotFoundError

    class Raises(Plugin):
        @hook(HookName.OnActivate)
        def on_activate(self) -> None:
            raise NotFoundError("gone", error_id="x.y", method="GetUser")

    host = FakeHost([hook_call("OnActivate")])
    serve(Raises, host)
    error = host.result("OnActivate").error
    assert error.type == "mattermost_plugin.NotFoundError"
    assert error.message == "GetUser: gone [x.y, status 404]"
    # the AppError travels too: the server returns it as the hook's *model.AppError
    assert error.HasField("app_error")
    assert error.app_error == pb.AppError(id="x.y", message="gone", status_code=404)


def test_plugin_api_error_is_sent_with_every_app_error_field() -> None:
    from mattermost_plugin import PluginAPIError, ValidationError

    class Raises(Plugin):
        @hook(HookName.ExecuteCommand)
        def run(self, context: Context, args: CommandArgs) -> None:
            raise ValidationError(
                "bad argument",
                error_id="plugin.cmd.bad",
                detailed_error="need a number",
                where="Raises.run",
                request_id="req-7",
            )

        @hook(HookName.OnActivate)
        def on_activate(self) -> None:
            raise PluginAPIError("plain")  # status 0: a plain Go error

        @hook(HookName.OnDeactivate)
        def on_deactivate(self) -> None:
            raise ValueError("not an API error")

    host = FakeHost(
        [
            hook_call("ExecuteCommand", args={"command": "/x"}),
            hook_call("OnActivate"),
            hook_call("OnDeactivate"),
        ]
    )
    serve(Raises, host)
    error = host.result("ExecuteCommand").error
    assert error.type == "mattermost_plugin.ValidationError"
    assert error.app_error == pb.AppError(
        id="plugin.cmd.bad",
        message="bad argument",
        detailed_error="need a number",
        status_code=400,
        where="Raises.run",
        request_id="req-7",
    )
    assert host.result("OnActivate").error.app_error == pb.AppError(message="plain")
    assert not host.result("OnDeactivate").error.HasField("app_error")


class Reentrant(Plugin):
    """MessageWillBePosted creates a post, which makes the server run MessageWillBePosted
    again on this plugin while the first call waits (Mattermost's plugin_deadlock_test)."""

    def __init__(self) -> None:
        super().__init__()
        self.depths: list[tuple[str, int]] = []

    @hook(HookName.MessageWillBePosted)
    def filter(self, context: Context, post: Post) -> tuple[Post | None, str]:
        self.depths.append((post.message, len(self.depths)))
        if post.message == "outer":
            created = self.api.create_post(channel_id=post.channel_id, message="inner")
            post.message = f"outer saw {created.id}"
        elif post.message == "inner":
            post.message = f"inner (server {self.api.get_server_version()})"
        return post, ""


def test_nested_hook_during_api_call() -> None:
    inner = hook_call("MessageWillBePosted", post={"id": "p-inner", "message": "inner"})
    host = FakeHost(
        [
            hook_call(
                "MessageWillBePosted", post={"id": "p-outer", "channel_id": "c", "message": "outer"}
            )
        ],
    )
    host.nested["CreatePost"] = [inner]
    host.api["GetServerVersion"] = lambda req: ppb.ApiGetServerVersionResponse(result="10.5.0")

    def create_post(req: ppb.ApiCreatePostRequest) -> ppb.ApiCreatePostResponse:
        post = unjs(req.post)
        return ppb.ApiCreatePostResponse(result=js({**post, "id": "created-1"}))

    host.api["CreatePost"] = create_post

    serve(Reentrant, host)

    assert host.events == [
        "hello",
        "ready",
        "hook MessageWillBePosted",  # outer
        "call CreatePost",
        "hook MessageWillBePosted",  # nested, while CreatePost waits
        "call GetServerVersion",  # an API call from inside the nested hook
        "result GetServerVersion",
        "ret MessageWillBePosted",  # nested answered
        "result CreatePost",  # then the outer call's result
        "ret MessageWillBePosted",  # outer answered
        "shutdown",
    ]
    nested, outer = (unjs(r.result) for r in host.responses("MessageWillBePosted"))
    assert nested["id"] == "p-inner"
    assert nested["message"] == "inner (server 10.5.0)"
    assert outer["id"] == "p-outer"
    assert outer["message"] == "outer saw created-1"
    sent = unjs(host.calls[0][1].post)
    assert (sent["message"], sent["channel_id"]) == ("inner", "c")


def test_several_nested_hooks_during_one_call() -> None:
    class Counter(Plugin):
        def __init__(self) -> None:
            super().__init__()
            self.configs = 0

        @hook(HookName.OnActivate)
        def on_activate(self) -> None:
            self.api.kv_set("k", "v")
            self.kv_done_after = self.configs

        @hook(HookName.OnConfigurationChange)
        def on_configuration_change(self) -> None:
            self.configs += 1

    host = FakeHost([hook_call("OnActivate")])
    host.nested["KVSet"] = [hook_call("OnConfigurationChange"), hook_call("OnConfigurationChange")]
    plugin = serve(Counter, host)
    assert plugin.kv_done_after == 2  # type: ignore[attr-defined]
    assert [h for h, _ in host.results] == [
        "OnConfigurationChange",
        "OnConfigurationChange",
        "OnActivate",
    ]


def test_shutdown_returns_from_serve() -> None:
    host = FakeHost([hook_call("OnDeactivate")])
    serve(Recorder, host)
    assert host.events[-2:] == ["ret OnDeactivate", "shutdown"]


def test_refused_hello_exits_with_status_1(capsys: pytest.CaptureFixture[str]) -> None:
    host = FakeHost(accept=False, error="plugin speaks mmpy ABI v1, this host speaks v2")
    with pytest.raises(SystemExit) as exit_info:
        serve(Recorder, host)
    assert exit_info.value.code == 1
    assert host.events == ["hello"]
    err = capsys.readouterr().err
    assert "refused" in err
    assert "plugin speaks mmpy ABI v1, this host speaks v2" in err


class _ScriptedTransport:
    def __init__(self, *frames: pb.HostFrame) -> None:
        self.frames = list(frames)

    def hello(self, data: bytes) -> bytes:
        return pb.HostHello(abi_version=1, accepted=True).SerializeToString()

    def call(self, data: bytes) -> bytes:
        return self.frames.pop(0).SerializeToString()

    def ret(self, data: bytes) -> bytes:
        return self.frames.pop(0).SerializeToString()


def test_api_result_while_idle_is_a_protocol_error() -> None:
    transport = _ScriptedTransport(pb.HostFrame(api_result=pb.ApiResult()))
    with pytest.raises(ProtocolError, match=r"HostFrame\{api_result\} while the plugin was idle"):
        serve(Recorder, transport)


def test_empty_frame_is_a_protocol_error() -> None:
    transport = _ScriptedTransport(pb.HostFrame())
    with pytest.raises(ProtocolError, match="empty HostFrame"):
        serve(Recorder, transport)


def test_shutdown_during_api_call_is_a_protocol_error() -> None:
    class Caller(Plugin):
        @hook(HookName.OnActivate)
        def on_activate(self) -> None:
            self.api.get_server_version()

    transport = _ScriptedTransport(
        pb.HostFrame(hook=pb.HookCall(hook="OnActivate")),
        pb.HostFrame(shutdown=pb.Shutdown()),  # answers the call: not allowed
    )
    # not turned into the hook's error: the guest stops
    expected = r"HostFrame\{shutdown\} while the plugin waited for GetServerVersion"
    with pytest.raises(ProtocolError, match=expected):
        serve(Caller, transport)


def test_run_plugin_outside_the_host_explains_how_to_run_and_test() -> None:
    with pytest.raises(RuntimeError) as info:
        run_plugin(Recorder)
    text = str(info.value)
    assert "mmpy run" in text
    assert "MagicMock" in text


def test_run_plugin_rejects_non_plugin_classes() -> None:
    with pytest.raises(TypeError, match=r"subclass of mattermost_plugin\.Plugin"):
        run_plugin(object)  # type: ignore[arg-type]


class Overrun(Plugin):
    """Stands in for a handler the host interrupts at its deadline."""

    @hook(HookName.MessageWillBePosted)
    def message_will_be_posted(self, context: Context, post: Post) -> tuple[Post | None, str]:
        try:
            raise DeadlineExceeded  # what the host's interrupt raises mid-handler
        except Exception:  # the point: this must not swallow it
            return None, "swallowed"

    @hook(HookName.ExecuteCommand)
    def execute_command(self, context: Context, args: CommandArgs) -> CommandResponse:
        return CommandResponse(text="still serving")


def test_deadline_exceeded_is_a_hook_error_not_catchable_as_exception() -> None:
    assert issubclass(DeadlineExceeded, BaseException)
    assert not issubclass(DeadlineExceeded, Exception)
    host = FakeHost(
        [
            hook_call("MessageWillBePosted", c=CTX, post={"message": "x"}),
            hook_call("ExecuteCommand", c=CTX, args={"command": "/x"}),
        ],
    )
    serve(Overrun, host)
    error = host.result("MessageWillBePosted").error
    assert error.type == "mattermost_plugin.DeadlineExceeded"
    assert "MessageWillBePosted did not finish within its deadline" in error.message
    assert "message_will_be_posted" in error.traceback
    assert unjs(host.response("ExecuteCommand").result)["text"] == "still serving"
