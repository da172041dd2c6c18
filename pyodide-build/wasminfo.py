"""Print (and with --check, verify) the imports/exports of python.wasm.

usage: wasminfo.py [--check] python.wasm

--check fails unless every import comes from wasi_snapshot_preview1 or is one
of the five mmpy ABI functions mmpy.{hello,call,ret,recv,interrupt_info} :
(i32, i32) -> i32,
and unless memory and _start are exported.
"""
import sys

SECTION_TYPE, SECTION_IMPORT, SECTION_MEMORY, SECTION_EXPORT = 1, 2, 5, 7
VALTYPES = {0x7F: "i32", 0x7E: "i64", 0x7D: "f32", 0x7C: "f64"}
KINDS = {0: "func", 1: "table", 2: "memory", 3: "global"}
MMPY = {"hello", "call", "ret", "recv", "interrupt_info"}


class Reader:
    def __init__(self, data, pos=0):
        self.data, self.pos = data, pos

    def byte(self):
        b = self.data[self.pos]
        self.pos += 1
        return b

    def uleb(self):
        result = shift = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return result

    def name(self):
        n = self.uleb()
        s = self.data[self.pos:self.pos + n].decode()
        self.pos += n
        return s

    def limits(self):
        flags = self.byte()
        lo = self.uleb()
        hi = self.uleb() if flags & 1 else None
        return lo, hi


def parse(data):
    assert data[:4] == b"\0asm", "not a wasm module"
    r = Reader(data, 8)
    types, imports, exports, memories, customs = [], [], [], [], []
    while r.pos < len(data):
        sid, size = r.byte(), r.uleb()
        end = r.pos + size
        s = Reader(data, r.pos)
        if sid == SECTION_TYPE:
            for _ in range(s.uleb()):
                assert s.byte() == 0x60
                params = [VALTYPES.get(s.byte(), "?") for _ in range(s.uleb())]
                results = [VALTYPES.get(s.byte(), "?") for _ in range(s.uleb())]
                types.append((tuple(params), tuple(results)))
        elif sid == SECTION_IMPORT:
            for _ in range(s.uleb()):
                mod, name, kind = s.name(), s.name(), s.byte()
                if kind == 0:
                    desc = types[s.uleb()]
                elif kind == 1:
                    s.byte(); desc = s.limits()
                elif kind == 2:
                    desc = s.limits()
                else:
                    desc = (s.byte(), s.byte())
                imports.append((mod, name, KINDS[kind], desc))
        elif sid == SECTION_MEMORY:
            for _ in range(s.uleb()):
                memories.append(s.limits())
        elif sid == SECTION_EXPORT:
            for _ in range(s.uleb()):
                name, kind, _idx = s.name(), s.byte(), s.uleb()
                exports.append((name, KINDS.get(kind, "?")))
        elif sid == 0:
            customs.append(s.name())
        r.pos = end
    return imports, exports, memories, customs


def main():
    args = sys.argv[1:]
    check = "--check" in args
    path = [a for a in args if a != "--check"][0]
    with open(path, "rb") as f:
        imports, exports, memories, customs = parse(f.read())
    errors = []
    print(f"imports ({len(imports)}):")
    for mod, name, kind, desc in imports:
        print(f"  {mod}.{name} {kind} {desc}")
        if mod == "mmpy":
            if name not in MMPY or desc != (("i32", "i32"), ("i32",)):
                errors.append(f"unexpected mmpy import {name} {desc}")
        elif mod != "wasi_snapshot_preview1":
            errors.append(f"import from unexpected module {mod}.{name}")
    got_mmpy = {n for m, n, _, _ in imports if m == "mmpy"}
    if got_mmpy != MMPY:
        errors.append(f"mmpy imports {sorted(got_mmpy)} != {sorted(MMPY)}")
    print(f"exports: {', '.join(f'{n} ({k})' for n, k in exports)}")
    print(f"memories (pages of 64 KiB, min/max): {memories}")
    print(f"custom sections: {customs or 'none'}")
    names = {n for n, _ in exports}
    # A WASI reactor with the mmpy entry points (abi/ABI.md section 1).
    for need in ("memory", "_initialize", "mmpy_main", "mmpy_init", "mmpy_serve"):
        if need not in names:
            errors.append(f"missing export {need}")
    if "_start" in names:
        errors.append("exports _start: python.wasm must be linked as a reactor (-mexec-model=reactor)")
    for e in errors:
        print("ERROR:", e)
    if check and errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
