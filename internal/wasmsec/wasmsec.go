// Package wasmsec reads and writes the custom sections of a WebAssembly
// module binary without decoding the rest: enough to append data to a
// module and to strip it again byte-exactly.
package wasmsec

import (
	"bytes"
	"errors"
	"fmt"
)

var header = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

// Section is one custom section.
type Section struct {
	Name string
	Data []byte // aliases the module binary when returned by Split
}

// Append returns wasm followed by the given custom sections. Appending at the
// end keeps the original bytes as a prefix, so Split recovers them exactly.
func Append(wasm []byte, secs ...Section) ([]byte, error) {
	if !bytes.HasPrefix(wasm, header) {
		return nil, errors.New("not a WebAssembly module (bad magic or version)")
	}
	n := len(wasm)
	for _, s := range secs {
		n += 16 + len(s.Name) + len(s.Data)
	}
	out := make([]byte, 0, n)
	out = append(out, wasm...)
	for _, s := range secs {
		out = AppendSection(out, s)
	}
	return out, nil
}

// AppendSection encodes one custom section onto dst.
func AppendSection(dst []byte, s Section) []byte {
	name := appendULEB(nil, uint64(len(s.Name)))
	name = append(name, s.Name...)
	dst = append(dst, 0)
	dst = appendULEB(dst, uint64(len(name)+len(s.Data)))
	dst = append(dst, name...)
	return append(dst, s.Data...)
}

// Split walks the module's sections and separates the custom sections for
// which take returns true from the rest. base is the module without them (a
// fresh slice when something was taken, else wasm itself); the returned
// sections alias wasm.
func Split(wasm []byte, take func(name string) bool) (base []byte, taken []Section, err error) {
	if !bytes.HasPrefix(wasm, header) {
		return nil, nil, errors.New("not a WebAssembly module (bad magic or version)")
	}
	type span struct{ start, end int }
	var keep []span
	pos := len(header)
	keepStart := pos
	for pos < len(wasm) {
		secStart := pos
		id := wasm[pos]
		pos++
		size, n, err := readULEB(wasm[pos:])
		if err != nil {
			return nil, nil, fmt.Errorf("section at offset %d: %w", secStart, err)
		}
		pos += n
		if size > uint64(len(wasm)-pos) {
			return nil, nil, fmt.Errorf("section at offset %d: size %d runs past the end of the module", secStart, size)
		}
		end := pos + int(size)
		if id == 0 {
			nameLen, m, err := readULEB(wasm[pos:end])
			if err != nil || nameLen > uint64(end-pos-m) {
				return nil, nil, fmt.Errorf("custom section at offset %d: bad name", secStart)
			}
			name := string(wasm[pos+m : pos+m+int(nameLen)])
			if take(name) {
				taken = append(taken, Section{Name: name, Data: wasm[pos+m+int(nameLen) : end]})
				keep = append(keep, span{keepStart, secStart})
				keepStart = end
			}
		}
		pos = end
	}
	if len(taken) == 0 {
		return wasm, nil, nil
	}
	keep = append(keep, span{keepStart, len(wasm)})
	size := 0
	for _, s := range keep {
		size += s.end - s.start
	}
	base = make([]byte, 0, len(header)+size)
	base = append(base, header...)
	for _, s := range keep {
		base = append(base, wasm[s.start:s.end]...)
	}
	return base, taken, nil
}

func appendULEB(dst []byte, v uint64) []byte {
	for {
		b := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			dst = append(dst, b|0x80)
			continue
		}
		return append(dst, b)
	}
}

func readULEB(b []byte) (uint64, int, error) {
	var v uint64
	for i := 0; i < len(b) && i < 5; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i]&0x80 == 0 {
			return v, i + 1, nil
		}
	}
	return 0, 0, errors.New("bad LEB128 length")
}
