"""Generated protocol-buffer code for the mmpy ABI (``abi/proto/mmpy/v1/mmpy.proto``).

``mmpy_pb2.py`` and ``mmpy_pb2.pyi`` are written by ``tools/protoc.sh``; do not edit them.
This file is hand-written: it makes ``_abi`` a regular package (not a namespace package), so
the SDK also imports from a zip archive.

It also defers ``google.protobuf.internal.python_message``, protobuf's pure-Python message
implementation, when the C one (upb) is in use. ``google.protobuf.descriptor_pool`` (imported by
every generated ``_pb2`` module) imports it unconditionally, and it drags in ``text_format``,
``decoder``, ``encoder``, ``containers`` and ``pickle``: ~30 ms of every plugin start in the
WebAssembly guest, for a module upb never uses (docs/RATIONALE.md, "Start-up imports"). It is
registered with :class:`importlib.util.LazyLoader`, so it runs only if something touches it.
(protobuf imports it with ``from ... import python_message``, which leaves it lazy; a plain
``import`` statement would look at the module's ``__spec__`` and load it, which is why other
modules cannot be deferred this way.)
"""

from __future__ import annotations

import sys

_DEFERRED = ("google.protobuf.internal.python_message",)


def _defer(name: str) -> None:
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)  # LazyLoader: the module runs on its first attribute access
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


def _defer_unused_protobuf_modules() -> None:
    if "google.protobuf.descriptor_pool" in sys.modules:
        return  # protobuf is loaded already: nothing left to save
    from google.protobuf.internal import api_implementation

    if api_implementation.Type() == "python":
        return  # the pure-Python implementation uses python_message at once
    for name in _DEFERRED:
        if name not in sys.modules:
            _defer(name)


_defer_unused_protobuf_modules()
