package engine

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/mmpy/mmpy/abi/mmpyv1"
	"github.com/mmpy/mmpy/host/internal/guest"
	"github.com/mmpy/mmpy/wasi"
)

// fakeGuest is Exports for a scripted guest: each export runs a Go
// function against a byte-slice memory and a guest.Instance.
type fakeGuest struct {
	mem   []byte
	funcs map[string]func(g *fakeGuest) (int32, error)
	calls []string
	inst  *guest.Instance
}

func (g *fakeGuest) Has(name string) bool { _, ok := g.funcs[name]; return ok }
func (g *fakeGuest) Call(name string) (int32, error) {
	g.calls = append(g.calls, name)
	f, ok := g.funcs[name]
	if !ok {
		return 0, fmt.Errorf("no export %s", name)
	}
	return f(g)
}
func (g *fakeGuest) Memory() []byte { return g.mem }
func (g *fakeGuest) Grow(delta uint32) error {
	if len(g.mem)+int(delta)*wasi.WasmPageSize > 64*wasi.WasmPageSize {
		return errors.New("over the cap")
	}
	g.mem = append(g.mem, make([]byte, int(delta)*wasi.WasmPageSize)...)
	return nil
}
func (g *fakeGuest) Words() *guest.WordMemory { return nil }

// mem is a guest.Memory over the fake's memory.
type mem struct{ g *fakeGuest }

func (m mem) Read(off, n uint32) ([]byte, bool) {
	if int(off)+int(n) > len(m.g.mem) {
		return nil, false
	}
	return m.g.mem[off : off+n], true
}
func (m mem) Write(off uint32, v []byte) bool {
	if int(off)+len(v) > len(m.g.mem) {
		return false
	}
	copy(m.g.mem[off:], v)
	return true
}

// hello makes the scripted guest say hello the way the SDK does.
func hello(t *testing.T, g *fakeGuest) {
	b, err := proto.Marshal(&mmpyv1.GuestHello{AbiVersion: guest.ABIVersion, Hooks: []string{"OnActivate"}})
	require.NoError(t, err)
	copy(g.mem[100:], b)
	n := g.inst.Hello(mem{g}, 100, uint32(len(b)))
	require.Positive(t, n)
	require.Equal(t, n, g.inst.Recv(mem{g}, 1000, uint32(n)))
}

func newFake(t *testing.T, pages int) *fakeGuest {
	g := &fakeGuest{mem: make([]byte, pages*wasi.WasmPageSize), inst: guest.New(context.Background(), guest.Config{PluginID: "p"})}
	g.mem[5] = 0xAA // a data segment
	return g
}

func exit(status uint32) (int32, error) { return 0, &ExitError{Status: status} }

func TestRunGuestCommand(t *testing.T) {
	g := newFake(t, 1)
	g.funcs = map[string]func(*fakeGuest) (int32, error){"_start": func(*fakeGuest) (int32, error) { return exit(0) }}
	require.NoError(t, RunGuest(g, Boot{OnPause: func(*Snapshot) { t.Fatal("a command cannot pause") }}, true, g.inst, NewClock()))
	assert.Equal(t, []string{"_start"}, g.calls)

	g.funcs["_start"] = func(*fakeGuest) (int32, error) { return exit(3) }
	assert.EqualError(t, RunGuest(g, Boot{}, true, g.inst, NewClock()), "guest exited with status 3")
	assert.ErrorContains(t, RunGuest(g, Boot{From: &Snapshot{}}, true, g.inst, NewClock()), "cannot be restored")
}

// reactor scripts a reactor guest: mmpy_init marks memory, mmpy_plugin is
// plugin (it says hello and pauses, or not).
func reactor(t *testing.T, g *fakeGuest, plugin func(*fakeGuest) (int32, error)) {
	g.funcs = map[string]func(*fakeGuest) (int32, error){
		"_initialize": func(g *fakeGuest) (int32, error) { g.mem[7] = 1; return 0, nil },
		"mmpy_main":   func(*fakeGuest) (int32, error) { return exit(0) },
		"mmpy_init":   func(g *fakeGuest) (int32, error) { g.mem[8] = 2; return 0, nil },
		"mmpy_plugin": plugin,
		"mmpy_serve": func(g *fakeGuest) (int32, error) {
			if g.mem[9] != 0x5A {
				return exit(9) // not the paused state
			}
			return exit(0)
		},
	}
}

func TestRunGuestPauseAndRestore(t *testing.T) {
	g := newFake(t, 2)
	reactor(t, g, func(g *fakeGuest) (int32, error) {
		hello(t, g)
		require.NoError(t, g.Grow(1))
		g.mem[9] = 0x5A
		g.mem[2*wasi.WasmPageSize+10] = 0x77 // in the grown page
		return 0, nil
	})
	clock := NewClock()
	var snap *Snapshot
	var base *Snapshot
	require.NoError(t, RunGuest(g, Boot{OnBase: func(s *Snapshot) { base = s }, OnPause: func(s *Snapshot) { snap = s }}, true, g.inst, clock))
	assert.Equal(t, []string{"_initialize", "mmpy_init", "mmpy_plugin", "mmpy_serve"}, g.calls)
	require.NotNil(t, base)
	assert.Nil(t, base.Guest.Hello, "the runtime snapshot is taken before the plugin's hello")
	assert.Equal(t, uint32(2), base.Pages)
	require.NotNil(t, snap)
	assert.Equal(t, uint32(3), snap.Pages)
	assert.Equal(t, []string{"OnActivate"}, snap.Guest.Hello.Hooks)
	assert.Equal(t, int64(2*snapshotPage), snap.Bytes(), "two non-zero 4 KiB pages are kept, not the zero ones")
	assert.Positive(t, snap.Clock)

	// A fresh instance of the module: its memory holds data segments the
	// snapshot supersedes (zeroed), then the snapshot's pages.
	r := newFake(t, 2)
	reactor(t, r, func(*fakeGuest) (int32, error) { t.Fatal("a restored plugin is not run again"); return 0, nil })
	r.mem[5], r.mem[wasi.WasmPageSize+3] = 0, 0x33
	rc := NewClock()
	require.NoError(t, RunGuest(r, Boot{From: snap}, true, r.inst, rc))
	assert.Equal(t, []string{"mmpy_serve"}, r.calls)
	assert.Equal(t, byte(0xAA), r.mem[5])
	assert.Equal(t, byte(1), r.mem[7], "the snapshot's _initialize effects are there")
	assert.Equal(t, byte(0), r.mem[wasi.WasmPageSize+3], "what the snapshot does not hold is zero")
	assert.Equal(t, byte(0x77), r.mem[2*wasi.WasmPageSize+10])
	assert.Len(t, r.mem, 3*wasi.WasmPageSize)
	assert.GreaterOrEqual(t, rc.Now(), snap.Clock, "the restored clock goes on from the snapshot's")
	assert.ErrorContains(t, r.inst.Resume(snap.Guest, nil), "already said hello")

	// From the runtime snapshot: the plugin runs (and pauses) in the restored
	// interpreter, without _initialize or mmpy_init.
	r2 := newFake(t, 2)
	var snap2 *Snapshot
	reactor(t, r2, func(g *fakeGuest) (int32, error) {
		assert.Equal(t, byte(2), g.mem[8], "mmpy_init's state is restored")
		hello(t, g)
		g.mem[9] = 0x5A
		return 0, nil
	})
	require.NoError(t, RunGuest(r2, Boot{Base: base, OnPause: func(s *Snapshot) { snap2 = s }}, true, r2.inst, NewClock()))
	assert.Equal(t, []string{"mmpy_plugin", "mmpy_serve"}, r2.calls)
	require.NotNil(t, snap2)
	assert.Equal(t, []string{"OnActivate"}, snap2.Guest.Hello.Hooks)

	// Not snapshottable (too many mutable globals), or no OnPause: mmpy_main.
	for _, b := range []struct {
		boot          Boot
		snapshottable bool
	}{{Boot{OnPause: func(*Snapshot) { t.Fatal("must not pause") }}, false}, {Boot{}, true}} {
		m := newFake(t, 1)
		reactor(t, m, nil)
		require.NoError(t, RunGuest(m, b.boot, b.snapshottable, m.inst, NewClock()))
		assert.Equal(t, []string{"_initialize", "mmpy_main"}, m.calls)
	}
	m := newFake(t, 1)
	reactor(t, m, nil)
	assert.ErrorContains(t, RunGuest(m, Boot{From: snap}, false, m.inst, NewClock()), "cannot be restored")
}

func TestRunGuestMisbehaving(t *testing.T) {
	cases := map[string]struct {
		init func(*fakeGuest) (int32, error)
		want string
	}{
		"pause before hello": {func(*fakeGuest) (int32, error) { return 0, nil }, "paused before its hello"},
		"odd result":         {func(*fakeGuest) (int32, error) { return 5, nil }, "mmpy_plugin returned 5"},
		"exit in init":       {func(*fakeGuest) (int32, error) { return exit(2) }, "guest exited with status 2"},
		"trap in init":       {func(*fakeGuest) (int32, error) { return 0, errors.New("unreachable") }, "unreachable"},
		"served within, ok":  {func(*fakeGuest) (int32, error) { return exit(0) }, ""},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			g := newFake(t, 1)
			reactor(t, g, c.init)
			err := RunGuest(g, Boot{OnPause: func(*Snapshot) { t.Fatal("no snapshot of a misbehaving guest") }}, true, g.inst, NewClock())
			if c.want == "" {
				require.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, c.want)
		})
	}
	t.Run("neither command nor reactor", func(t *testing.T) {
		g := newFake(t, 1)
		g.funcs = map[string]func(*fakeGuest) (int32, error){"main": nil}
		assert.ErrorContains(t, RunGuest(g, Boot{}, true, g.inst, NewClock()), "exports neither _start")
	})
	t.Run("bad snapshots", func(t *testing.T) {
		for name, s := range map[string]*Snapshot{
			"smaller than the module": {Pages: 1},
			"over the memory cap":     {Pages: 100},
			"chunk past the end":      {Pages: 2, Chunks: []Chunk{{Offset: 2*wasi.WasmPageSize - 1, Data: []byte{1, 2}}}},
			"chunks out of order":     {Pages: 2, Chunks: []Chunk{{Offset: 8192, Data: []byte{1}}, {Offset: 4096, Data: []byte{1}}}},
		} {
			g := newFake(t, 2)
			reactor(t, g, nil)
			err := RunGuest(g, Boot{From: s}, true, g.inst, NewClock())
			assert.ErrorIs(t, err, ErrRestore, name)
			assert.NotContains(t, g.calls, "mmpy_serve", name)
		}
	})
}

func TestClockContinues(t *testing.T) {
	c := NewClock()
	c.continueFrom(time.Hour)
	assert.GreaterOrEqual(t, c.Now(), time.Hour)
	assert.Less(t, c.Now(), time.Hour+time.Minute)
}

func TestMutableGlobals(t *testing.T) {
	// (module (global (mut i32) (i32.const 8)) (global i32 (i32.const 0))
	//         (global (mut i64) (i64.const -1)) (import "m" "g" (global (mut i32))))
	mod := []byte("\x00asm\x01\x00\x00\x00")
	imp := []byte{1, 1, 'm', 1, 'g', 3, 0x7f, 1}
	mod = append(mod, 2, byte(len(imp)))
	mod = append(mod, imp...)
	glob := []byte{3, 0x7f, 1, 0x41, 8, 0x0b, 0x7f, 0, 0x41, 0, 0x0b, 0x7e, 1, 0x42, 0x7f, 0x0b}
	mod = append(mod, 6, byte(len(glob)))
	mod = append(mod, glob...)
	n, err := MutableGlobals(mod)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	assert.False(t, Snapshottable(n))
	assert.True(t, Snapshottable(1))

	_, err = MutableGlobals(append(mod[:len(mod)-1:len(mod)-1], 0xfc)) // a bad init expression
	assert.Error(t, err)
	_, err = MutableGlobals([]byte("nope"))
	assert.Error(t, err)
}

func sampleSnapshot() *Snapshot {
	return &Snapshot{
		Pages: 3, Clock: 1234 * time.Millisecond,
		Chunks: []Chunk{{Offset: 0, Data: []byte{1, 2, 3}}, {Offset: 4096, Data: bytes.Repeat([]byte{7}, 4096)}, {Offset: 3*wasi.WasmPageSize - 2, Data: []byte{9, 9}}},
		Guest: guest.Resumption{
			Hello:     &mmpyv1.GuestHello{AbiVersion: 1, Hooks: []string{"OnActivate"}},
			Interrupt: &guest.InterruptInfo{EvalBreaker: 16, AsyncExc: 20, ExcType: 24, Bit: 32},
		},
	}
}

func TestSnapshotFileRoundTrip(t *testing.T) {
	key := [32]byte{1, 2, 3}
	for _, s := range []*Snapshot{sampleSnapshot(), {Pages: 1}} {
		b, err := s.MarshalBinary(key)
		require.NoError(t, err)
		got, err := UnmarshalSnapshot(b, key)
		require.NoError(t, err)
		assert.Equal(t, s.Pages, got.Pages)
		assert.Equal(t, s.Clock, got.Clock)
		assert.Equal(t, s.Chunks, got.Chunks)
		assert.Equal(t, s.Guest.Interrupt, got.Guest.Interrupt)
		assert.True(t, proto.Equal(s.Guest.Hello, got.Guest.Hello))

		_, err = UnmarshalSnapshot(b, [32]byte{9})
		assert.ErrorContains(t, err, "another interpreter")
		_, err = UnmarshalSnapshot(b[:len(b)-1], key)
		assert.Error(t, err)
		bad := bytes.Clone(b)
		bad[len(bad)/2] ^= 1
		_, err = UnmarshalSnapshot(bad, key)
		assert.ErrorContains(t, err, "checksum")
	}
	// Well-formed framing (valid checksum) around a bad chunk is refused too.
	s := sampleSnapshot()
	s.Chunks = append(s.Chunks, Chunk{Offset: 100, Data: []byte{1}})
	b, err := s.MarshalBinary(key)
	require.NoError(t, err)
	_, err = UnmarshalSnapshot(b, key)
	assert.ErrorContains(t, err, "out of order")
}

// FuzzSnapshotFile: a snapshot file is read back from the cache directory;
// whatever it holds, reading it fails cleanly or yields chunks inside the
// memory, in order.
func FuzzSnapshotFile(f *testing.F) {
	key := [32]byte{4}
	b, err := sampleSnapshot().MarshalBinary(key)
	require.NoError(f, err)
	f.Add(b)
	f.Add([]byte(snapshotMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Re-seal what the fuzzer made, so that it gets past the checksum.
		if len(data) >= len(snapshotMagic)+32 {
			copy(data, snapshotMagic)
			copy(data[len(snapshotMagic):], key[:])
			sum := sha256.Sum256(data)
			data = append(data, sum[:]...)
		}
		s, err := UnmarshalSnapshot(data, key)
		if err != nil {
			return
		}
		end := uint64(0)
		for _, c := range s.Chunks {
			require.GreaterOrEqual(t, uint64(c.Offset), end)
			end = uint64(c.Offset) + uint64(len(c.Data))
			require.LessOrEqual(t, end, uint64(s.Pages)*wasi.WasmPageSize)
		}
	})
}
