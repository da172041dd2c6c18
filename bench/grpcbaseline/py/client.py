"""The gRPC baseline's Python plugin side, as an API client.

usage: client.py TARGET        (e.g. unix:///tmp/x/api.sock)

Reads commands from stdin, one per line, and answers each with one line:
  "METHOD N" -> N calls of METHOD (get_user, kv_set, create_post) in a loop,
                each checked; answers "ok NANOSECONDS" (perf_counter_ns
                around the loop) or "error MESSAGE".
The same calls, with the same arguments, as host/testdata/bench's
"/api METHOD N" makes through the embedded host.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import grpc
import grpcbaseline_pb2 as pb
import grpcbaseline_pb2_grpc as pb_grpc


class APIError(Exception):
    pass


def _check(err: pb.AppError) -> None:
    if err.id:
        raise APIError(f"{err.id}: {err.message}")


def calls(stub: pb_grpc.PluginAPIStub) -> dict[str, Callable[[], None]]:
    def get_user() -> None:
        r = stub.GetUser(pb.GetUserRequest(user_id="user1"))
        _check(r.error)
        if r.user.id != "user1":
            raise APIError(f"get_user returned user {r.user.id!r}")

    def kv_set() -> None:
        _check(stub.KVSet(pb.KVSetRequest(key="bench", value=b"0123456789")).error)

    def create_post() -> None:
        post = pb.Post(channel_id="c1", user_id="user1", message="bench")
        r = stub.CreatePost(pb.CreatePostRequest(post=post))
        _check(r.error)
        if r.post.message != "bench":
            raise APIError("create_post returned a different post")

    return {"get_user": get_user, "kv_set": kv_set, "create_post": create_post}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    channel = grpc.insecure_channel(argv[1])
    grpc.channel_ready_future(channel).result(timeout=30)
    table = calls(pb_grpc.PluginAPIStub(channel))
    print("ready", flush=True)
    for line in sys.stdin:
        try:
            method, n_text = line.split()
            call, n = table[method], int(n_text)
            t0 = time.perf_counter_ns()
            for _ in range(n):
                call()
            print(f"ok {time.perf_counter_ns() - t0}", flush=True)
        except (ValueError, KeyError, APIError, grpc.RpcError) as e:
            print(f"error {type(e).__name__}: {e}".replace("\n", " "), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
