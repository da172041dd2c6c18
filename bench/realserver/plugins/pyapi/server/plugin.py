"""Python half of the real-server benchmark pair (bench/realserver).

GET /plugins/com.mmpy.bench.py/bench?op=OP&n=N&user_id=U&channel_id=C makes N
calls of one plugin API method and answers {"op", "n", "ns": [...]}, the
duration of every call measured inside the plugin (time.perf_counter_ns, a
monotonic clock). OP is get_user (get_user(U)), kv_set (kv_set("bench", 10
bytes)) or create_post (create_post of "bench" by U in C). Its Go twin,
plugins/goapi, does the same with the same arguments.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from mattermost_plugin import HookName, HTTPRequest, Plugin, PluginAPIError, Post, hook

MAX_N = 1_000_000


def bad_request(text: str) -> dict[str, object]:
    return {"status_code": 400, "body": text}


class BenchPlugin(Plugin):
    @hook(HookName.ServeHTTP)
    def serve_http(self, context: object, request: HTTPRequest) -> dict[str, object]:
        if request.path != "/bench":
            return {"status_code": 404, "body": f"not found: {request.path}"}
        q = {k: v[0] for k, v in request.query_params.items()}
        op, user_id, channel_id = q.get("op", ""), q.get("user_id", ""), q.get("channel_id", "")
        try:
            n = int(q.get("n", ""))
        except ValueError:
            n = 0
        if not 1 <= n <= MAX_N:
            return bad_request(f"n must be an integer from 1 to {MAX_N}, got {q.get('n')!r}")
        api = self.api
        value = b"0123456789"

        def get_user() -> object:
            return api.get_user(user_id)

        def kv_set() -> None:
            api.kv_set("bench", value)

        def create_post() -> object:
            return api.create_post(Post(channel_id=channel_id, user_id=user_id, message="bench"))

        calls: dict[str, Callable[[], object]] = {
            "get_user": get_user,
            "kv_set": kv_set,
            "create_post": create_post,
        }
        call = calls.get(op)
        if call is None:
            return bad_request(f"op must be get_user, kv_set or create_post, got {op!r}")
        clock = time.perf_counter_ns
        ns = [0] * n
        for i in range(n):
            t = clock()
            try:
                call()
            except PluginAPIError as e:
                return {"status_code": 500, "body": f"{op} call {i}: {e}"}
            ns[i] = clock() - t
        return {
            "status_code": 200,
            "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"op": op, "n": n, "ns": ns}),
        }


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin

    run_plugin(BenchPlugin)
