"""Hostile test plugin: `/hostile <what>` misbehaves in one way (conformance/hostile runs each
next to a well-behaved plugin and checks that only this one suffers)."""
import os
import re
import sys

import _mmpy
from mattermost_plugin import HookName, Plugin, hook


def spin():  # a Python loop: interrupted at a back-edge
    while True:
        pass


def cspin():  # C code that never reaches a bytecode boundary
    return sum(range(10**13))


def regex():  # catastrophic backtracking, all inside the C regex engine
    return re.match(r"(a+)+$", "a" * 64 + "b")


def oom():  # allocate until the linear-memory cap
    hoard = []
    while True:
        hoard.append(bytearray(1 << 20))


def recurse():  # Python recursion without bound
    def f(n):
        return f(n + 1) + 1

    return f(0)


def crecurse():  # recursion inside C (nested containers' repr)
    x = []
    for _ in range(1_000_000):
        x = [x]
    return len(repr(x))


def stdout_flood():  # 1 GiB to stdout in 1 KiB lines
    line = "x" * 1023 + "\n"
    for _ in range(1 << 20):
        sys.stdout.write(line)
    return "wrote 1 GiB"


def long_line():  # 64 MiB without a newline
    chunk = "y" * (1 << 20)
    for _ in range(64):
        sys.stderr.write(chunk)
    sys.stderr.write("\n")
    return "wrote a 64 MiB line"


def scratch_fill():  # write until the scratch quota refuses
    written = 0
    try:
        with open("/scratch/fill", "wb", buffering=0) as f:
            while True:
                written += f.write(b"z" * (1 << 20))
    except OSError as exc:
        return f"{written} {exc.errno}"


# Symlinks the test plants in its copy of this folder: to /etc/passwd, to a
# file beside the folder, and to the folder's parent.
LINKS = ("/plugin/server/leak_abs", "/plugin/server/leak_rel", "/plugin/server/up/secret.txt")


def snoop():  # look for the host's files and secrets
    found = []
    paths = ("/etc/passwd", "/etc/shadow", "/proc/self/environ", "/root", "/home", "../../../etc/passwd")
    for path in paths + ("/plugin/../../etc/passwd", "/usr/local/../../etc/passwd") + LINKS:
        try:
            with open(path, "rb") as f:
                found.append(f"{path}: {f.read(20)!r}")
        except OSError:
            pass
    found += [f"env {k}" for k in os.environ if "SECRET" in k]
    return found


def writes():  # write (and link) everywhere but /scratch
    made = []
    targets = ("/plugin/evil", "/plugin/server/evil", "/usr/local/evil", "/tmp/evil", "/evil", "/scratch/../evil",
               "/scratch/../../evil", "/plugin/server/up/evil", "/plugin/server/leak_abs")
    for path in targets:
        try:
            with open(path, "wb") as f:
                f.write(b"pwned")
            made.append(path)
        except OSError:
            pass
    for link in (os.symlink, os.link):
        try:
            link("/etc/passwd" if link is os.symlink else "/plugin/plugin.json", "/scratch/link")
            made.append(f"{link.__name__} /scratch/link")
        except OSError:
            pass
    try:
        os.rename("/plugin/plugin.json", "/scratch/stolen")
        made.append("rename /plugin/plugin.json")
    except OSError:
        pass
    return made


def sockets():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 22), timeout=1)
    except OSError as exc:
        return f"refused: {exc}"
    return "connected?!"


def abi_oversized():  # a message over the host's cap, then garbage
    out = []
    for data in (b"\x0a" * (3 << 20), b"\xff\xff\xff\xff\x0f", b"\x0a\x03abc"):
        try:
            _mmpy.call(data)
            out.append("accepted")
        except Exception as exc:  # noqa: BLE001
            out.append(type(exc).__name__)
    return " ".join(out)


BEHAVIOURS = {
    "spin": spin,
    "cspin": cspin,
    "regex": regex,
    "oom": oom,
    "recurse": recurse,
    "crecurse": crecurse,
    "stdout": stdout_flood,
    "longline": long_line,
    "scratch": scratch_fill,
    "snoop": snoop,
    "writes": writes,
    "sockets": sockets,
    "abi": abi_oversized,
}


class Hostile(Plugin):
    @hook(HookName.ExecuteCommand)
    def command(self, context, args):
        what = args.command.split()[1]
        if what == "apiloop":  # API calls in a tight loop (and a log flood through the API)
            n = 0
            while True:
                self.api.get_user("user1")
                self.logger.info("api loop %d", n)
                n += 1
        if what == "bigresult":  # a hook answer larger than the message cap
            return {"text": "r" * (3 << 20)}
        if what == "abort":
            os.abort()
        return {"text": str(BEHAVIOURS[what]())}
