"""Build lib/python313.zip: the trimmed stdlib as precompiled .pyc files.

Run by the *native* build python of the exact same CPython source (its
bytecode magic number must match python.wasm's).  Deterministic output:
sorted entries, fixed timestamps, unchecked hash-based pycs (PEP 552), so the
same inputs give a byte-identical zip.

usage: mkstdlib.py LIBDIR EXCLUDE_FILE OUT_ZIP ZIP_PREFIX [EXTRA_PY ...]
  LIBDIR        CPython's Lib/ directory
  EXCLUDE_FILE  pyodide-build/stdlib-exclude.txt
  OUT_ZIP       output path
  ZIP_PREFIX    the zip's path inside the guest, used for co_filename
                (e.g. /usr/local/lib/python313.zip)
  EXTRA_PY      extra top-level modules (e.g. _sysconfigdata_*.py)
"""

import importlib.util
import marshal
import os
import sys
import zipfile

FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def read_excludes(path):
    dirs, files = [], set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            entry = line.split("#", 1)[0].strip()
            if not entry:
                continue
            if entry.endswith("/"):
                dirs.append(entry.rstrip("/"))
            else:
                files.add(entry)
    return dirs, files


def pyc_bytes(source, guest_path):
    code = compile(source, guest_path, "exec", dont_inherit=True, optimize=0)
    # PEP 552: flags=0b01 -> hash-based, not checked against the source
    # (there is no source in the zip anyway); reproducible, no mtimes.
    return (importlib.util.MAGIC_NUMBER
            + (0b01).to_bytes(4, "little")
            + importlib.util.source_hash(source)
            + marshal.dumps(code))


def add(zf, name, data):
    zi = zipfile.ZipInfo(name, FIXED_DATE)
    zi.compress_type = zipfile.ZIP_STORED
    zi.external_attr = (0o40755 << 16) | 0x10 if name.endswith("/") else 0o100644 << 16
    zf.writestr(zi, data)


def main():
    libdir, exclude_file, out_zip, prefix, *extra = sys.argv[1:]
    ex_dirs, ex_files = read_excludes(exclude_file)
    missing = [e for e in ex_dirs if not os.path.isdir(os.path.join(libdir, e))]
    missing += [e for e in ex_files if not os.path.isfile(os.path.join(libdir, e))]
    if missing:
        sys.exit(f"mkstdlib: excluded paths not found in {libdir}: {missing}")

    entries = {}  # zip name -> (source path, guest path)
    for root, dirnames, filenames in os.walk(libdir):
        rel_root = os.path.relpath(root, libdir).replace(os.sep, "/")
        rel_root = "" if rel_root == "." else rel_root + "/"
        dirnames[:] = sorted(
            d for d in dirnames
            if d != "__pycache__" and (rel_root + d) not in ex_dirs)
        for fn in filenames:
            rel = rel_root + fn
            if not fn.endswith(".py") or rel in ex_files:
                continue
            entries[rel[:-3] + ".pyc"] = os.path.join(root, fn)
    for path in extra:
        entries[os.path.basename(path)[:-3] + ".pyc"] = path

    # directory entries for every package dir (zipimport's _is_dir, resources)
    dirs = set()
    for name in entries:
        parts = name.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            dirs.add("/".join(parts[:i]) + "/")

    tmp = out_zip + ".tmp"
    n_py = size_py = 0
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as zf:
        for name in sorted(dirs | set(entries)):
            if name.endswith("/"):
                add(zf, name, b"")
                continue
            src_path = entries[name]
            with open(src_path, "rb") as f:
                source = f.read()
            n_py += 1
            size_py += len(source)
            guest = f"{prefix}/{name[:-1]}"  # .pyc -> .py for tracebacks
            add(zf, name, pyc_bytes(source, guest))
    os.replace(tmp, out_zip)
    print(f"mkstdlib: {n_py} modules, {size_py} bytes of source -> "
          f"{os.path.getsize(out_zip)} bytes ({out_zip})")


if __name__ == "__main__":
    main()
