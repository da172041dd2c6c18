package guest

import (
	"context"
	"encoding/binary"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pb "github.com/mmpy/mmpy/abi/mmpyv1"
)

func encodeInfo(version, eb, ae, exc, bit, reserved uint32) []byte {
	b := make([]byte, 0, InterruptInfoSize)
	for _, v := range []uint32{version, eb, ae, exc, bit, reserved} {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return b
}

func TestWordMemoryBoundsAndAlignment(t *testing.T) {
	w := NewWordMemory(make([]byte, 64), 32)
	assert.True(t, w.Store32(0, 0xdeadbeef))
	v, ok := w.Load32(0)
	assert.True(t, ok)
	assert.Equal(t, uint32(0xdeadbeef), v)
	assert.True(t, w.Store32(28, 1), "last word inside the current size")
	assert.False(t, w.Store32(32, 1), "past the current size")
	assert.False(t, w.Store32(30, 1), "misaligned")
	assert.False(t, w.Or32(2, 1), "misaligned")
	assert.False(t, w.Store32(0xfffffffc, 1), "far out of bounds, no wrap-around")
	_, ok = w.Load32(61)
	assert.False(t, ok)

	w.SetSize(64) // the guest grew its memory
	assert.True(t, w.Store32(60, 1))
	w.SetSize(1 << 20) // capped to the reservation
	assert.False(t, w.Store32(64, 1))

	assert.True(t, w.Store32(8, 0x10))
	assert.True(t, w.Or32(8, 0x8))
	v, _ = w.Load32(8)
	assert.Equal(t, uint32(0x18), v)
	assert.True(t, w.AndNot32(8, 0x10))
	v, _ = w.Load32(8)
	assert.Equal(t, uint32(0x8), v)

	w.Release()
	assert.False(t, w.Store32(0, 1), "released memory is never touched")
	_, ok = w.Load32(0)
	assert.False(t, ok)
}

func TestDecodeInterruptInfo(t *testing.T) {
	ii, err := DecodeInterruptInfo(encodeInfo(1, 64, 68, 1000, 8, 0))
	require.NoError(t, err)
	assert.Equal(t, InterruptInfo{EvalBreaker: 64, AsyncExc: 68, ExcType: 1000, Bit: 8}, ii)
	for name, b := range map[string][]byte{
		"short":      encodeInfo(1, 64, 68, 1000, 8, 0)[:20],
		"version":    encodeInfo(2, 64, 68, 1000, 8, 0),
		"misaligned": encodeInfo(1, 66, 68, 1000, 8, 0),
		"null":       encodeInfo(1, 64, 68, 0, 8, 0),
		"overlap":    encodeInfo(1, 64, 64, 1000, 8, 0),
		"two bits":   encodeInfo(1, 64, 68, 1000, 9, 0),
		"high bit":   encodeInfo(1, 64, 68, 1000, 0x100, 0),
		"reserved":   encodeInfo(1, 64, 68, 1000, 8, 1),
	} {
		_, err := DecodeInterruptInfo(b)
		assert.Error(t, err, name)
	}
}

// FuzzInterruptInfo: any bytes, pointer and length given to the import yield a
// code, never a panic; an accepted struct satisfies the decoder's invariants.
func FuzzInterruptInfo(f *testing.F) {
	f.Add(encodeInfo(1, 64, 68, 1000, 8, 0), uint32(8), uint32(InterruptInfoSize))
	f.Add(encodeInfo(1, 0xfffc, 68, 1000, 8, 0), uint32(8), uint32(InterruptInfoSize))
	f.Add([]byte{1, 2, 3}, uint32(0xfffffff0), uint32(0x7fffffff))
	f.Fuzz(func(t *testing.T, data []byte, ptr, n uint32) {
		if ii, err := DecodeInterruptInfo(data); err == nil {
			if ii.EvalBreaker%4 != 0 || ii.AsyncExc%4 != 0 || ii.Bit == 0 || ii.Bit&(ii.Bit-1) != 0 || ii.Bit > 0x80 {
				t.Fatalf("accepted a bad struct: %+v", ii)
			}
		}
		m := &mem{b: make([]byte, 1<<16)}
		copy(m.b[8:], data)
		w := NewWordMemory(m.b, uint64(len(m.b)))
		in := New(context.Background(), Config{PluginID: "fuzz", MaxMessage: 1 << 16})
		code := in.InterruptInfo(m, w, ptr, n)
		if code == 0 {
			require.True(t, in.Interruptible())
			hc := &hookCall{name: "X"}
			in.setTop(hc)
			in.expire(hc) // arms: writes only inside the memory, aligned
			in.setTop(nil)
		}
		_ = in.InterruptInfo(m, nil, ptr, n)
	})
}

// pyGuest simulates CPython's side: an eval loop that polls the eval-breaker
// word like _Py_HandlePending, at "bytecode boundaries".
type pyGuest struct {
	*fakeGuest
	words *WordMemory
	eb    uint32
	ae    uint32
	exc   uint32
	bit   uint32
}

func newPyGuest(t *testing.T, in *Instance) *pyGuest {
	g := &pyGuest{fakeGuest: &fakeGuest{t: t, in: in, m: newMem()}, eb: 1<<20 - 64, ae: 1<<20 - 60, exc: 0xabc0, bit: 8}
	g.words = NewWordMemory(g.m.b, uint64(len(g.m.b)))
	p, n := g.m.put(encodeInfo(1, g.eb, g.ae, g.exc, g.bit, 0))
	require.Equal(t, int32(0), in.InterruptInfo(g.m, g.words, p, n))
	return g
}

// pending is _Py_HandlePending's async-exception part.
func (g *pyGuest) pending() bool {
	b, _ := g.words.Load32(g.eb)
	if b&g.bit == 0 {
		return false
	}
	g.words.AndNot32(g.eb, g.bit)
	exc, _ := g.words.Load32(g.ae)
	g.words.Store32(g.ae, 0)
	return exc == g.exc
}

func TestCooperativeInterrupt(t *testing.T) {
	in := New(context.Background(), Config{PluginID: "p"})
	g := newPyGuest(t, in)
	var interrupted, swallowed atomic.Int32
	g.hook = func(_ *fakeGuest, h *pb.HookCall) *pb.HookResult {
		switch string(h.Request) {
		case "loop": // while True: pass
			for !g.pending() {
				time.Sleep(time.Millisecond)
			}
			interrupted.Add(1)
			return &pb.HookResult{Error: &pb.GuestError{Type: "mattermost_plugin.DeadlineExceeded"}}
		case "sleep": // time.sleep(3600): the host's nanosleep ends early
			in.Sleep(time.Hour)
			if g.pending() {
				return &pb.HookResult{Error: &pb.GuestError{Type: "mattermost_plugin.DeadlineExceeded"}}
			}
			return &pb.HookResult{Response: []byte("slept")}
		case "stuck": // sum(range(10**13)): never polls
			time.Sleep(2 * time.Second)
			swallowed.Add(1)
			return &pb.HookResult{Response: []byte("late")}
		}
		return &pb.HookResult{Response: h.Request}
	}
	done := make(chan struct{})
	go func() { defer close(done); g.start("A") }()
	<-in.Ready()
	ctx := context.Background()
	lim := Limits{Deadline: 50 * time.Millisecond, Grace: 5 * time.Second}

	r, err := in.CallHookLimits(ctx, "A", []byte("loop"), lim)
	require.NoError(t, err)
	assert.Equal(t, "mattermost_plugin.DeadlineExceeded", r.Error.GetType())
	assert.Equal(t, int32(1), interrupted.Load())

	t0 := time.Now()
	r, err = in.CallHookLimits(ctx, "A", []byte("sleep"), lim)
	require.NoError(t, err)
	assert.Equal(t, "mattermost_plugin.DeadlineExceeded", r.Error.GetType())
	assert.Less(t, time.Since(t0), 30*time.Second)

	// The instance still serves, and no interrupt is left armed.
	r, err = in.CallHookLimits(ctx, "A", []byte("ok"), lim)
	require.NoError(t, err)
	assert.Equal(t, "ok", string(r.Response))
	v, _ := g.words.Load32(g.ae)
	assert.Zero(t, v)

	var stuck atomic.Pointer[DeadlineError]
	_, err = in.CallHookLimits(ctx, "A", []byte("stuck"), Limits{Deadline: 50 * time.Millisecond, Grace: 100 * time.Millisecond,
		OnStuck: func(e *DeadlineError) { stuck.Store(e) }})
	var de *DeadlineError
	require.ErrorAs(t, err, &de)
	assert.True(t, de.Stuck)
	assert.True(t, de.Interruptible)
	assert.Same(t, de, stuck.Load())
	in.MarkDead(de)
	<-done
}

// TestInterruptWaitsForInnermost: a hook whose deadline passes while a nested
// hook runs is interrupted only once it is the innermost hook again, and the
// nested hook is not hit by it.
func TestInterruptWaitsForInnermost(t *testing.T) {
	apiRelease, apiStarted := make(chan struct{}), make(chan struct{})
	in := New(context.Background(), Config{PluginID: "p",
		Dispatch: func(context.Context, string, []byte) ([]byte, *pb.AppError) {
			close(apiStarted)
			<-apiRelease
			return nil, nil
		}})
	g := newPyGuest(t, in)
	nestedStarted := make(chan struct{})
	innerRelease := make(chan struct{})
	g.hook = func(fg *fakeGuest, h *pb.HookCall) *pb.HookResult {
		switch h.Hook {
		case "A": // outer
			fg.api("X", nil) // Inner runs meanwhile
			for !g.pending() {
				time.Sleep(time.Millisecond)
			}
			return &pb.HookResult{Error: &pb.GuestError{Type: "mattermost_plugin.DeadlineExceeded"}}
		case "B": // inner
			close(nestedStarted)
			<-innerRelease
			if g.pending() {
				return &pb.HookResult{Error: &pb.GuestError{Type: "wrongly interrupted"}}
			}
			return &pb.HookResult{Response: []byte("inner ok")}
		}
		return &pb.HookResult{}
	}
	done := make(chan struct{})
	go func() { defer close(done); g.start("A", "B") }()
	<-in.Ready()
	ctx := context.Background()
	outer := make(chan *pb.HookResult, 1)
	go func() {
		r, err := in.CallHookLimits(ctx, "A", nil, Limits{Deadline: 100 * time.Millisecond, Grace: 20 * time.Second})
		assert.NoError(t, err)
		outer <- r
	}()
	<-apiStarted
	inner := make(chan *pb.HookResult, 1)
	go func() {
		r, err := in.CallHook(ctx, "B", nil)
		assert.NoError(t, err)
		inner <- r
	}()
	<-nestedStarted
	time.Sleep(400 * time.Millisecond) // the outer deadline passes while B runs
	close(innerRelease)
	r := <-inner
	assert.Equal(t, "inner ok", string(r.Response), "the nested hook is not interrupted for the outer one")
	close(apiRelease)
	r = <-outer
	assert.Equal(t, "mattermost_plugin.DeadlineExceeded", r.Error.GetType(), "the outer hook is interrupted once innermost again")
	in.Shutdown()
	<-done
}
