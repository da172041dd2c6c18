"""async def handlers on the guest event loop (natively: the same loop class)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

import pytest

from fakehost import FakeHost, hook_call
from mattermost_plugin import CommandArgs, Context, HookName, Plugin, Post, hook
from mattermost_plugin._abi import mmpy_pb2 as pb
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
            hook_call("ExecuteCommand", args=pb.CommandArgs(command="/x")),
        ],
    )
    host.api["GetServerVersion"] = lambda req: pb.ApiGetServerVersionResponse(version="10")
    plugin = serve(AsyncPlugin, host)
    assert host.logs() == [("LogInfo", "gathered ['a', 'b'] with server 10")]
    assert 0.015 <= plugin.elapsed < 1  # type: ignore[attr-defined]  # concurrent sleeps
    assert plugin.loops == [GuestEventLoop]  # type: ignore[attr-defined]
    assert host.response("ExecuteCommand").response.text == "async /x"


def test_nested_async_hook_during_an_api_call_from_an_async_handler() -> None:
    host = FakeHost([hook_call("MessageWillBePosted", post=pb.Post(message="outer"))])
    host.nested["CreatePost"] = [hook_call("MessageWillBePosted", post=pb.Post(message="inner"))]
    host.api["CreatePost"] = lambda req: pb.ApiCreatePostResponse(post=req.post)
    plugin = serve(AsyncPlugin, host)
    inner, outer = (
        pb.HookMessageWillBePostedResponse.FromString(r.response) for _, r in host.results
    )
    assert inner.post.message == "inner!"
    assert outer.post.message == "outer, then inner"
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
        "from mattermost_plugin import _dispatch, _runtime, _convert\n"
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
