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
  mmpy/v1/mmpy.proto mmpy/v1/egress.proto
# flatten: the Go package lives in abi/mmpyv1, the Python module in _abi/
for n in mmpy egress; do
  mv "$ROOT/abi/mmpyv1/mmpy/v1/$n.pb.go" "$ROOT/abi/mmpyv1/$n.pb.go"
  for f in ${n}_pb2.py ${n}_pb2.pyi; do
    mv "$ROOT/sdk/src/mattermost_plugin/_abi/mmpy/v1/$f" "$ROOT/sdk/src/mattermost_plugin/_abi/$f"
  done
done
rm -rf "$ROOT/sdk/src/mattermost_plugin/_abi/mmpy"
