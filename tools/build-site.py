"""Build lib/mmpy-site.zip: the mattermost_plugin SDK and its pure-Python
dependencies, precompiled for the guest's interpreter.

Run with the NATIVE CPython of the same version as the guest (the .pyc magic
number must match): tools/build-runtime.sh passes the build python of
pyodide-build. Entries carry both .py (for tracebacks) and unchecked-hash .pyc
(no stat of the source at import), with fixed timestamps for reproducibility.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import py_compile
import sys
import tempfile
import zipfile
from pathlib import Path

EPOCH = (1980, 1, 1, 0, 0, 0)
SKIP_DIRS = {"__pycache__", "tests", "test"}


def add_tree(zf: zipfile.ZipFile, root: Path, arc_prefix: str, tmp: Path) -> int:
    n = 0
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part in SKIP_DIRS for part in rel.parts) or path.is_dir():
            continue
        if path.suffix in (".pyc", ".so", ".pyd", ".dylib"):
            continue
        arc = f"{arc_prefix}/{rel.as_posix()}" if arc_prefix else rel.as_posix()
        info = zipfile.ZipInfo(arc, EPOCH)
        info.compress_type = zipfile.ZIP_STORED
        zf.writestr(info, path.read_bytes())
        n += 1
        if path.suffix == ".py":
            cfile = tmp / "c.pyc"
            py_compile.compile(
                str(path), cfile=str(cfile), dfile=arc, doraise=True,
                invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
            )
            # zipimport looks for NAME.pyc beside NAME.py (not __pycache__).
            cinfo = zipfile.ZipInfo(arc[:-3] + ".pyc", EPOCH)
            cinfo.compress_type = zipfile.ZIP_STORED
            zf.writestr(cinfo, cfile.read_bytes())
            n += 1
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sdk", required=True, type=Path, help="sdk/src folder")
    ap.add_argument("--site", action="append", default=[], type=Path,
                    help="folders with unpacked pure-Python packages (repeatable)")
    ap.add_argument("--python-version", required=True, help="expected X.Y of the guest")
    ap.add_argument("-o", "--out", required=True, type=Path)
    a = ap.parse_args()
    want = tuple(int(x) for x in a.python_version.split("."))
    if sys.version_info[:2] != want:
        print(f"build-site: this python is {sys.version_info[:2]}, the guest is {want}: "
              "run with the guest's native build python", file=sys.stderr)
        return 2
    if importlib.util.MAGIC_NUMBER is None:
        return 2
    a.out.parent.mkdir(parents=True, exist_ok=True)
    tmpzip = a.out.with_suffix(".tmp")
    with tempfile.TemporaryDirectory() as td, zipfile.ZipFile(tmpzip, "w") as zf:
        n = add_tree(zf, a.sdk / "mattermost_plugin", "mattermost_plugin", Path(td))
        for site in a.site:
            n += add_tree(zf, site, "", Path(td))
        # protobuf's google/ is a namespace package: zipimport needs a real
        # __init__ to import it.  google._upb is the package of protobuf's C
        # codec: python.wasm has google._upb._message built in (under that
        # dotted name, pyodide-build/README.md), which BuiltinImporter finds
        # once the parent package google._upb exists; so protobuf's
        # api_implementation picks "upb".  (An interpreter without it makes
        # that import fail and protobuf falls back to pure Python.)
        if any(s.joinpath("google").is_dir() for s in a.site):
            for pkg in ("google", "google/_upb"):
                if f"{pkg}/__init__.py" in zf.namelist():
                    continue
                zf.writestr(zipfile.ZipInfo(f"{pkg}/__init__.py", EPOCH), b"")
                cfile = Path(td) / "g.py"
                cfile.write_bytes(b"")
                py_compile.compile(str(cfile), cfile=str(Path(td) / "g.pyc"), dfile=f"{pkg}/__init__.py",
                                   invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
                zf.writestr(zipfile.ZipInfo(f"{pkg}/__init__.pyc", EPOCH), (Path(td) / "g.pyc").read_bytes())
                n += 2
    os.replace(tmpzip, a.out)
    print(f"build-site: {a.out} ({n} entries, {a.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
