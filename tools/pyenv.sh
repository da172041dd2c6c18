# Sourced by tools: provides $MMPY_PY, a Python with the project's pinned dev
# tools (tools/requirements-dev.txt), in a venv cached by the file's hash.
_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_REQ="$_ROOT/tools/requirements-dev.txt"
_HASH="$(cat "$_REQ" | sha256sum | cut -c1-16)"
MMPY_VENV="${HOME}/.cache/mmpy/venv-$_HASH"
if [ ! -x "$MMPY_VENV/.ok" ]; then
  echo "[pyenv] creating $MMPY_VENV" >&2
  rm -rf "$MMPY_VENV"
  python3 -m venv "$MMPY_VENV"
  "$MMPY_VENV/bin/pip" install -q --disable-pip-version-check -r "$_REQ" >&2
  install -m 755 /dev/null "$MMPY_VENV/.ok"
fi
MMPY_PY="$MMPY_VENV/bin/python"
export MMPY_VENV MMPY_PY
