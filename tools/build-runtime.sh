#!/usr/bin/env bash
# Assembles the mmpy runtime directory (default build/runtime), see
# internal/layout: python.wasm + stdlib (pyodide-build), the SDK site zip, and
# the shim executables. Cheap when nothing changed: python.wasm comes from its
# content-keyed cache, the rest is rebuilt in seconds.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/build/runtime}"
T0=$SECONDS
say() { echo "[runtime] $* (+$((SECONDS - T0))s)"; }

say "python.wasm (pyodide-build)"
# MMPY_NEED_NATIVE: we also need the native build python of the same release
# (its path is in native-python/LATEST) to precompile the SDK's .pyc files.
MMPY_NEED_NATIVE=1 bash "$ROOT/pyodide-build/build.sh" "$ROOT/build/python-wasm"
PYVER=$(python3 -c 'import json,sys; print(".".join(json.load(open(sys.argv[1]))["cpython_version"].split(".")[:2]))' "$ROOT/build/python-wasm/BUILDINFO.json")
NATIVE=$(cat "$HOME/.cache/mmpy/native-python/LATEST")

say "SDK + protobuf site zip"
PROTOBUF_VERSION=$(sed -n 's/^protobuf==//p' "$ROOT/tools/requirements-dev.txt")
WHEELS="$HOME/.cache/mmpy/wheels/protobuf-$PROTOBUF_VERSION"
if [ ! -d "$WHEELS/site/google" ]; then
  rm -rf "$WHEELS.tmp" && mkdir -p "$WHEELS.tmp"
  python3 -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
    --platform any --python-version "$PYVER" --implementation py -d "$WHEELS.tmp" "protobuf==$PROTOBUF_VERSION"
  python3 -m zipfile -e "$WHEELS.tmp"/protobuf-*.whl "$WHEELS.tmp/site"
  rm -rf "$WHEELS.tmp/site"/*.dist-info
  rm -rf "$WHEELS" && mv "$WHEELS.tmp" "$WHEELS"
fi
STAGE="$OUT.tmp.$$"
rm -rf "$STAGE"; mkdir -p "$STAGE"
trap 'rm -rf "$STAGE"' EXIT
cp -a "$ROOT/build/python-wasm/." "$STAGE/"
# Record the guest's ABI version (from the C module that implements it) in a
# custom section "mmpy.abi", which hosts check before instantiating (ABI.md §5).
ABI_VERSION=$(sed -n 's/^#define MMPY_ABI_VERSION \([0-9]*\)$/\1/p' "$ROOT/pyodide-build/modules/_mmpymodule.c")
[ -n "$ABI_VERSION" ] || { echo "[runtime] MMPY_ABI_VERSION not found in _mmpymodule.c" >&2; exit 1; }
python3 - "$STAGE/python.wasm" "$ABI_VERSION" <<'PY'
import sys
path, version = sys.argv[1], sys.argv[2].encode()
def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)
name = b"mmpy.abi"
payload = uleb(len(name)) + name + version
with open(path, "ab") as f:
    f.write(b"\x00" + uleb(len(payload)) + payload)
PY
"$NATIVE" "$ROOT/tools/build-site.py" --sdk "$ROOT/sdk/src" --site "$WHEELS/site" \
  --python-version "$PYVER" -o "$STAGE/lib/mmpy-site.zip"

say "shim executables"
mkdir -p "$STAGE/shim"
for plat in linux-amd64 linux-arm64; do
  (cd "$ROOT" && CGO_ENABLED=0 GOOS=linux GOARCH="${plat#linux-}" \
     go build -trimpath -ldflags "-s -w" -o "$STAGE/shim/mmpy-shim-$plat" ./cmd/mmpy-shim)
done
rm -rf "$OUT"; mv "$STAGE" "$OUT"; trap - EXIT
say "ready: $OUT ($(du -sh "$OUT" | cut -f1))"
