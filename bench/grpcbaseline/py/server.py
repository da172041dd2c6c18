"""The gRPC baseline's Python plugin side, as a hook server.

usage: server.py TARGET        (e.g. unix:///tmp/x/hooks.sock)

Serves PluginHooks.MessageWillBePosted with the allow-path content filter of
host/testdata/bench (and examples/hello_python): a post containing "badword"
is rejected with "Message blocked", any other is allowed unchanged. Prints
"ready" once listening and serves until stdin closes.
"""

from __future__ import annotations

import sys
from concurrent import futures

import grpc
import grpcbaseline_pb2 as pb
import grpcbaseline_pb2_grpc as pb_grpc


class Hooks(pb_grpc.PluginHooksServicer):
    def MessageWillBePosted(
        self, request: pb.MessageWillBePostedRequest, context: grpc.ServicerContext
    ) -> pb.MessageWillBePostedResponse:
        if "badword" in request.post.message.lower():
            return pb.MessageWillBePostedResponse(rejection_reason="Message blocked")
        return pb.MessageWillBePostedResponse(post=request.post)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    # go-plugin's Python examples serve with a small thread pool, as here.
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    pb_grpc.add_PluginHooksServicer_to_server(Hooks(), server)
    if server.add_insecure_port(argv[1]) == 0:
        print(f"error: cannot listen on {argv[1]}", file=sys.stderr)
        return 1
    server.start()
    print("ready", flush=True)
    sys.stdin.read()  # the Go side closes stdin to stop us
    server.stop(grace=None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
