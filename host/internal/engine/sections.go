package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// CustomSection is one custom section of a wasm binary.
type CustomSection struct {
	Name string
	Data []byte // a sub-slice of the binary
}

// ParseCustomSections lists the custom sections of a wasm binary in module
// order, for engines whose API does not expose them. It returns an error for
// a binary whose section framing is broken (the engine's own validation
// reports more).
func ParseCustomSections(wasm []byte) ([]CustomSection, error) {
	if len(wasm) < 8 || string(wasm[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly binary (no \\0asm header)")
	}
	var out []CustomSection
	for b, off := wasm[8:], 8; len(b) > 0; {
		id := b[0]
		size, n := binary.Uvarint(b[1:])
		if n <= 0 || size > uint64(len(b)-1-n) {
			return nil, fmt.Errorf("section at offset %d: bad size", off)
		}
		body := b[1+n : 1+n+int(size)]
		if id == 0 {
			nlen, m := binary.Uvarint(body)
			if m <= 0 || nlen > uint64(len(body)-m) {
				return nil, fmt.Errorf("custom section at offset %d: bad name", off)
			}
			out = append(out, CustomSection{Name: string(body[m : m+int(nlen)]), Data: body[m+int(nlen):]})
		}
		off += 1 + n + int(size)
		b = b[1+n+int(size):]
	}
	return out, nil
}

// MutableGlobals counts the mutable globals a wasm binary defines or imports.
// A snapshot of a guest (Snapshot) is its linear memory alone, which is only
// complete for a module whose single mutable global is the C stack pointer
// (back at its initial value whenever an export has returned): Module.Run
// pauses a guest for a snapshot only when this is at most 1.
func MutableGlobals(wasm []byte) (int, error) {
	if len(wasm) < 8 || string(wasm[:4]) != "\x00asm" {
		return 0, errors.New("not a WebAssembly binary (no \\0asm header)")
	}
	count := 0
	for b := wasm[8:]; len(b) > 0; {
		id := b[0]
		size, n := binary.Uvarint(b[1:])
		if n <= 0 || size > uint64(len(b)-1-n) {
			return 0, errors.New("bad section size")
		}
		r := &reader{b: b[1+n : 1+n+int(size)]}
		switch id {
		case 2: // imports
			for i, k := uint64(0), r.uleb(); i < k && r.err == nil; i++ {
				r.skip(int(r.uleb())) // module
				r.skip(int(r.uleb())) // name
				switch r.byte() {
				case 0:
					r.uleb()
				case 1:
					r.byte()
					r.limits()
				case 2:
					r.limits()
				case 3:
					r.byte()
					if r.byte() != 0 {
						count++
					}
				default:
					return 0, errors.New("import section: unknown import kind")
				}
			}
		case 6: // globals
			for i, k := uint64(0), r.uleb(); i < k && r.err == nil; i++ {
				r.byte() // value type
				if r.byte() != 0 {
					count++
				}
				r.constExpr()
			}
		}
		if r.err != nil {
			return 0, fmt.Errorf("section %d: %w", id, r.err)
		}
		b = b[1+n+int(size):]
	}
	return count, nil
}

// reader decodes the parts of a section MutableGlobals needs; the first
// error sticks.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(msg string) {
	if r.err == nil {
		r.err = errors.New(msg)
	}
	r.b = nil
}

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.fail("unexpected end")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) uleb() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("bad LEB128")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) skip(n int) {
	if n < 0 || n > len(r.b) {
		r.fail("unexpected end")
		return
	}
	r.b = r.b[n:]
}

func (r *reader) limits() {
	if r.byte()&1 != 0 {
		r.uleb()
	}
	r.uleb()
}

// constExpr skips a constant expression up to its end opcode.
func (r *reader) constExpr() {
	for r.err == nil {
		switch op := r.byte(); op {
		case 0x0b: // end
			return
		case 0x41, 0x42, 0x23, 0xd2: // i32.const, i64.const (LEB; a signed LEB has the same framing), global.get, ref.func
			r.uleb()
		case 0x43:
			r.skip(4)
		case 0x44:
			r.skip(8)
		case 0xd0: // ref.null t
			r.byte()
		case 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e: // extended-const arithmetic
		default:
			r.fail(fmt.Sprintf("unsupported opcode %#x in a constant expression", op))
		}
	}
}
