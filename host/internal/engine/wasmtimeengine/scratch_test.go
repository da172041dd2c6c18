//go:build wasmtime && cgo

package wasmtimeengine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bytecodealliance/wasmtime-go/v39"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/wasi"
)

// TestScratchQuotaEstimate: the estimate starts at what the directory holds,
// grows with what is settled, and is measured again (deletions, unused
// reservations) before anything is refused.
func TestScratchQuotaEstimate(t *testing.T) {
	const entry = wasi.ScratchEntryCost
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a"), make([]byte, 1000), 0o600))
	q1 := acquireQuota(dir, 3*entry)
	q2 := acquireQuota(dir, 3*entry)
	require.Same(t, q1, q2, "instances mounting one directory share its quota")
	assert.EqualValues(t, 1000+entry, q1.used, "what the directory holds counts from the start")

	require.True(t, q1.reserve(entry))
	q1.settle(entry, entry)
	assert.EqualValues(t, 1000+2*entry, q1.used)
	// The estimate is full, but the reserved entry was never made: the
	// directory is measured again and the reservation fits.
	require.True(t, q1.reserve(entry+500))
	assert.EqualValues(t, 1000+2*entry+500, q1.used)
	assert.EqualValues(t, entry+500, q1.held)
	q1.settle(entry+500, 0)
	assert.EqualValues(t, 1000+entry, q1.used, "an unused reservation is given back")
	assert.Zero(t, q1.held)

	// Past the quota even after measuring: refused, or cut short.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b"), make([]byte, entry), 0o600))
	assert.False(t, q1.reserve(2*entry))
	assert.Zero(t, q1.reserveUpTo(entry), "nothing fits")
	require.NoError(t, os.Remove(filepath.Join(dir, "b")))
	got := q1.reserveUpTo(10 * entry)
	assert.EqualValues(t, 3*entry-(1000+entry), got, "cut short at the quota after measuring again")
	q1.settle(got, got)

	q1.release()
	q2.release()
	quotasMu.Lock()
	_, held := quotas[dir]
	quotasMu.Unlock()
	assert.False(t, held, "the last instance frees the shared quota")
}

// TestShadowSignatures: the parameter types of scratch.go's table are those
// of wasmtime's own WASI functions (which the trampoline imports), and every
// shadowed function is trampolined.
func TestShadowSignatures(t *testing.T) {
	e := newEngineCfg(t, Config{}, func(*wasmtime.Caller, int32) {})
	store := wasmtime.NewStore(e.engine)
	defer store.Close()
	names := map[string]bool{}
	for _, f := range trampolined {
		names[f.name] = true
		ext := e.wasiLinker.Get(store, wasip1, f.name)
		require.NotNil(t, ext, f.name)
		require.NotNil(t, ext.Func(), f.name)
		assert.Equal(t, typeString(funcType(f.params)), typeString(ext.Func().Type(store)), f.name)
	}
	for name := range shadowed {
		assert.True(t, names[name], "%s is shadowed but not trampolined", name)
	}
	assert.Contains(t, trampolineWAT(), `(export "memory" (memory 0))`)
}

func typeString(ft *wasmtime.FuncType) string {
	var b strings.Builder
	for _, p := range ft.Params() {
		b.WriteString(p.String() + " ")
	}
	b.WriteString("->")
	for _, r := range ft.Results() {
		b.WriteString(" " + r.String())
	}
	return b.String()
}
