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
