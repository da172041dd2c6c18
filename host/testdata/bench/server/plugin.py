"""Benchmark plugin: ExecuteCommand "/api METHOD N" makes N API calls in one
hook and answers JSON {"total_ns", "p50_ns", "p99_ns", "codec_ns"}; "codec_ns" is
the cost of encoding the request and decoding the response alone (the same
work without crossing the ABI). "/api cpu:NAME N" runs a CPU workload of
workloads.py N times (as native CPython does in BenchmarkNativeCPU) and answers
its nanoseconds. MessageWillBePosted is the allow-path filter of hello_python."""
import json
import time

import workloads

import workloads

from mattermost_plugin import Plugin, hook, HookName
from mattermost_plugin import _wire as w
from mattermost_plugin import models as m
from mattermost_plugin._abi import plugin_pb2 as pb


class Bench(Plugin):
    @hook(HookName.MessageWillBePosted)
    def filter(self, context, post):
        if "badword" in post.message.lower():
            return None, "Message blocked"
        return post, ""

    @hook(HookName.ExecuteCommand)
    def command(self, context, args):
        _, method, n = args.command.split()
        n = int(n)
        if method.startswith("cpu:"):
            return {"text": str(workloads.timed(method[4:], n))}
        api = self.api
        clock = time.perf_counter_ns
        calls = {
            "get_user": lambda: api.get_user("user1"),
            "kv_set": lambda: api.kv_set("bench", b"0123456789"),
            "create_post": lambda: api.create_post(channel_id="c1", user_id="user1", message="bench"),
        }
        if method == "fib":
            def fib(k):
                return k if k < 2 else fib(k - 1) + fib(k - 2)
            t0 = clock()
            for _ in range(n):
                fib(20)
            return {"text": json.dumps({"total_ns": clock() - t0})}
        call = calls[method]
        times = []
        t0 = clock()
        for _ in range(n):
            t = clock()
            call()
            times.append(clock() - t)
        total = clock() - t0
        times.sort()
        codec = self.codec(method, min(n, 200))
        return {"text": json.dumps({
            "total_ns": total,
            "p50_ns": times[len(times) // 2],
            "p99_ns": times[min(len(times) - 1, (len(times) * 99) // 100)],
            "codec_ns": codec,
        })}

    def codec(self, method, n):
        """ns per call of the SDK's encode + decode work for one call of method."""
        clock = time.perf_counter_ns
        if method == "get_user":
            user = m.User(id="user1", username="alice", email="alice@example.com", roles="system_user",
                          props={"k": "v"}, notify_props={"email": "true"}, locale="en")
            resp = pb.ApiGetUserResponse(result=w.dumps(user.to_dict())).SerializeToString()

            def once():
                pb.ApiGetUserRequest(user_id="user1").SerializeToString()
                m._d_User(w.loads(pb.ApiGetUserResponse.FromString(resp).result))
        elif method == "kv_set":
            def once():
                pb.ApiKVSetRequest(key="bench", value=b"0123456789").SerializeToString()
                pb.ApiKVSetResponse.FromString(b"")
        else:
            post = m.Post(channel_id="c1", user_id="user1", message="bench")
            resp = pb.ApiCreatePostResponse(result=w.dumps(post.to_dict())).SerializeToString()

            def once():
                pb.ApiCreatePostRequest(post=w.dumps(m._e_Post(post))).SerializeToString()
                m._d_Post(w.loads(pb.ApiCreatePostResponse.FromString(resp).result))
        t0 = clock()
        for _ in range(n):
            once()
        return (clock() - t0) // n


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin
    run_plugin(Bench)
