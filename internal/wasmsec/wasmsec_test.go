package wasmsec

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// module is a minimal valid module: header, an empty type section (id 1)
// and a custom section "keep".
func module() []byte {
	m := append([]byte{}, header...)
	m = append(m, 1, 1, 0) // type section, size 1, zero types
	return AppendSection(m, Section{Name: "keep", Data: []byte("kept")})
}

func TestAppendSplitRoundTrip(t *testing.T) {
	base := module()
	big := []byte(strings.Repeat("x", 300)) // a size that needs two LEB128 bytes
	out, err := Append(base, Section{Name: "mmpy.a", Data: []byte("one")}, Section{Name: "mmpy.b", Data: big})
	require.NoError(t, err)

	got, taken, err := Split(out, func(n string) bool { return strings.HasPrefix(n, "mmpy.") })
	require.NoError(t, err)
	assert.Equal(t, base, got, "stripping the appended sections gives the original bytes")
	require.Len(t, taken, 2)
	assert.Equal(t, "mmpy.a", taken[0].Name)
	assert.Equal(t, []byte("one"), taken[0].Data)
	assert.Equal(t, big, taken[1].Data)

	same, none, err := Split(out, func(string) bool { return false })
	require.NoError(t, err)
	assert.Empty(t, none)
	assert.Equal(t, out, same)
}

func TestSplitInTheMiddle(t *testing.T) {
	m := append([]byte{}, header...)
	m = AppendSection(m, Section{Name: "drop", Data: []byte("d")})
	m = append(m, 1, 1, 0)
	base, taken, err := Split(m, func(n string) bool { return n == "drop" })
	require.NoError(t, err)
	require.Len(t, taken, 1)
	assert.Equal(t, append(append([]byte{}, header...), 1, 1, 0), base)
}

func TestSplitRejectsBadModules(t *testing.T) {
	all := func(string) bool { return true }
	_, _, err := Split([]byte("not wasm"), all)
	assert.ErrorContains(t, err, "not a WebAssembly module")
	_, _, err = Split(append(append([]byte{}, header...), 0, 50, 1, 'x'), all)
	assert.ErrorContains(t, err, "runs past the end")
	_, _, err = Split(append(append([]byte{}, header...), 0, 2, 9, 'x'), all)
	assert.ErrorContains(t, err, "bad name")
	_, _, err = Split(append(append([]byte{}, header...), 0, 0xff, 0xff, 0xff, 0xff, 0xff), all)
	assert.ErrorContains(t, err, "LEB128")
	_, err = Append([]byte("nope"))
	assert.Error(t, err)
}
