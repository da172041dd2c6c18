"""async def handlers on the guest event loop (natively: the same loop class)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

import pytest

from fakehost import FakeHost, hook_call, js, unjs
from mattermost_plugin import (
    AsyncPluginAPIClient,
    CommandArgs,
    Context,
    HookName,
    NotFoundError,
    Plugin,
    PluginAPI,
    Post,
    User,
    hook,
)
from mattermost_plugin._abi import mmpy_pb2 as pb
from mattermost_plugin._abi import plugin_pb2 as ppb
from mattermost_plugin._aio import GuestEventLoop, run
from mattermost_plugin.server import serve

SRC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")


class AsyncPlugin(Plugin):
    def __init__(self) -> None:
        super().__init__()
        self.loops: list[type[asyncio.AbstractEventLoop]] = []

    @hook(HookName.OnActivate)
    async def on_activate(self) -> None:
        self.loops.append(type(asyncio.get_running_loop()))
        started = time.monotonic()
        results = await asyncio.gather(self._work(0.02, "a"), self._work(0.01, "b"))
        self.elapsed = time.monotonic() - started
        self.logger.info(f"gathered {results} with server {self.api.get_server_version()}")

    async def _work(self, delay: float, label: str) -> str:
        await asyncio.sleep(delay)
        return label

    @hook(HookName.ExecuteCommand)
    async def command(self, context: Context, args: CommandArgs) -> dict[str, str]:
        await asyncio.sleep(0)
        return {"response_type": "ephemeral", "text": f"async {args.command}"}

    @hook(HookName.MessageWillBePosted)
    async def filter(self, context: Context, post: Post) -> tuple[Post | None, str]:
        self.loops.append(type(asyncio.get_running_loop()))
        if post.message == "outer":
            created = self.api.create_post(message="inner")  # nested async hook runs meanwhile
            post.message = f"outer, then {created.message}"
        else:
            await asyncio.sleep(0.001)
            post.message += "!"
        return post, ""


def test_async_handlers_run_to_completion() -> None:
    host = FakeHost(
        [
            hook_call("OnActivate"),
            hook_call("ExecuteCommand", args={"command": "/x"}),
        ],
    )
    host.api["GetServerVersion"] = lambda req: ppb.ApiGetServerVersionResponse(result="10")
    plugin = serve(AsyncPlugin, host)
    assert host.logs() == [("LogInfo", "gathered ['a', 'b'] with server 10")]
    assert 0.015 <= plugin.elapsed < 1  # type: ignore[attr-defined]  # concurrent sleeps
    assert plugin.loops == [GuestEventLoop]  # type: ignore[attr-defined]
    assert unjs(host.response("ExecuteCommand").result)["text"] == "async /x"


def test_nested_async_hook_during_an_api_call_from_an_async_handler() -> None:
    host = FakeHost([hook_call("MessageWillBePosted", post={"message": "outer"})])
    host.nested["CreatePost"] = [hook_call("MessageWillBePosted", post={"message": "inner"})]
    host.api["CreatePost"] = lambda req: ppb.ApiCreatePostResponse(result=req.post)
    plugin = serve(AsyncPlugin, host)
    inner, outer = (unjs(r.result) for r in host.responses("MessageWillBePosted"))
    assert inner["message"] == "inner!"
    assert outer["message"] == "outer, then inner"
    assert plugin.loops == [GuestEventLoop, GuestEventLoop]  # type: ignore[attr-defined]


def test_async_handler_exception_becomes_guest_error() -> None:
    class Broken(Plugin):
        @hook(HookName.OnActivate)
        async def on_activate(self) -> None:
            await asyncio.sleep(0)
            raise LookupError("async failure")

    host = FakeHost([hook_call("OnActivate")])
    serve(Broken, host)
    error = host.result("OnActivate").error
    assert error.type == "LookupError"
    assert error.message == "async failure"
    assert "in on_activate" in error.traceback


def test_waiting_forever_raises_instead_of_hanging() -> None:
    class Stuck(Plugin):
        @hook(HookName.OnActivate)
        async def on_activate(self) -> None:
            await asyncio.get_running_loop().create_future()  # nothing will ever resolve it

    host = FakeHost([hook_call("OnActivate")])
    serve(Stuck, host)
    error = host.result("OnActivate").error
    assert error.type == "RuntimeError"
    assert "nothing can wake it" in error.message


def test_tasks_left_running_are_cancelled() -> None:
    cancelled: list[bool] = []

    async def forever() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    async def main() -> str:
        asyncio.get_running_loop().create_task(forever())
        await asyncio.sleep(0)
        return "done"

    assert run(main()) == "done"
    assert cancelled == [True]


def test_file_descriptor_io_is_refused_clearly() -> None:
    loop = GuestEventLoop()
    try:
        with pytest.raises(NotImplementedError, match="no sockets"):
            loop.add_reader(0, lambda: None)
    finally:
        loop.close()


def test_run_restores_an_outer_running_loop() -> None:
    async def outer() -> tuple[str, bool]:
        mine = asyncio.get_running_loop()
        inner = run(asyncio.sleep(0, result="inner"))  # e.g. a nested hook's handler
        return inner, asyncio.get_running_loop() is mine

    assert run(outer()) == ("inner", True)


def test_asyncio_is_not_imported_until_an_async_handler_runs() -> None:
    code = (
        "import sys\n"
        "import mattermost_plugin, mattermost_plugin.server\n"
        "from mattermost_plugin import _client, _dispatch, _hooks, _runtime, models\n"
        "print(sorted(m for m in ('asyncio', 'mattermost_plugin._aio') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=dict(os.environ, PYTHONPATH=SRC),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------- AsyncPluginAPIClient


# fmt: off  (the guide's code, verbatim, in a handler that reports what it printed)
async def async_operation():  # type: ignore[no-untyped-def]
    async with AsyncPluginAPIClient(target="localhost:50051") as client:
        user = await client.get_user("user-id")
        print(f"User: {user.username}")


# fmt: on


def test_guide_async_client_snippet_inside_a_hook(capsys: pytest.CaptureFixture[str]) -> None:
    class UsesAsyncClient(Plugin):
        @hook(HookName.OnActivate)
        async def on_activate(self) -> None:
            await async_operation()

    host = FakeHost([hook_call("OnActivate")])
    host.api["GetUser"] = lambda req: ppb.ApiGetUserResponse(
        result=js({"id": req.user_id, "username": "alice"})
    )
    serve(UsesAsyncClient, host)
    host.response("OnActivate")
    assert host.calls == [("GetUser", ppb.ApiGetUserRequest(user_id="user-id"))]
    assert capsys.readouterr().out == "User: alice\n"


def test_async_client_methods_await_the_plugin_api() -> None:
    host = FakeHost([hook_call("OnActivate")])
    host.api["GetUser"] = lambda req: (
        pb.AppError(id="app.user.missing_account.const", message="nope", status_code=404)
        if req.user_id == "ghost"
        else ppb.ApiGetUserResponse(result=js({"id": req.user_id}))
    )
    host.api["CreatePost"] = lambda req: ppb.ApiCreatePostResponse(result=req.post)
    outcome: dict[str, object] = {}

    class P(Plugin):
        @hook(HookName.OnActivate)
        async def on_activate(self) -> None:
            client = AsyncPluginAPIClient(api=self.api)
            assert client.target == ""
            outcome["user"] = await client.get_user("u1")
            outcome["post"] = await client.create_post(Post(message="async"))
            await client.kv_set("k", "text")  # the guide's conveniences apply
            try:
                await client.get_user("ghost")
            except NotFoundError as exc:
                outcome["error"] = exc
            with CatchTypeError() as info:
                await client.get_user(1)  # type: ignore[arg-type]
            outcome["type_error"] = info
            await client.close()

    serve(P, host)
    host.response("OnActivate")
    assert outcome["user"] == User(id="u1")
    assert outcome["post"] == Post(message="async")
    assert isinstance(outcome["error"], NotFoundError)
    assert outcome["type_error"] == ["get_user(): user_id must be str, got int"]
    assert [m for m, _ in host.calls] == ["GetUser", "CreatePost", "KVSet", "GetUser"]
    assert host.calls[2][1].value == b"text"


class CatchTypeError:
    """Collect a TypeError's message inside a served handler (where a failing pytest.raises
    would only become the hook's error)."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __enter__(self) -> list[str]:
        return self.messages

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> bool:
        if isinstance(exc, TypeError):
            self.messages.append(str(exc))
            return True
        return False


def test_async_client_outside_the_host_explains_how_to_test() -> None:
    with pytest.raises(RuntimeError, match=r"AsyncPluginAPIClient\(api=fake_api\)"):
        AsyncPluginAPIClient(target="localhost:50051")
    with pytest.raises(TypeError, match=r"AsyncPluginAPIClient\(\): target must be str, got int"):
        AsyncPluginAPIClient(target=50051, api=PluginAPI(None))  # type: ignore[arg-type]


def test_async_client_with_a_fake_api_in_unit_tests() -> None:
    from unittest.mock import MagicMock

    api = MagicMock()
    api.get_user.return_value = User(id="u1", username="bob")

    async def main() -> str:
        async with AsyncPluginAPIClient(api=api) as client:
            user = await client.get_user("u1")
        return user.username

    assert asyncio.run(main()) == "bob"
    api.get_user.assert_called_once_with("u1")


def test_async_client_takes_the_guide_conveniences_like_the_sync_api() -> None:
    host = FakeHost([hook_call("OnActivate")])
    host.api["CreatePost"] = lambda req: ppb.ApiCreatePostResponse(result=req.post)
    host.api["KVList"] = lambda req: ppb.ApiKVListResponse(result=["a"])
    host.api["GetPluginConfig"] = lambda req: ppb.ApiGetPluginConfigResponse()
    outcome: dict[str, object] = {}

    class P(Plugin):
        @hook(HookName.OnActivate)
        async def on_activate(self) -> None:
            async with AsyncPluginAPIClient() as client:  # the running plugin's API
                post = await client.create_post(channel_id="c1", message="hi")
                await client.kv_set("k", "text")
                keys = await client.kv_list()
                config = await client.get_plugin_config()
                await client.register_command(trigger="t", auto_complete=True)
                await client.log_info("done", n=1)
            outcome["values"] = (post, keys, config)

    serve(P, host)
    host.response("OnActivate")
    post, keys, config = outcome["values"]  # type: ignore[misc]
    assert post == Post(channel_id="c1", message="hi")
    assert (keys, config) == (["a"], {})
    assert [m for m, _ in host.calls] == [
        "CreatePost",
        "KVSet",
        "KVList",
        "GetPluginConfig",
        "RegisterCommand",
        "LogInfo",
    ]
    assert host.calls[2][1] == ppb.ApiKVListRequest(page=0, per_page=100)
    assert unjs(host.calls[4][1].command)["trigger"] == "t"
    assert unjs(host.calls[5][1].key_value_pairs) == ["n", 1]
