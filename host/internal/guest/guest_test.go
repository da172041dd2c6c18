package guest

import (
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	pb "github.com/mmpy/mmpy/abi/mmpyv1"
)

// mem is a fake linear memory with a bump allocator, standing in for a guest.
type mem struct {
	b   []byte
	top uint32
}

func newMem() *mem { return &mem{b: make([]byte, 1<<20), top: 8} }

func (m *mem) Read(off, n uint32) ([]byte, bool) {
	if uint64(off)+uint64(n) > uint64(len(m.b)) {
		return nil, false
	}
	return m.b[off : off+n], true
}

func (m *mem) Write(off uint32, v []byte) bool {
	if uint64(off)+uint64(len(v)) > uint64(len(m.b)) {
		return false
	}
	copy(m.b[off:], v)
	return true
}

func (m *mem) put(v []byte) (uint32, uint32) {
	p := m.top
	copy(m.b[p:], v)
	m.top += uint32(len(v))
	if m.top > uint32(len(m.b))/2 {
		m.top = 8
	}
	return p, uint32(len(v))
}

// fakeGuest drives an Instance the way the Python SDK does.
type fakeGuest struct {
	t    *testing.T
	in   *Instance
	m    *mem
	hook func(g *fakeGuest, h *pb.HookCall) *pb.HookResult
}

func (g *fakeGuest) send(fn func(Memory, uint32, uint32) int32, msg proto.Message) *pb.HostFrame {
	b, err := proto.Marshal(msg)
	require.NoError(g.t, err)
	p, n := g.m.put(b)
	r := fn(g.m, p, n)
	if r < 0 {
		return nil
	}
	buf := make([]byte, r)
	bp, _ := g.m.put(buf)
	require.Equal(g.t, r, g.in.Recv(g.m, bp, uint32(r)))
	var f pb.HostFrame
	got, _ := g.m.Read(bp, uint32(r))
	require.NoError(g.t, proto.Unmarshal(got, &f))
	return &f
}

// serve runs the loop until shutdown; frames other than hooks are errors.
func (g *fakeGuest) serve(f *pb.HostFrame) {
	for f != nil {
		switch x := f.Frame.(type) {
		case *pb.HostFrame_Hook:
			f = g.send(g.in.Ret, g.hook(g, x.Hook))
		case *pb.HostFrame_Shutdown:
			return
		default:
			g.t.Errorf("unexpected frame at top level: %v", f)
			return
		}
	}
}

// api makes an API call, serving nested hooks until the result arrives.
func (g *fakeGuest) api(method string, req []byte) *pb.ApiResult {
	f := g.send(g.in.Call, &pb.ApiCall{Method: method, Request: req})
	for {
		switch x := f.Frame.(type) {
		case *pb.HostFrame_ApiResult:
			return x.ApiResult
		case *pb.HostFrame_Hook:
			f = g.send(g.in.Ret, g.hook(g, x.Hook))
		default:
			g.t.Fatalf("unexpected frame in API wait: %v", f)
		}
	}
}

func (g *fakeGuest) start(hooks ...string) {
	p, n := g.m.put(mustMarshal(&pb.GuestHello{AbiVersion: ABIVersion, Hooks: hooks}))
	r := g.in.Hello(g.m, p, n)
	require.Greater(g.t, r, int32(0))
	bp, _ := g.m.put(make([]byte, r))
	require.Equal(g.t, r, g.in.Recv(g.m, bp, uint32(r)))
	var hh pb.HostHello
	got, _ := g.m.Read(bp, uint32(r))
	require.NoError(g.t, proto.Unmarshal(got, &hh))
	require.True(g.t, hh.Accepted, hh.Error)
	g.serve(g.send(g.in.Ret, &pb.HookResult{}))
	g.in.MarkDead(nil)
}

func mustMarshal(m proto.Message) []byte {
	b, err := proto.Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}

func echoHook(_ *fakeGuest, h *pb.HookCall) *pb.HookResult {
	return &pb.HookResult{Response: append([]byte(h.Hook+":"), h.Request...)}
}

func newPair(t *testing.T, d Dispatcher, hook func(*fakeGuest, *pb.HookCall) *pb.HookResult) (*Instance, chan struct{}) {
	return newPairConfig(t, Config{PluginID: "test", Dispatch: d}, hook)
}

func newPairConfig(t *testing.T, cfg Config, hook func(*fakeGuest, *pb.HookCall) *pb.HookResult) (*Instance, chan struct{}) {
	in := New(context.Background(), cfg)
	g := &fakeGuest{t: t, in: in, m: newMem(), hook: hook}
	done := make(chan struct{})
	go func() { defer close(done); g.start("A", "B") }()
	select {
	case <-in.Ready():
	case <-time.After(5 * time.Second):
		t.Fatal("guest not ready")
	}
	return in, done
}

func stop(t *testing.T, in *Instance, done chan struct{}) {
	in.Shutdown()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("guest did not shut down")
	}
}

func TestHookRoundTrip(t *testing.T) {
	in, done := newPair(t, nil, echoHook)
	r, err := in.CallHook(context.Background(), "A", []byte("x"))
	require.NoError(t, err)
	assert.Equal(t, "A:x", string(r.Response))
	assert.Equal(t, []string{"A", "B"}, in.GuestHello().Hooks)
	stop(t, in, done)
	_, err = in.CallHook(context.Background(), "A", nil)
	require.Error(t, err, "a dead guest must refuse hooks")
}

// TestReentrancy: a hook makes an API call whose implementation calls a hook
// of the same plugin (as CreatePost fires MessageWillBePosted) — twice deep.
func TestReentrancy(t *testing.T) {
	var in *Instance
	dispatch := func(ctx context.Context, method string, req []byte) ([]byte, *pb.AppError) {
		r, err := in.CallHook(ctx, "B", req)
		if err != nil {
			return nil, &pb.AppError{Message: err.Error()}
		}
		return append([]byte("api("), append(r.Response, ')')...), nil
	}
	hook := func(g *fakeGuest, h *pb.HookCall) *pb.HookResult {
		depth := len(h.Request)
		if h.Hook == "A" || depth < 3 {
			res := g.api("CreatePost", append(h.Request, '.'))
			return &pb.HookResult{Response: append([]byte(h.Hook+"<"), append(res.Response, '>')...)}
		}
		return &pb.HookResult{Response: []byte("leaf")}
	}
	var done chan struct{}
	in, done = newPair(t, dispatch, hook)
	r, err := in.CallHook(context.Background(), "A", nil)
	require.NoError(t, err)
	assert.Equal(t, "A<api(B<api(B<api(leaf)>)>)>", string(r.Response))
	stop(t, in, done)
}

// TestConcurrentHooks: 64 goroutines, each hook delivered exactly once.
func TestConcurrentHooks(t *testing.T) {
	var seen sync.Map
	var dup atomic.Int32
	hook := func(_ *fakeGuest, h *pb.HookCall) *pb.HookResult {
		if _, loaded := seen.LoadOrStore(string(h.Request), true); loaded {
			dup.Add(1)
		}
		return &pb.HookResult{Response: h.Request}
	}
	in, done := newPair(t, nil, hook)
	var wg sync.WaitGroup
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				k := make([]byte, 8)
				binary.LittleEndian.PutUint32(k, uint32(i))
				binary.LittleEndian.PutUint32(k[4:], uint32(j))
				r, err := in.CallHook(context.Background(), "A", k)
				if assert.NoError(t, err) {
					assert.Equal(t, k, r.Response)
				}
			}
		}()
	}
	wg.Wait()
	n := 0
	seen.Range(func(any, any) bool { n++; return true })
	assert.Equal(t, 64*50, n)
	assert.Zero(t, dup.Load())
	stop(t, in, done)
}

// TestConcurrentDuringAPICall: hooks from other goroutines are served while
// the guest waits in a slow API call, and the API result still arrives.
func TestConcurrentDuringAPICall(t *testing.T) {
	release := make(chan struct{})
	dispatch := func(context.Context, string, []byte) ([]byte, *pb.AppError) {
		<-release
		return []byte("slow"), nil
	}
	hook := func(g *fakeGuest, h *pb.HookCall) *pb.HookResult {
		if h.Hook == "A" {
			return &pb.HookResult{Response: g.api("Slow", nil).Response}
		}
		return &pb.HookResult{Response: []byte("quick")}
	}
	in, done := newPair(t, dispatch, hook)
	resA := make(chan string)
	go func() {
		r, err := in.CallHook(context.Background(), "A", nil)
		assert.NoError(t, err)
		resA <- string(r.Response)
	}()
	for i := 0; i < 5; i++ {
		r, err := in.CallHook(context.Background(), "B", nil)
		require.NoError(t, err)
		assert.Equal(t, "quick", string(r.Response))
	}
	close(release)
	assert.Equal(t, "slow", <-resA)
	stop(t, in, done)
}

// TestInlineMethods: a method Config.Inline names runs on the guest
// goroutine (hooks from other goroutines wait for it instead of running
// meanwhile), its errors and panics are reported like the others', and the
// other methods keep the re-entrant path.
func TestInlineMethods(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{})
	var in *Instance
	dispatch := func(ctx context.Context, method string, req []byte) ([]byte, *pb.AppError) {
		switch method {
		case "Slow":
			close(entered)
			<-release
			return []byte("slow"), nil
		case "Panic":
			panic("boom")
		case "Fail":
			return nil, &pb.AppError{Id: "x.fail", StatusCode: 500}
		case "Reenter":
			r, err := in.CallHook(ctx, "B", nil)
			if err != nil {
				return nil, &pb.AppError{Message: err.Error()}
			}
			return r.Response, nil
		}
		return append([]byte(method+":"), req...), nil
	}
	hook := func(g *fakeGuest, h *pb.HookCall) *pb.HookResult {
		if h.Hook == "B" {
			return &pb.HookResult{Response: []byte("b")}
		}
		var out []byte
		for _, m := range strings.Split(string(h.Request), ",") {
			r := g.api(m, []byte("x"))
			if r.Error != nil {
				out = append(out, r.Error.Id...)
			} else {
				out = append(out, r.Response...)
			}
			out = append(out, ';')
		}
		return &pb.HookResult{Response: out}
	}
	var done chan struct{}
	in, done = newPairConfig(t, Config{PluginID: "test", Dispatch: dispatch,
		Inline: func(m string) bool { return m != "Reenter" }}, hook)

	r, err := in.CallHook(context.Background(), "A", []byte("Get,Fail,Panic,Reenter"))
	require.NoError(t, err)
	assert.Equal(t, "Get:x;x.fail;mmpy.api.panic;b;", string(r.Response))

	resA := make(chan string)
	go func() {
		r, err := in.CallHook(context.Background(), "A", []byte("Slow"))
		assert.NoError(t, err)
		resA <- string(r.Response)
	}()
	<-entered
	resB := make(chan string)
	go func() {
		r, err := in.CallHook(context.Background(), "B", nil)
		assert.NoError(t, err)
		resB <- string(r.Response)
	}()
	select {
	case got := <-resB:
		t.Fatalf("hook B ran during an inline API call: %q", got)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	assert.Equal(t, "slow;", <-resA)
	assert.Equal(t, "b", <-resB)
	stop(t, in, done)
}

func TestAPIErrorsAndPanics(t *testing.T) {
	dispatch := func(_ context.Context, method string, _ []byte) ([]byte, *pb.AppError) {
		if method == "Panic" {
			panic("boom")
		}
		return nil, &pb.AppError{Id: "x.not_found", Message: "nope", StatusCode: 404}
	}
	got := make(chan *pb.ApiResult, 2)
	hook := func(g *fakeGuest, h *pb.HookCall) *pb.HookResult {
		got <- g.api(h.Hook, nil)
		return &pb.HookResult{}
	}
	in, done := newPair(t, dispatch, hook)
	_, err := in.CallHook(context.Background(), "GetUser", nil)
	require.NoError(t, err)
	r := <-got
	assert.Equal(t, int32(404), r.Error.StatusCode)
	assert.Equal(t, "x.not_found", r.Error.Id)
	_, err = in.CallHook(context.Background(), "Panic", nil)
	require.NoError(t, err)
	r = <-got
	assert.Equal(t, "mmpy.api.panic", r.Error.Id)
	assert.Contains(t, r.Error.Message, "boom")
	stop(t, in, done)
}

// TestHostileGuest: out-of-bounds pointers, oversize lengths, garbage bytes
// and protocol misuse get error codes, never a panic.
func TestHostileGuest(t *testing.T) {
	var logged []string
	in := New(context.Background(), Config{PluginID: "hostile", MaxMessage: 1 << 16, Log: func(msg string, _ ...any) { logged = append(logged, msg) }})
	m := newMem()
	size := uint32(len(m.b))
	imports := map[string]func(Memory, uint32, uint32) int32{"hello": in.Hello, "call": in.Call, "ret": in.Ret, "recv": in.Recv}

	assert.Equal(t, ESTATE, in.Call(m, 8, 0), "call before hello")
	assert.Equal(t, ESTATE, in.Ret(m, 8, 0), "ret before hello")
	assert.Equal(t, ENOFRAME, in.Recv(m, 8, 4), "recv with nothing pending")
	assert.Equal(t, EFAULT, in.Hello(m, size-2, 10), "out of bounds")
	assert.Equal(t, EFAULT, in.Hello(m, 0xFFFFFFFF, 0xFFFF), "wrapping pointer")
	assert.Equal(t, ETOOBIG, in.Hello(m, 0, 1<<20), "over the message cap")
	p, n := m.put([]byte{0xff, 0xff, 0xff, 0xff, 0x0f})
	assert.Equal(t, EPROTO, in.Hello(m, p, n), "garbage bytes")

	// A guest speaking another ABI version is refused with a clear error.
	other := New(context.Background(), Config{PluginID: "future"})
	p, n = m.put(mustMarshal(&pb.GuestHello{AbiVersion: 2}))
	r := other.Hello(m, p, n)
	require.Greater(t, r, int32(0))
	bp, _ := m.put(make([]byte, r))
	require.Equal(t, r, other.Recv(m, bp, uint32(r)))
	var hh pb.HostHello
	got, _ := m.Read(bp, uint32(r))
	require.NoError(t, proto.Unmarshal(got, &hh))
	assert.False(t, hh.Accepted)
	assert.Contains(t, hh.Error, "ABI v2")
	assert.Contains(t, hh.Error, "rebuild")
	assert.ErrorContains(t, other.Err(), "ABI v2")

	// Valid hello, then recv with the wrong length and a bad pointer.
	p, n = m.put(mustMarshal(&pb.GuestHello{AbiVersion: ABIVersion}))
	r = in.Hello(m, p, n)
	require.Greater(t, r, int32(0))
	assert.Equal(t, ESTATE, in.Recv(m, 8, uint32(r)+1), "recv length mismatch")
	assert.Equal(t, EFAULT, in.Recv(m, size-1, uint32(r)), "recv out of bounds")
	assert.Equal(t, ESTATE, in.Hello(m, p, n), "second hello")

	// Each misuse is logged once, naming the import, the arguments and why.
	assert.Contains(t, logged, "mmpy: the guest misused the ABI: call(ptr=0x8, len=0) refused with ESTATE: call before hello (repeats of this are not logged)")
	assert.Contains(t, logged, fmt.Sprintf("mmpy: the guest misused the ABI: hello(ptr=%#x, len=10) refused with EFAULT: the range is outside guest memory (repeats of this are not logged)", size-2))
	assert.Contains(t, logged, "mmpy: the guest misused the ABI: hello(ptr=0x0, len=1048576) refused with ETOOBIG: the length exceeds the message cap of 65536 bytes (repeats of this are not logged)")
	assert.Len(t, logged, 9, "one line per import and code: %q", logged)
	for i := 0; i < 100; i++ {
		in.Recv(m, 8, 3)
	}
	assert.Len(t, logged, 9, "a repeated misuse is not logged again")
	// Once the instance is dead, imports that would wait return at once.
	in.MarkDead(fmt.Errorf("test over"))
	for name, f := range imports {
		// Random garbage into every import must not panic.
		for i := 0; i < 200; i++ {
			assert.NotPanics(t, func() { _ = f(m, uint32(i*7919)%size, uint32(i*31)%4096) }, name)
		}
	}
}
