"""Generated protocol-buffer code for the mmpy ABI (``abi/proto/mmpy/v1/mmpy.proto``).

``mmpy_pb2.py`` and ``mmpy_pb2.pyi`` are written by ``tools/protoc.sh``; do not edit them.
This file is hand-written: it makes ``_abi`` a regular package (not a namespace package), so
the SDK also imports from a zip archive.
"""
