#!/usr/bin/env bash
# Regenerates the gRPC baseline's code from proto/grpcbaseline.proto with
# pinned tools (as tools/protoc.sh does for the ABI):
#   protoc             from grpcio-tools (tools/requirements-dev.txt) -> Python
#                      messages + grpc stubs (py/)
#   protoc-gen-go      google.golang.org/protobuf (version from go.mod) -> gbpb/
#   protoc-gen-go-grpc pinned below                                   -> gbpb/
# Run by `make generate`; `make check-generate` fails on a diff.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
source "$ROOT/tools/pyenv.sh"
PGGG_VERSION=v1.6.2
GOBIN_DIR="${HOME}/.cache/mmpy/gobin"
mkdir -p "$GOBIN_DIR"
PGG_VERSION="$(cd "$ROOT" && go list -m -f '{{.Version}}' google.golang.org/protobuf)"
if [ ! -x "$GOBIN_DIR/protoc-gen-go-$PGG_VERSION" ]; then
  GOBIN="$GOBIN_DIR" go install "google.golang.org/protobuf/cmd/protoc-gen-go@$PGG_VERSION"
  mv "$GOBIN_DIR/protoc-gen-go" "$GOBIN_DIR/protoc-gen-go-$PGG_VERSION"
fi
if [ ! -x "$GOBIN_DIR/protoc-gen-go-grpc-$PGGG_VERSION" ]; then
  GOBIN="$GOBIN_DIR" GOFLAGS= go install "google.golang.org/grpc/cmd/protoc-gen-go-grpc@$PGGG_VERSION"
  mv "$GOBIN_DIR/protoc-gen-go-grpc" "$GOBIN_DIR/protoc-gen-go-grpc-$PGGG_VERSION"
fi
cd "$HERE/proto"
"$MMPY_PY" -m grpc_tools.protoc -I . \
  --plugin=protoc-gen-go="$GOBIN_DIR/protoc-gen-go-$PGG_VERSION" \
  --plugin=protoc-gen-go-grpc="$GOBIN_DIR/protoc-gen-go-grpc-$PGGG_VERSION" \
  --go_out="$HERE/gbpb" --go_opt=paths=source_relative \
  --go-grpc_out="$HERE/gbpb" --go-grpc_opt=paths=source_relative \
  --python_out="$HERE/py" --pyi_out="$HERE/py" --grpc_python_out="$HERE/py" \
  grpcbaseline.proto
