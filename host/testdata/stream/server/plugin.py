"""Test plugin: ServeHTTP with bodies far larger than the guest's memory cap.

/sum    reads the request body in chunks and answers its length and sha256
/echo   streams the request body back, chunk by chunk (a generator body)
/big    streams N MiB of generated data (query n=N)
/small  the guide's form: the whole body as bytes

FileWillBeUploaded replaces each byte b with (b + 1) % 256: a small file arrives as bytes and is
answered as bytes; a large one arrives as a file object and is streamed back chunk by chunk.
"""
import hashlib

from mattermost_plugin import HookName, Plugin, hook


class Stream(Plugin):
    @hook(HookName.ServeHTTP)
    def serve(self, context, request):
        if request.path == "/sum":
            h = hashlib.sha256()
            n = 0
            for chunk in iter(lambda: request.stream.read(1 << 20), b""):
                h.update(chunk)
                n += len(chunk)
            return {"status_code": 200, "body": f"{n} {h.hexdigest()}"}
        if request.path == "/echo":
            return {
                "status_code": 200,
                "headers": {"Content-Type": "application/octet-stream"},
                "body": iter(lambda: request.stream.read(1 << 20), b""),
            }
        if request.path == "/big":
            n = int(request.query_params["n"][0])
            block = bytes(range(256)) * 4096  # 1 MiB

            def gen():
                for _ in range(n):
                    yield block

            return {"status_code": 200, "body": gen()}
        if request.path == "/small":
            return {"status_code": 200, "body": request.body[::-1]}
        return {"status_code": 404, "body": "not found"}


SHIFT = bytes((b + 1) % 256 for b in range(256))


class StreamFiles(Stream):
    @hook(HookName.FileWillBeUploaded)
    def on_upload(self, context, info, file):
        if isinstance(file, bytes):
            return info, "", file.translate(SHIFT)
        return info, "", (chunk.translate(SHIFT) for chunk in iter(lambda: file.read(1 << 20), b""))


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin

    run_plugin(StreamFiles)
