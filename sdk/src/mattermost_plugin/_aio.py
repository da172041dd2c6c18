"""Running ``async def`` hook handlers: a minimal event loop that works under WASI.

The default asyncio loop needs a socket pair (its self-pipe) and a selector over real file
descriptors; the WASI guest has neither sockets nor threads. :class:`GuestEventLoop` keeps
asyncio's scheduler (tasks, futures, ``call_later``, ``asyncio.sleep``) and replaces the I/O
part: no self-pipe, and a selector that registers no file descriptors and only waits until the
next timer. A coroutine that waits for something nothing can deliver (a future no task will
resolve) raises ``RuntimeError`` instead of hanging the plugin.

This module imports asyncio, so the SDK loads it only when a handler returns an awaitable.
"""

from __future__ import annotations

import asyncio
import select
import selectors
from asyncio import events
from asyncio.selector_events import BaseSelectorEventLoop
from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import FileDescriptorLike

__all__ = ["GuestEventLoop", "run"]

T = TypeVar("T")


class _NoIOSelector(selectors.BaseSelector):
    """A selector without file descriptors: ``select`` sleeps until the next timer."""

    def register(
        self, fileobj: FileDescriptorLike, events: int, data: Any = None
    ) -> selectors.SelectorKey:
        raise NotImplementedError(
            "file-descriptor I/O (sockets, pipes, subprocesses) is not available to mmpy "
            "plugins: the WebAssembly guest has no sockets; use the plugin API instead",
        )

    def unregister(self, fileobj: FileDescriptorLike) -> selectors.SelectorKey:
        raise KeyError(fileobj)

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        if timeout is None:
            raise RuntimeError(
                "the event loop has nothing to run and nothing can wake it: a coroutine awaits "
                "a future that no task will complete (the mmpy guest has no threads or sockets)",
            )
        if timeout > 0:
            # Not time.sleep: under the mmpy host it raises OSError(ENOTSUP) (CPython 3.13 on
            # WASI sleeps with clock_nanosleep(TIMER_ABSTIME)); a select() on no descriptors
            # becomes a relative poll_oneoff timeout, which works.
            select.select([], [], [], timeout)
        return []

    def get_map(self) -> Mapping[FileDescriptorLike, selectors.SelectorKey]:
        return {}

    def close(self) -> None:
        pass


class GuestEventLoop(BaseSelectorEventLoop):
    """An asyncio event loop for the WASI guest (also works natively): timers and tasks, no
    file-descriptor I/O, no self-pipe (nothing can wake it from another thread)."""

    def __init__(self) -> None:
        super().__init__(_NoIOSelector())

    def _make_self_pipe(self) -> None:
        self._ssock = self._csock = None

    def _close_self_pipe(self) -> None:
        pass


def run(awaitable: Awaitable[T]) -> T:
    """Run ``awaitable`` to completion on a fresh :class:`GuestEventLoop`, like
    ``asyncio.run``: tasks still pending at the end are cancelled, async generators closed.

    Works while another loop is running: a re-entrant hook (the server called a hook while an
    ``async`` handler waited in an API call) gets its own loop, and the outer one is restored.
    """
    outer = events._get_running_loop()
    loop = GuestEventLoop()
    events._set_running_loop(None)
    try:
        return loop.run_until_complete(awaitable)
    finally:
        try:
            _cancel_all_tasks(loop)
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()
            events._set_running_loop(outer)


def _cancel_all_tasks(loop: asyncio.AbstractEventLoop) -> None:
    pending = asyncio.all_tasks(loop)
    if not pending:
        return
    for task in pending:
        task.cancel()
    loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    for task in pending:
        if not task.cancelled() and task.exception() is not None:
            loop.call_exception_handler(
                {
                    "message": "unhandled exception in a task left running by a hook handler",
                    "exception": task.exception(),
                    "task": task,
                },
            )
