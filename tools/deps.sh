#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian machine (as
# root): apt packages (gcc for the cgo wasmtime engine), Go modules, the pinned
# Python dev tools. Idempotent and quick when everything is there.
# pyodide-build/build.sh installs its own toolchain (clang-19, wasi-libc,
# CPython sources).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APT_PKGS=(postgresql python3-venv python3-pip curl ca-certificates gcc libc6-dev)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[deps] apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "[deps] Go modules"
(cd "$ROOT" && GOFLAGS=-mod=mod GONOSUMDB=github.com/mattermost go mod download)
echo "[deps] Python dev tools"
source "$ROOT/tools/pyenv.sh"
echo "[deps] ok"
