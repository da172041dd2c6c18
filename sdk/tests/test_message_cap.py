"""A hook answer over the host's message cap becomes an error answer (abi/ABI.md section 6)."""

from __future__ import annotations

import pytest

from fakehost import hook_call
from mattermost_plugin import HookName, Plugin, hook
from mattermost_plugin._abi import mmpy_pb2 as pb
from mattermost_plugin.server import serve

CAP = 1 << 16


class Big(Plugin):
    @hook(HookName.ExecuteCommand)
    def command(self, context: object, args: object) -> dict[str, str]:
        return {"text": "x" * (2 * CAP)}


class CappedTransport:
    """Accepts the hello, sends one ExecuteCommand, refuses answers over CAP with ETOOBIG."""

    def __init__(self, errno: int = -5) -> None:
        self.errno = errno
        self.answers: list[pb.HookResult] = []
        self.refused = 0

    def hello(self, data: bytes) -> bytes:
        return pb.HostHello(abi_version=1, accepted=True).SerializeToString()

    def call(self, data: bytes) -> bytes:
        raise AssertionError("no API calls expected")

    def ret(self, data: bytes) -> bytes:
        if data == b"":
            return pb.HostFrame(hook=hook_call("ExecuteCommand")).SerializeToString()
        if len(data) > CAP:
            self.refused += 1
            raise OSError(self.errno, "message exceeds the host's message cap (mmpy.ret)")
        self.answers.append(pb.HookResult.FromString(data))
        return pb.HostFrame(shutdown=pb.Shutdown()).SerializeToString()


def test_oversized_answer_becomes_an_error() -> None:
    transport = CappedTransport()
    serve(Big, transport)
    assert transport.refused == 1
    [answer] = transport.answers
    assert answer.error.type == "mattermost_plugin.MessageTooLarge"
    assert "the answer of hook ExecuteCommand is" in answer.error.message
    assert "more than the host's message cap allows" in answer.error.message


def test_other_abi_errors_propagate() -> None:
    transport = CappedTransport(errno=-3)
    with pytest.raises(OSError, match="message cap"):
        serve(Big, transport)
