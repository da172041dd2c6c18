// Package guest implements the host half of the mmpy ABI (abi/ABI.md): the
// four imports hello, call, ret and recv, the stacks of running hooks and
// pending API calls that make re-entrancy work, and the hook queue that
// serializes calls from many goroutines. It is engine-neutral: an engine
// adapter calls Hello/Call/Ret/Recv from its host functions with the guest's
// memory, always on the single guest goroutine that runs the module's _start.
package guest

import (
	"context"
	"errors"
	"fmt"
	"sync"

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
// its own so that hooks can be delivered to the guest while it waits. It
// returns the serialized response or an AppError.
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
}

type hookCall struct {
	name string
	req  []byte
	ctx  context.Context
	done chan *mmpyv1.HookResult // buffered(1)
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
// order, including while the guest waits in an API call (re-entrancy).
func (in *Instance) CallHook(ctx context.Context, name string, req []byte) (*mmpyv1.HookResult, error) {
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
	}
	select {
	case r := <-hc.done:
		return r, nil
	case <-in.dead:
		return nil, in.deathError(name)
	}
}

func (in *Instance) deathError(hook string) error {
	return fmt.Errorf("plugin %s: hook %s: %w", in.cfg.PluginID, hook, in.deadErr)
}

// read copies [ptr, ptr+n) out of guest memory.
func (in *Instance) read(mem Memory, ptr, n uint32) ([]byte, int32) {
	if int64(n) > int64(in.cfg.MaxMessage) {
		return nil, ETOOBIG
	}
	view, ok := mem.Read(ptr, n)
	if !ok {
		return nil, EFAULT
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
		return ESTATE
	}
	b, code := in.read(mem, ptr, n)
	if code != 0 {
		return code
	}
	var h mmpyv1.GuestHello
	if err := proto.Unmarshal(b, &h); err != nil {
		return EPROTO
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
		return ENOFRAME
	}
	if int(n) != len(in.pending) {
		return ESTATE
	}
	if !mem.Write(ptr, in.pending) {
		return EFAULT
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
			return ESTATE
		}
	}
	b, code := in.read(mem, ptr, n)
	if code != 0 {
		return code
	}
	var c mmpyv1.ApiCall
	if err := proto.Unmarshal(b, &c); err != nil {
		return EPROTO
	}
	ctx := in.callerCtx
	if k := len(in.running); k > 0 {
		ctx = in.running[k-1].ctx
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
		return ESTATE
	}
	b, code := in.read(mem, ptr, n)
	if code != 0 {
		return code
	}
	var r mmpyv1.HookResult
	if err := proto.Unmarshal(b, &r); err != nil {
		return EPROTO
	}
	switch {
	case !in.sawReady:
		if len(in.apiWait) != 0 {
			return ESTATE
		}
		in.sawReady = true
		in.readyOnce.Do(func() { close(in.ready) })
	case len(in.running) == 0:
		return ESTATE
	default:
		k := len(in.running) - 1
		hc := in.running[k]
		in.running = in.running[:k]
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
			if proto.Size(r) > in.cfg.MaxMessage-1024 {
				r = &mmpyv1.ApiResult{Error: &mmpyv1.AppError{
					Id:         "mmpy.api.too_large",
					Message:    fmt.Sprintf("API result of %d bytes exceeds the ABI message cap of %d bytes", proto.Size(r), in.cfg.MaxMessage),
					StatusCode: 413,
				}}
			}
			return in.setPending(&mmpyv1.HostFrame{Frame: &mmpyv1.HostFrame_ApiResult{ApiResult: r}})
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

func (in *Instance) startHook(hc *hookCall) int32 {
	in.running = append(in.running, hc)
	return in.setPending(&mmpyv1.HostFrame{Frame: &mmpyv1.HostFrame_Hook{Hook: &mmpyv1.HookCall{Hook: hc.name, Request: hc.req}}})
}
