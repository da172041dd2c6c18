#!/usr/bin/env bash
# Regenerates the ABI code from abi/proto with pinned tools:
#   protoc        from grpcio-tools (PyPI, pinned below)  -> Python gencode
#   protoc-gen-go google.golang.org/protobuf (version from go.mod) -> Go gencode
# Used by `make generate`; CI runs it and fails on a diff (stale gencode).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/tools/pyenv.sh"
GOBIN_DIR="${HOME}/.cache/mmpy/gobin"
mkdir -p "$GOBIN_DIR"
PGG_VERSION="$(cd "$ROOT" && go list -m -f '{{.Version}}' google.golang.org/protobuf)"
if [ ! -x "$GOBIN_DIR/protoc-gen-go-$PGG_VERSION" ]; then
  GOBIN="$GOBIN_DIR" go install "google.golang.org/protobuf/cmd/protoc-gen-go@$PGG_VERSION"
  mv "$GOBIN_DIR/protoc-gen-go" "$GOBIN_DIR/protoc-gen-go-$PGG_VERSION"
fi
cd "$ROOT/abi/proto"
"$MMPY_PY" -m grpc_tools.protoc -I . \
  --plugin=protoc-gen-go="$GOBIN_DIR/protoc-gen-go-$PGG_VERSION" \
  --go_out="$ROOT/abi/mmpyv1" --go_opt=paths=source_relative \
  --python_out="$ROOT/sdk/src/mattermost_plugin/_abi" \
  --pyi_out="$ROOT/sdk/src/mattermost_plugin/_abi" \
  mmpy/v1/*.proto
# flatten: the Go package lives in abi/mmpyv1, the Python module in _abi/.
# The .proto files do not import each other, so flattening breaks no import.
mv "$ROOT"/abi/mmpyv1/mmpy/v1/*.pb.go "$ROOT/abi/mmpyv1/"
rm -rf "$ROOT/abi/mmpyv1/mmpy"
mv "$ROOT"/sdk/src/mattermost_plugin/_abi/mmpy/v1/*_pb2.py* "$ROOT/sdk/src/mattermost_plugin/_abi/"
rm -rf "$ROOT/sdk/src/mattermost_plugin/_abi/mmpy"
# plugin_pb2 (621 messages) creates its message classes on first use under
# upb (sdk/src/mattermost_plugin/_abi/_lazy.py): protoc's eager classes cost
# ~20 ms of every plugin start in the guest.
"$MMPY_PY" - "$ROOT/sdk/src/mattermost_plugin/_abi/plugin_pb2.py" <<'PY'
import sys
path = sys.argv[1]
src = open(path, encoding="utf-8").read()
old = ("_builder.BuildMessageAndEnumDescriptors(DESCRIPTOR, _globals)\n"
       "_builder.BuildTopDescriptorsAndMessages(DESCRIPTOR, 'mmpy.v1.plugin_pb2', _globals)\n")
new = ("from mattermost_plugin._abi import _lazy  # tools/protoc.sh: classes created on first use\n"
       "_lazy.build(DESCRIPTOR, 'mmpy.v1.plugin_pb2', _globals)\n")
if src.count(old) != 1:
    sys.exit(f"protoc.sh: {path}: protoc's builder calls changed; update the lazy-class rewrite in tools/protoc.sh")
open(path, "w", encoding="utf-8").write(src.replace(old, new))
PY
