package engine

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func customSection(name, data string) []byte {
	payload := binary.AppendUvarint(nil, uint64(len(name)))
	payload = append(append(payload, name...), data...)
	out := binary.AppendUvarint([]byte{0}, uint64(len(payload)))
	return append(out, payload...)
}

func TestCustomSections(t *testing.T) {
	wasm := []byte("\x00asm\x01\x00\x00\x00")
	wasm = append(wasm, customSection("mmpy.abi", "1")...)
	wasm = append(wasm, 1, 1, 0) // an empty type section
	wasm = append(wasm, customSection("other", "x")...)
	wasm = append(wasm, customSection("mmpy.abi", "2")...)
	got, err := ParseCustomSections(wasm)
	require.NoError(t, err)
	assert.Equal(t, []CustomSection{{"mmpy.abi", []byte("1")}, {"other", []byte("x")}, {"mmpy.abi", []byte("2")}}, got)
	got, err = ParseCustomSections(wasm[:8])
	require.NoError(t, err)
	assert.Empty(t, got)

	_, err = ParseCustomSections([]byte("nope"))
	assert.ErrorContains(t, err, "not a WebAssembly binary")
	_, err = ParseCustomSections(append([]byte("\x00asm\x01\x00\x00\x00"), 0, 50, 1))
	assert.ErrorContains(t, err, "bad size")
	_, err = ParseCustomSections(append([]byte("\x00asm\x01\x00\x00\x00"), 0, 2, 9, 'a'))
	assert.ErrorContains(t, err, "bad name")
}
