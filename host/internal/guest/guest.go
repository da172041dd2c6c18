// Package guest implements the host half of the mmpy ABI (abi/ABI.md): the
// imports hello, call, ret, recv and interrupt_info, the stacks of running
// hooks and pending API calls that make re-entrancy work, the hook queue that
// serializes calls from many goroutines, and hook deadlines with the
// cooperative interrupt (interrupt.go). It is engine-neutral: an engine
// adapter calls Hello/Call/Ret/Recv from its host functions with the guest's
// memory, always on the single guest goroutine that runs the module's entry
// points (engine.RunGuest).
package guest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mmpy/mmpy/abi/mmpyv1"
)

// ABIVersion is the version of abi/ABI.md this host speaks.
const ABIVersion = 1

// Error codes returned to the guest (ABI.md §6).
const (
	EFAULT    int32 = -1
	ENOFRAME  int32 = -2
	EPROTO    int32 = -3
	ESTATE    int32 = -4
	ETOOBIG   int32 = -5
	ESHUTDOWN int32 = -6
)

// DefaultMaxMessage caps one message crossing the ABI in either direction.
const DefaultMaxMessage = 64 << 20

// Memory is the part of a guest's linear memory the ABI needs. Read returns a
// view that is only valid until the guest runs again; callers copy.
type Memory interface {
	Read(offset, byteCount uint32) ([]byte, bool)
	Write(offset uint32, v []byte) bool
}

// Dispatcher runs one API method for the guest. It is called on a goroutine of
// its own so that hooks can be delivered to the guest while it waits, or on
// the guest goroutine for the methods Config.Inline names. It returns the
// serialized response or an AppError.
type Dispatcher func(ctx context.Context, method string, request []byte) ([]byte, *mmpyv1.AppError)

// Logger receives protocol problems (a guest that misuses the ABI).
type Logger func(msg string, keyvals ...any)

// Config configures an Instance.
type Config struct {
	PluginID   string
	HostVer    string
	MaxMessage int // 0 means DefaultMaxMessage
	Dispatch   Dispatcher
	Log        Logger

	// Inline tells which API methods cannot make the server run a hook of
	// this plugin before they return; Call runs those on the guest
	// goroutine itself instead of a goroutine of their own (nil: none).
	Inline func(method string) bool
}

// Instance is the host-side state of one running guest.
type Instance struct {
	cfg Config

	hooks    chan *hookCall // hook calls waiting for the guest
	ready    chan struct{}  // closed when the guest first asks for work
	dead     chan struct{}  // closed when the guest exited or trapped
	shutdown chan struct{}  // closed to ask the guest to leave its serve loop

	readyOnce    sync.Once
	shutdownOnce sync.Once
	deadOnce     sync.Once
	deadErr      error
	hello        *mmpyv1.GuestHello

	// Owned by the guest goroutine (touched only inside Hello/Call/Ret/Recv).
	pending   []byte
	running   []*hookCall
	apiWait   []chan *mmpyv1.ApiResult
	sawReady  bool
	sawHello  bool
	callerCtx context.Context
	refused   map[refusal]bool // ABI misuse already logged (once per import and code)

	// Cooperative interrupt (interrupt.go). intMu guards intr, top, armedFor
	// and the hookCalls' expired/delivered flags; it is taken by the guest
	// goroutine when the innermost running hook changes and by deadline
	// goroutines when they arm.
	intMu    sync.Mutex
	intr     *interrupter
	top      *hookCall     // innermost running hook (mirror of running[len-1])
	armedFor *hookCall     // the hook the armed exception is meant for
	wake     chan struct{} // buffered(1): an interrupt was armed (ends Sleep)
}

// refusal is one kind of ABI misuse: an import and the code it returned.
type refusal struct {
	imp  string
	code int32
}

// codeNames are the names of the error codes (ABI.md §6).
var codeNames = map[int32]string{EFAULT: "EFAULT", ENOFRAME: "ENOFRAME", EPROTO: "EPROTO", ESTATE: "ESTATE", ETOOBIG: "ETOOBIG", ESHUTDOWN: "ESHUTDOWN"}

// refuse returns code to the guest for a misuse of import imp and logs why,
// the first time this import returns this code in this instance (a guest
// that repeats the misuse in a loop cannot flood the log).
func (in *Instance) refuse(imp string, code int32, ptr, n uint32, why string) int32 {
	k := refusal{imp, code}
	if !in.refused[k] {
		if in.refused == nil {
			in.refused = map[refusal]bool{}
		}
		in.refused[k] = true
		in.cfg.Log(fmt.Sprintf("mmpy: the guest misused the ABI: %s(ptr=%#x, len=%d) refused with %s: %s (repeats of this are not logged)",
			imp, ptr, n, codeNames[code], why), "import", imp, "code", codeNames[code])
	}
	return code
}

type hookCall struct {
	name string
	req  []byte
	ctx  context.Context
	done chan *mmpyv1.HookResult // buffered(1)

	expired   bool // its deadline passed (guarded by Instance.intMu)
	delivered bool // the guest consumed the interrupt meant for it
}

// New returns an Instance. ctx is used for API calls the guest makes outside
// of any hook (for example at import time).
func New(ctx context.Context, cfg Config) *Instance {
	if cfg.MaxMessage <= 0 {
		cfg.MaxMessage = DefaultMaxMessage
	}
	if cfg.Log == nil {
		cfg.Log = func(string, ...any) {}
	}
	return &Instance{
		cfg:       cfg,
		hooks:     make(chan *hookCall),
		ready:     make(chan struct{}),
		dead:      make(chan struct{}),
		shutdown:  make(chan struct{}),
		wake:      make(chan struct{}, 1),
		callerCtx: ctx,
	}
}

// Ready is closed once the guest has said hello and asked for its first hook.
func (in *Instance) Ready() <-chan struct{} { return in.ready }

// Dead is closed when the guest is gone; Err then tells why.
func (in *Instance) Dead() <-chan struct{} { return in.dead }

// Err is the reason the guest died (nil while it runs or after a clean exit).
func (in *Instance) Err() error {
	select {
	case <-in.dead:
		return in.deadErr
	default:
		return nil
	}
}

// GuestHello is what the guest announced (nil before Ready).
func (in *Instance) GuestHello() *mmpyv1.GuestHello {
	select {
	case <-in.ready:
		return in.hello
	default:
		return nil
	}
}

// MarkDead records that the guest exited or trapped. Pending and future hook
// calls fail with err. It is safe to call more than once; the first wins.
func (in *Instance) MarkDead(err error) {
	in.deadOnce.Do(func() {
		if err == nil {
			err = ErrExited
		}
		in.deadErr = err
		close(in.dead)
	})
}

// Shutdown asks the guest to leave its serve loop once no hook is running.
func (in *Instance) Shutdown() {
	in.shutdownOnce.Do(func() { close(in.shutdown) })
}

// ErrExited is the death reason of a guest that left its serve loop normally.
var ErrExited = errors.New("guest exited")

// CallHook delivers one hook call to the guest and waits for its result. It
// is safe for concurrent use; calls are delivered one at a time in arrival
// order, including while the guest waits in an API call (re-entrancy). It has
// no deadline; see CallHookLimits.
func (in *Instance) CallHook(ctx context.Context, name string, req []byte) (*mmpyv1.HookResult, error) {
	return in.CallHookLimits(ctx, name, req, Limits{})
}

// Limits bound one hook call. Zero Deadline means none.
type Limits struct {
	// Deadline counts from the call, queueing included. When it passes, a
	// delivered hook is interrupted cooperatively (DeadlineExceeded in the
	// guest) and the call keeps waiting up to Grace for the guest's answer.
	Deadline time.Duration
	// Grace is how long an interrupted hook may take to come back.
	Grace time.Duration
	// OnStuck is called (once, on the caller's goroutine) when the guest did
	// not answer within Grace after the interrupt: the instance is unusable.
	OnStuck func(err *DeadlineError)
}

// DeadlineError is returned when a hook call's deadline passed without an
// answer from the guest.
type DeadlineError struct {
	PluginID, Hook string
	Deadline       time.Duration
	// Queued: the hook was never delivered (the guest was busy throughout).
	Queued bool
	// Stuck: the hook was still the innermost running hook when the grace
	// period (Grace) after the interrupt ran out: the guest does not come
	// back and the instance must be abandoned. (Not stuck: a nested hook,
	// with its own deadline, was running above it.)
	Stuck bool
	Grace time.Duration
	// Interruptible: the guest had announced its interrupt target.
	Interruptible bool
}

func (e *DeadlineError) Error() string {
	switch {
	case e.Queued:
		return fmt.Sprintf("plugin %s: hook %s: deadline of %s passed while waiting for the guest (busy with another hook)", e.PluginID, e.Hook, e.Deadline)
	case !e.Stuck:
		return fmt.Sprintf("plugin %s: hook %s: deadline of %s passed and it did not answer within %s more (a nested hook was still running above it)", e.PluginID, e.Hook, e.Deadline, e.Grace)
	case !e.Interruptible:
		return fmt.Sprintf("plugin %s: hook %s: deadline of %s passed and the guest cannot be interrupted (no interrupt_info); it did not answer within %s more", e.PluginID, e.Hook, e.Deadline, e.Grace)
	default:
		return fmt.Sprintf("plugin %s: hook %s: deadline of %s passed and the interrupted guest did not answer within %s (stuck outside Python bytecode, or it swallowed DeadlineExceeded)", e.PluginID, e.Hook, e.Deadline, e.Grace)
	}
}

// Interruptible reports whether the guest announced its interrupt target.
func (in *Instance) Interruptible() bool {
	in.intMu.Lock()
	defer in.intMu.Unlock()
	return in.intr != nil
}

// CallHookLimits is CallHook with a deadline (see Limits).
func (in *Instance) CallHookLimits(ctx context.Context, name string, req []byte, lim Limits) (*mmpyv1.HookResult, error) {
	var expire <-chan time.Time
	if lim.Deadline > 0 {
		t := time.NewTimer(lim.Deadline)
		defer t.Stop()
		expire = t.C
	}
	select {
	case <-in.ready:
	case <-in.dead:
		return nil, in.deathError(name)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if len(req) > in.cfg.MaxMessage-1024 {
		return nil, fmt.Errorf("plugin %s: hook %s: request of %d bytes exceeds the ABI message cap of %d bytes",
			in.cfg.PluginID, name, len(req), in.cfg.MaxMessage)
	}
	hc := &hookCall{name: name, req: req, ctx: ctx, done: make(chan *mmpyv1.HookResult, 1)}
	select {
	case in.hooks <- hc:
	case <-in.dead:
		return nil, in.deathError(name)
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-expire:
		return nil, &DeadlineError{PluginID: in.cfg.PluginID, Hook: name, Deadline: lim.Deadline, Queued: true, Interruptible: in.Interruptible()}
	}
	select {
	case r := <-hc.done:
		return r, nil
	case <-in.dead:
		return nil, in.deathError(name)
	case <-expire:
	}
	// Deadline passed: interrupt the hook (now, or when it is the innermost
	// running hook again) and give it Grace to come back.
	in.expire(hc)
	grace := time.NewTimer(lim.Grace)
	defer grace.Stop()
	nudge := time.NewTicker(20 * time.Millisecond)
	defer nudge.Stop()
	for {
		select {
		case r := <-hc.done:
			return r, nil
		case <-in.dead:
			return nil, in.deathError(name)
		case <-nudge.C:
			in.nudge(hc)
		case <-grace.C:
			in.intMu.Lock()
			stuck := in.top == hc // still the innermost hook: the guest itself does not come back
			in.intMu.Unlock()
			err := &DeadlineError{PluginID: in.cfg.PluginID, Hook: name, Deadline: lim.Deadline, Stuck: stuck, Grace: lim.Grace, Interruptible: in.Interruptible()}
			if stuck && lim.OnStuck != nil {
				lim.OnStuck(err)
			}
			return nil, err
		}
	}
}

// expire marks hc as past its deadline and arms the interrupt if hc is the
// innermost running hook (otherwise setTop arms it when it becomes so).
func (in *Instance) expire(hc *hookCall) {
	in.intMu.Lock()
	defer in.intMu.Unlock()
	hc.expired = true
	if in.top == hc && in.armedFor == nil && !hc.delivered && in.intr != nil {
		in.armLocked(hc)
	}
}

// InterruptStartup raises DeadlineExceeded in a guest that has not become
// ready (stuck at import, before its hello): it reports whether the
// interrupt could be armed. The instance is being given up, so no hook
// bookkeeping is kept; call NudgeStartup until the guest is dead.
func (in *Instance) InterruptStartup() bool {
	in.intMu.Lock()
	defer in.intMu.Unlock()
	return in.intr != nil && in.intr.arm()
}

// NudgeStartup re-sets the interrupt bit of InterruptStartup while the
// exception is still pending.
func (in *Instance) NudgeStartup() {
	in.intMu.Lock()
	defer in.intMu.Unlock()
	if in.intr != nil {
		in.intr.nudge()
	}
}

func (in *Instance) armLocked(hc *hookCall) {
	if in.intr.arm() {
		in.armedFor = hc
		select {
		case in.wake <- struct{}{}:
		default:
		}
	}
}

// Sleep is the guest's nanosleep (WASI poll_oneoff on a clock): it sleeps d,
// but returns early when an interrupt is armed, so that time.sleep in a hook
// past its deadline ends and DeadlineExceeded is raised right after it.
func (in *Instance) Sleep(d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			return
		case <-in.dead: // abandoned or stopping: let the guest reach its end
			return
		case <-in.wake:
			in.intMu.Lock()
			pending := in.armedFor != nil && in.intr != nil && in.intr.pending()
			in.intMu.Unlock()
			if pending {
				return
			}
		}
	}
}

func (in *Instance) nudge(hc *hookCall) {
	in.intMu.Lock()
	defer in.intMu.Unlock()
	if in.armedFor == hc && in.intr != nil {
		in.intr.nudge()
	}
}

// setTop records the innermost running hook. Called by the guest goroutine
// (inside an import, so the guest is not running) whenever it changes: an
// interrupt armed for another hook is withdrawn (or recorded as delivered),
// and one is armed for top if its deadline already passed.
func (in *Instance) setTop(top *hookCall) {
	in.intMu.Lock()
	defer in.intMu.Unlock()
	if in.armedFor != nil && in.armedFor != top {
		if in.intr == nil || !in.intr.disarm() {
			in.armedFor.delivered = true
		}
		in.armedFor = nil
	}
	in.top = top
	select {
	case <-in.wake: // a wake-up for another hook's interrupt is stale now
	default:
	}
	if top != nil && top.expired && !top.delivered && in.armedFor == nil && in.intr != nil {
		in.armLocked(top)
	}
}

// InterruptInfo implements import interrupt_info(ptr, len) -> 0 | code: the
// guest announces its interrupt target (abi/ABI.md §3.1). words is the
// guest memory as seen from other goroutines; nil when the engine cannot
// offer a memory that never moves, and then the guest is told ESTATE and
// stays uninterruptible.
func (in *Instance) InterruptInfo(mem Memory, words *WordMemory, ptr, n uint32) int32 {
	if n != InterruptInfoSize {
		return in.refuse("interrupt_info", EPROTO, ptr, n, fmt.Sprintf("its length must be %d bytes", InterruptInfoSize))
	}
	b, code := in.read("interrupt_info", mem, ptr, n)
	if code != 0 {
		return code
	}
	ii, err := DecodeInterruptInfo(b)
	if err != nil {
		return in.refuse("interrupt_info", EPROTO, ptr, n, err.Error()+"; hooks cannot be interrupted")
	}
	if words == nil {
		in.cfg.Log("mmpy: this engine's guest memory can move; hooks cannot be interrupted cooperatively")
		return ESTATE
	}
	if _, ok := words.Load32(ii.EvalBreaker); !ok {
		return in.refuse("interrupt_info", EFAULT, ptr, n, fmt.Sprintf("eval_breaker %#x is outside guest memory", ii.EvalBreaker))
	}
	if _, ok := words.Load32(ii.AsyncExc); !ok {
		return in.refuse("interrupt_info", EFAULT, ptr, n, fmt.Sprintf("async_exc %#x is outside guest memory", ii.AsyncExc))
	}
	in.intMu.Lock()
	in.intr = &interrupter{mem: words, info: ii}
	in.armedFor = nil
	in.intMu.Unlock()
	return 0
}

func (in *Instance) deathError(hook string) error {
	return fmt.Errorf("plugin %s: hook %s: %w", in.cfg.PluginID, hook, in.deadErr)
}

// read copies [ptr, ptr+n) out of guest memory for import imp.
func (in *Instance) read(imp string, mem Memory, ptr, n uint32) ([]byte, int32) {
	if int64(n) > int64(in.cfg.MaxMessage) {
		return nil, in.refuse(imp, ETOOBIG, ptr, n, fmt.Sprintf("the length exceeds the message cap of %d bytes", in.cfg.MaxMessage))
	}
	view, ok := mem.Read(ptr, n)
	if !ok {
		return nil, in.refuse(imp, EFAULT, ptr, n, "the range is outside guest memory")
	}
	return append([]byte(nil), view...), 0
}

func (in *Instance) setPending(msg proto.Message) int32 {
	b, err := proto.Marshal(msg)
	if err != nil {
		in.cfg.Log("mmpy: cannot encode frame for guest", "error", err)
		return EPROTO
	}
	if len(b) > in.cfg.MaxMessage {
		in.cfg.Log("mmpy: frame for guest exceeds message cap", "bytes", len(b), "cap", in.cfg.MaxMessage)
		return ETOOBIG
	}
	if in.pending != nil {
		in.cfg.Log("mmpy: guest dropped a pending reply without recv")
	}
	in.pending = b
	return int32(len(b))
}

// Hello implements import hello(ptr, len) -> n.
func (in *Instance) Hello(mem Memory, ptr, n uint32) int32 {
	if in.sawHello {
		return in.refuse("hello", ESTATE, ptr, n, "hello was already accepted")
	}
	b, code := in.read("hello", mem, ptr, n)
	if code != 0 {
		return code
	}
	var h mmpyv1.GuestHello
	if err := proto.Unmarshal(b, &h); err != nil {
		return in.refuse("hello", EPROTO, ptr, n, "not a GuestHello protobuf: "+err.Error())
	}
	in.sawHello = true
	in.hello = &h
	reply := &mmpyv1.HostHello{AbiVersion: ABIVersion, Accepted: true, HostVersion: in.cfg.HostVer, PluginId: in.cfg.PluginID}
	if h.AbiVersion != ABIVersion {
		reply.Accepted = false
		reply.Error = fmt.Sprintf("plugin %s speaks mmpy ABI v%d but this host speaks v%d: "+
			"rebuild the plugin bundle with an mmpy release for ABI v%d, or upgrade the host",
			in.cfg.PluginID, h.AbiVersion, ABIVersion, ABIVersion)
		in.MarkDead(errors.New(reply.Error))
	}
	return in.setPending(reply)
}

// Recv implements import recv(ptr, len) -> n.
func (in *Instance) Recv(mem Memory, ptr, n uint32) int32 {
	if in.pending == nil {
		return in.refuse("recv", ENOFRAME, ptr, n, "no reply is pending")
	}
	if int(n) != len(in.pending) {
		return in.refuse("recv", ESTATE, ptr, n, fmt.Sprintf("the pending reply is %d bytes", len(in.pending)))
	}
	if !mem.Write(ptr, in.pending) {
		return in.refuse("recv", EFAULT, ptr, n, "the buffer is outside guest memory")
	}
	in.pending = nil
	return int32(n)
}

// Call implements import call(ptr, len) -> n. It starts the API method on a
// goroutine and waits for either its result or a hook to run meanwhile.
func (in *Instance) Call(mem Memory, ptr, n uint32) int32 {
	if !in.sawReady {
		// API calls before the serve loop starts (e.g. at import time) are
		// allowed; they simply cannot be interleaved with hooks.
		if !in.sawHello {
			return in.refuse("call", ESTATE, ptr, n, "call before hello")
		}
	}
	b, code := in.read("call", mem, ptr, n)
	if code != 0 {
		return code
	}
	var c mmpyv1.ApiCall
	if err := proto.Unmarshal(b, &c); err != nil {
		return in.refuse("call", EPROTO, ptr, n, "not an ApiCall protobuf: "+err.Error())
	}
	ctx := in.callerCtx
	if k := len(in.running); k > 0 {
		ctx = in.running[k-1].ctx
	}
	if in.cfg.Inline != nil && in.cfg.Inline(c.Method) {
		// Cannot re-enter the plugin: nothing can need the guest until it
		// returns, so run it here (no goroutine, channel or thread wake-up).
		resp, appErr := in.dispatch(ctx, c.Method, c.Request)
		return in.setResult(&mmpyv1.ApiResult{Response: resp, Error: appErr})
	}
	ch := make(chan *mmpyv1.ApiResult, 1)
	in.apiWait = append(in.apiWait, ch)
	go func() {
		resp, appErr := in.dispatch(ctx, c.Method, c.Request)
		ch <- &mmpyv1.ApiResult{Response: resp, Error: appErr}
	}()
	return in.next()
}

func (in *Instance) dispatch(ctx context.Context, method string, req []byte) (resp []byte, appErr *mmpyv1.AppError) {
	defer func() {
		if r := recover(); r != nil {
			resp = nil
			appErr = &mmpyv1.AppError{
				Id:         "mmpy.api.panic",
				Message:    fmt.Sprintf("API method %s panicked in the host: %v", method, r),
				StatusCode: 500,
			}
		}
	}()
	if in.cfg.Dispatch == nil {
		return nil, &mmpyv1.AppError{Id: "mmpy.api.unavailable", Message: "no API is attached to this plugin host", StatusCode: 503}
	}
	return in.cfg.Dispatch(ctx, method, req)
}

// Ret implements import ret(ptr, len) -> n.
func (in *Instance) Ret(mem Memory, ptr, n uint32) int32 {
	if !in.sawHello {
		return in.refuse("ret", ESTATE, ptr, n, "ret before hello")
	}
	b, code := in.read("ret", mem, ptr, n)
	if code != 0 {
		return code
	}
	var r mmpyv1.HookResult
	if err := proto.Unmarshal(b, &r); err != nil {
		return in.refuse("ret", EPROTO, ptr, n, "not a HookResult protobuf: "+err.Error())
	}
	switch {
	case !in.sawReady:
		if len(in.apiWait) != 0 {
			return in.refuse("ret", ESTATE, ptr, n, "ready while API calls are pending")
		}
		in.sawReady = true
		in.readyOnce.Do(func() { close(in.ready) })
	case len(in.running) == 0:
		return in.refuse("ret", ESTATE, ptr, n, "no hook is running")
	default:
		k := len(in.running) - 1
		hc := in.running[k]
		in.running = in.running[:k]
		if k > 0 {
			in.setTop(in.running[k-1])
		} else {
			in.setTop(nil)
		}
		// A hook must finish before the API call it interrupted resumes:
		// the stacks are LIFO, so the innermost hook is always the one that
		// belongs above the innermost pending API call.
		hc.done <- &r
	}
	return in.next()
}

// next blocks until there is something for the guest to do and makes it the
// pending reply.
func (in *Instance) next() int32 {
	if k := len(in.apiWait); k > 0 {
		select {
		case r := <-in.apiWait[k-1]:
			in.apiWait = in.apiWait[:k-1]
			return in.setResult(r)
		case hc := <-in.hooks:
			return in.startHook(hc)
		case <-in.dead:
			return ESHUTDOWN
		}
	}
	select {
	case hc := <-in.hooks:
		return in.startHook(hc)
	case <-in.shutdown:
		return in.setPending(&mmpyv1.HostFrame{Frame: &mmpyv1.HostFrame_Shutdown{Shutdown: &mmpyv1.Shutdown{Reason: "plugin is being stopped"}}})
	case <-in.dead:
		return ESHUTDOWN
	}
}

// setResult makes the API result r the pending reply (an error if it
// exceeds the message cap).
func (in *Instance) setResult(r *mmpyv1.ApiResult) int32 {
	if n := proto.Size(r); n > in.cfg.MaxMessage-1024 {
		r = &mmpyv1.ApiResult{Error: &mmpyv1.AppError{
			Id:         "mmpy.api.too_large",
			Message:    fmt.Sprintf("API result of %d bytes exceeds the ABI message cap of %d bytes", n, in.cfg.MaxMessage),
			StatusCode: 413,
		}}
	}
	return in.setPending(&mmpyv1.HostFrame{Frame: &mmpyv1.HostFrame_ApiResult{ApiResult: r}})
}

func (in *Instance) startHook(hc *hookCall) int32 {
	select {
	case <-in.dead:
		// Dead (abandoned) while the call was being handed over: it is not
		// delivered; its caller sees the death.
		return ESHUTDOWN
	default:
	}
	in.running = append(in.running, hc)
	in.setTop(hc)
	return in.setPending(&mmpyv1.HostFrame{Frame: &mmpyv1.HostFrame_Hook{Hook: &mmpyv1.HookCall{Hook: hc.name, Request: hc.req}}})
}

// Resumption is what an instance learned from its guest before the guest
// paused after its hello (to be snapshotted, see engine.Snapshot): an
// instance started from that snapshot has the same guest memory but never
// sees these imports, so Resume replays their effect.
type Resumption struct {
	Hello *mmpyv1.GuestHello
	// Interrupt is the announced interrupt target (nil: none was accepted).
	Interrupt *InterruptInfo
}

// Paused returns the Resumption of a guest that paused before becoming
// ready, with no reply pending and no API call in flight: after its hello
// when hello is true (a guest's mmpy_plugin export returned), before it when
// false (mmpy_init returned).
func (in *Instance) Paused(hello bool) (Resumption, error) {
	switch {
	case hello && (!in.sawHello || in.hello == nil):
		return Resumption{}, errors.New("the guest paused before its hello")
	case !hello && in.sawHello:
		return Resumption{}, errors.New("the guest said hello before its plugin ran")
	case in.sawReady:
		return Resumption{}, errors.New("the guest paused after it became ready")
	case in.pending != nil || len(in.apiWait) != 0 || len(in.running) != 0:
		return Resumption{}, errors.New("the guest paused with a message in flight")
	}
	var r Resumption
	if hello {
		r.Hello = proto.Clone(in.hello).(*mmpyv1.GuestHello)
	}
	in.intMu.Lock()
	if in.intr != nil {
		ii := in.intr.info
		r.Interrupt = &ii
	}
	in.intMu.Unlock()
	return r, nil
}

// Resume puts a fresh instance in the state r describes, as if its guest had
// announced r.Interrupt and said r.Hello, if any (its HostHello reply is
// already in the restored memory). words is the new guest's memory as seen
// from other goroutines (nil: the engine cannot offer one; hooks are then
// not interruptible).
func (in *Instance) Resume(r Resumption, words *WordMemory) error {
	if in.sawHello {
		return errors.New("resume: the guest already said hello")
	}
	if r.Interrupt != nil && words != nil {
		if _, ok := words.Load32(r.Interrupt.EvalBreaker); !ok {
			return fmt.Errorf("resume: eval_breaker %#x is outside guest memory", r.Interrupt.EvalBreaker)
		}
		if _, ok := words.Load32(r.Interrupt.AsyncExc); !ok {
			return fmt.Errorf("resume: async_exc %#x is outside guest memory", r.Interrupt.AsyncExc)
		}
		in.intMu.Lock()
		in.intr = &interrupter{mem: words, info: *r.Interrupt}
		in.armedFor = nil
		in.intMu.Unlock()
	}
	if r.Hello != nil {
		in.sawHello = true
		in.hello = proto.Clone(r.Hello).(*mmpyv1.GuestHello)
	}
	return nil
}
