"""Deadline test plugin: hooks that overrun in Python, in time.sleep and in C."""
import time

import _mmpy
from mattermost_plugin import DeadlineExceeded, HookName, Plugin, hook


class Deadline(Plugin):
    activations = 0

    @hook(HookName.OnActivate)
    def on_activate(self):
        if self.api.get_plugin_config().get("loop_on_activate"):
            while True:
                pass
        Deadline.activations += 1
        self.logger.info(f"activated {Deadline.activations} interruptible={_mmpy.interruptible()}")

    @hook(HookName.MessageWillBePosted)
    def filter(self, context, post):
        if post.message == "loop":
            while True:
                pass
        return post, ""

    @hook(HookName.ExecuteCommand)
    def command(self, context, args):
        what = args.command.split()[1]
        if what == "loop":  # a Python loop: interrupted at a back-edge
            while True:
                pass
        if what == "swallow":  # `except Exception` must not catch the interrupt
            try:
                while True:
                    pass
            except Exception:
                return {"text": "swallowed"}
        if what == "finally":  # the handler unwinds: finally blocks run
            try:
                while True:
                    pass
            finally:
                self.logger.info("finally ran after DeadlineExceeded")
        if what == "sleep":  # time.sleep ends early at the deadline
            time.sleep(3600)
            return {"text": "slept an hour?"}
        if what == "cloop":  # C code that never reaches a bytecode boundary
            return {"text": str(sum(range(int(args.command.split()[2]))))}
        if what == "catch":  # a plugin may catch it explicitly (and then should re-raise)
            try:
                while True:
                    pass
            except DeadlineExceeded:
                return {"text": "caught DeadlineExceeded"}
        if what == "activations":
            return {"text": str(Deadline.activations)}
        return {"text": "ok"}
