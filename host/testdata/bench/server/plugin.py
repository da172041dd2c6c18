"""Benchmark plugin: ExecuteCommand "/api METHOD N" makes N API calls in one
hook ("/api cpu:NAME N" runs a CPU workload of workloads.py N times, as
native CPython does in BenchmarkNativeCPU); MessageWillBePosted is the
allow-path filter of hello_python."""
import time

import workloads

from mattermost_plugin import Plugin, hook, HookName


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
        t0 = time.perf_counter_ns()
        if method == "get_user":
            for _ in range(n):
                api.get_user("user1")
        elif method == "kv_set":
            for _ in range(n):
                api.kv_set("bench", b"0123456789")
        elif method == "create_post":
            for _ in range(n):
                api.create_post(channel_id="c1", user_id="user1", message="bench")
        elif method == "fib":
            def fib(k):
                return k if k < 2 else fib(k - 1) + fib(k - 2)
            for _ in range(n):
                fib(20)
        return {"text": str(time.perf_counter_ns() - t0)}
