//go:build wasmtime && cgo

package wasmtimeengine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/bytecodealliance/wasmtime-go/v39"

	"github.com/mmpy/mmpy/host/internal/engine"
	"github.com/mmpy/mmpy/wasi"
)

// The scratch directory (wasi.Policy.Scratch) is a preopen like the other
// mounts; wasmtime's WASI (cap-std) keeps every path and symlink inside it.
// Its byte quota needs hooks that wasmtime's WASI does not have, so an
// instance with a quota is linked against Go functions that shadow the WASI
// preview 1 calls able to grow the directory. Each checks the quota and then
// calls wasmtime's own implementation.
//
// wasmtime's WASI functions find guest memory through their caller's
// "memory" export, so they cannot be called from Go directly (the caller
// would be the host, which has no memory). They are called through a
// trampoline: a tiny module that imports a memory and the original WASI
// functions (from a linker with nothing but WASI) and re-exports both. It is
// instantiated twice per store: over the guest's memory (to delegate the
// guest's calls) and over a private page (for the host's own queries: file
// sizes, offsets, whether a path exists, which preopen is the scratch
// directory).
//
// The usage estimate grows with every write, creation and extension, and is
// never lowered by deletions; when an operation would pass the quota, the
// directory is measured again (file sizes plus wasi.ScratchEntryCost per
// entry) before the operation is refused.

// trampolined lists the WASI functions the trampoline re-exports, with their
// parameter types ('i' i32, 'I' i64); all return an errno (i32).
var trampolined = []struct{ name, params string }{
	{"fd_write", "iiii"},
	{"fd_pwrite", "iiiIi"},
	{"fd_allocate", "iII"},
	{"fd_filestat_set_size", "iI"},
	{"path_open", "iiiiiIIii"},
	{"path_create_directory", "iii"},
	{"fd_close", "i"},
	{"fd_renumber", "ii"},
	{"fd_fdstat_set_flags", "ii"},
	{"fd_filestat_get", "ii"},
	{"fd_tell", "ii"},
	{"path_filestat_get", "iiiii"},
	{"fd_prestat_get", "ii"},
	{"fd_prestat_dir_name", "iii"},
}

// shadowed are the trampolined functions the guest of a store with a quota
// calls through Go.
var shadowed = map[string]func(sc *scratchState, c *wasmtime.Caller, mem memView, args []wasmtime.Val) (int32, *wasmtime.Trap){
	"fd_write":              (*scratchState).fdWrite,
	"fd_pwrite":             (*scratchState).fdPwrite,
	"fd_allocate":           (*scratchState).fdAllocate,
	"fd_filestat_set_size":  (*scratchState).fdFilestatSetSize,
	"path_open":             (*scratchState).pathOpen,
	"path_create_directory": (*scratchState).pathCreateDirectory,
	"fd_close":              (*scratchState).fdClose,
	"fd_renumber":           (*scratchState).fdRenumber,
	"fd_fdstat_set_flags":   (*scratchState).fdFdstatSetFlags,
}

// WASI preview 1 values used here.
const (
	errnoBadf        = 8
	errnoIO          = 29
	errnoNameTooLong = 37
	errnoPerm        = 63

	oflagCreat   = 1
	fdflagAppend = 1

	maxPath = 4096
)

// Layout of the private page.
const (
	privFilestat = 0   // filestat (64 bytes): size at +32
	privTell     = 96  // u64
	privPrestat  = 112 // prestat (8 bytes): name length at +4
	privPath     = 128 // a path of up to maxPath bytes
)

func valType(k byte) *wasmtime.ValType {
	if k == 'I' {
		return wasmtime.NewValType(wasmtime.KindI64)
	}
	return wasmtime.NewValType(wasmtime.KindI32)
}

func funcType(params string) *wasmtime.FuncType {
	ps := make([]*wasmtime.ValType, len(params))
	for i := range params {
		ps[i] = valType(params[i])
	}
	return wasmtime.NewFuncType(ps, []*wasmtime.ValType{wasmtime.NewValType(wasmtime.KindI32)})
}

// trampolineWAT is the text of the trampoline module.
func trampolineWAT() string {
	var b strings.Builder
	b.WriteString("(module\n  (import \"env\" \"memory\" (memory 0))\n")
	sig := func(params string) string {
		s := "(param"
		for i := range params {
			s += map[byte]string{'i': " i32", 'I': " i64"}[params[i]]
		}
		return s + ") (result i32)"
	}
	for _, f := range trampolined {
		fmt.Fprintf(&b, "  (import %q %q (func $%s %s))\n", wasip1, f.name, f.name, sig(f.params))
	}
	b.WriteString("  (export \"memory\" (memory 0))\n")
	for _, f := range trampolined {
		fmt.Fprintf(&b, "  (func (export %q) %s", f.name, sig(f.params))
		for i := range f.params {
			fmt.Fprintf(&b, " (local.get %d)", i)
		}
		fmt.Fprintf(&b, " (call $%s))\n", f.name)
	}
	b.WriteString(")\n")
	return b.String()
}

// defineScratchShadows defines, in l, the Go functions that enforce the
// scratch quota in place of wasmtime's.
func defineScratchShadows(l *wasmtime.Linker) error {
	for _, f := range trampolined {
		impl := shadowed[f.name]
		if impl == nil {
			continue
		}
		name := f.name
		err := l.FuncNew(wasip1, name, funcType(f.params), func(c *wasmtime.Caller, args []wasmtime.Val) ([]wasmtime.Val, *wasmtime.Trap) {
			rs, mem := state(c)
			if rs == nil || rs.scratch == nil || mem == nil {
				return errno(errnoBadf), nil
			}
			e, trap := impl(rs.scratch, c, mem, args)
			if trap != nil {
				return nil, trap
			}
			return errno(e), nil
		})
		if err != nil {
			return fmt.Errorf("define %s: %w", name, err)
		}
	}
	return nil
}

// refuseLinks makes path_symlink and path_link fail with EPERM: the guest
// cannot make links (wasi.Policy), as on the wazero engine.
func refuseLinks(l *wasmtime.Linker) error {
	refuse := func(*wasmtime.Caller, []wasmtime.Val) ([]wasmtime.Val, *wasmtime.Trap) {
		return errno(errnoPerm), nil
	}
	if err := l.FuncNew(wasip1, "path_symlink", funcType("iiiii"), refuse); err != nil {
		return fmt.Errorf("define path_symlink: %w", err)
	}
	if err := l.FuncNew(wasip1, "path_link", funcType("iiiiiii"), refuse); err != nil {
		return fmt.Errorf("define path_link: %w", err)
	}
	return nil
}

// scratchState is the quota bookkeeping of one instance.
type scratchState struct {
	q     *scratchQuota
	guest string       // guest path of the scratch directory
	warn  func(string) // tells the plugin's log why a write failed
	last  time.Time    // of the last warning

	// fds are the open descriptors under the scratch directory (its
	// preopen, and files and directories opened through them).
	fds map[int32]bool
	// appends are those of fds in append mode (tracked here: asking
	// wasmtime costs a blocking call per write).
	appends map[int32]bool

	g, p map[string]*wasmtime.Func // the trampoline over guest memory / the private page
	priv *wasmtime.Memory
}

// setupScratch instantiates the trampolines in store (after the guest, whose
// memory they use) and finds the scratch directory's preopen.
func (m *wtModule) setupScratch(store *wasmtime.Store, guestInst *wasmtime.Instance, sc *scratchState) error {
	ext := guestInst.GetExport(store, "memory")
	if ext == nil || ext.Memory() == nil {
		return errors.New("guest module exports no memory: it must be a WASI command module (abi/ABI.md §1)")
	}
	mt, err := wasmtime.NewMemoryType(1, false, 0, false)
	if err != nil {
		return err
	}
	if sc.priv, err = wasmtime.NewMemory(store, mt); err != nil {
		return fmt.Errorf("scratch quota: %w", err)
	}
	funcs := make([]wasmtime.AsExtern, 0, len(trampolined))
	for _, f := range trampolined {
		ext := m.e.wasiLinker.Get(store, wasip1, f.name)
		if ext == nil || ext.Func() == nil {
			return fmt.Errorf("scratch quota: wasmtime's WASI has no %s", f.name)
		}
		funcs = append(funcs, ext.Func())
	}
	inst := func(mem *wasmtime.Memory) (map[string]*wasmtime.Func, error) {
		in, err := wasmtime.NewInstance(store, m.e.trampoline, append([]wasmtime.AsExtern{mem}, funcs...))
		if err != nil {
			return nil, fmt.Errorf("scratch quota: instantiate the WASI trampoline: %w", err)
		}
		out := make(map[string]*wasmtime.Func, len(trampolined))
		for _, f := range trampolined {
			out[f.name] = in.GetFunc(store, f.name)
		}
		return out, nil
	}
	if sc.g, err = inst(ext.Memory()); err != nil {
		return err
	}
	if sc.p, err = inst(sc.priv); err != nil {
		return err
	}
	// The preopens follow stdin, stdout and stderr; the scratch directory
	// is the one named after its guest path.
	le := binary.LittleEndian
	for fd := int32(3); ; fd++ {
		if e, err := callStore(store, sc.p["fd_prestat_get"], fd, int32(privPrestat)); err != nil {
			return err
		} else if e != 0 {
			return fmt.Errorf("scratch quota: no preopen is named %s", sc.guest)
		}
		pm := sc.priv.UnsafeData(store)
		n := le.Uint32(pm[privPrestat+4:])
		if n > maxPath {
			continue
		}
		if e, err := callStore(store, sc.p["fd_prestat_dir_name"], fd, int32(privPath), int32(n)); err != nil {
			return err
		} else if e == 0 && string(sc.priv.UnsafeData(store)[privPath:privPath+n]) == sc.guest {
			sc.fds[fd] = true
			return nil
		}
	}
}

func callStore(store wasmtime.Storelike, f *wasmtime.Func, args ...interface{}) (int32, error) {
	r, err := f.Call(store, args...)
	if err != nil {
		return 0, err
	}
	return r.(int32), nil
}

// call calls a trampoline function from a host function.
func call(c *wasmtime.Caller, f *wasmtime.Func, args ...interface{}) (int32, *wasmtime.Trap) {
	r, err := f.Call(c, args...)
	if err != nil {
		var trap *wasmtime.Trap
		if errors.As(err, &trap) {
			return 0, trap
		}
		return 0, wasmtime.NewTrap(err.Error())
	}
	return r.(int32), nil
}

// delegate passes the guest's call on to wasmtime's implementation.
func (sc *scratchState) delegate(c *wasmtime.Caller, name string, args []wasmtime.Val) (int32, *wasmtime.Trap) {
	in := make([]interface{}, len(args))
	for i, a := range args {
		in[i] = a.Get()
	}
	return call(c, sc.g[name], in...)
}

// full reports an operation refused by the quota: EIO, as on the wazero
// engine, and a notice in the plugin's log (rate-limited).
func (sc *scratchState) full() int32 {
	if now := time.Now(); sc.warn != nil && now.Sub(sc.last) >= quotaWarnEvery {
		sc.last = now
		sc.warn(fmt.Sprintf("mmpy: a write to %s was refused: its quota of %d bytes is used up "+
			"(the write fails with EIO); delete files there or ask the administrator for a larger scratch quota",
			sc.guest, sc.q.limit))
	}
	return errnoIO
}

// quotaWarnEvery rate-limits the quota warning.
const quotaWarnEvery = 10 * time.Second

// size returns the size of an open file.
func (sc *scratchState) size(c *wasmtime.Caller, fd int32) (int64, int32, *wasmtime.Trap) {
	e, trap := call(c, sc.p["fd_filestat_get"], fd, int32(privFilestat))
	if trap != nil || e != 0 {
		return 0, e, trap
	}
	return int64(binary.LittleEndian.Uint64(sc.priv.UnsafeData(c)[privFilestat+32:])), 0, nil
}

// offset returns where a write to fd without an offset lands.
func (sc *scratchState) offset(c *wasmtime.Caller, fd int32, size int64) (int64, int32, *wasmtime.Trap) {
	if sc.appends[fd] {
		return size, 0, nil
	}
	e, trap := call(c, sc.p["fd_tell"], fd, int32(privTell))
	if trap != nil || e != 0 {
		return 0, e, trap
	}
	return int64(binary.LittleEndian.Uint64(sc.priv.UnsafeData(c)[privTell:])), 0, nil
}

func (sc *scratchState) fdWrite(c *wasmtime.Caller, mem memView, args []wasmtime.Val) (int32, *wasmtime.Trap) {
	return sc.write(c, mem, "fd_write", args, -1)
}

func (sc *scratchState) fdPwrite(c *wasmtime.Caller, mem memView, args []wasmtime.Val) (int32, *wasmtime.Trap) {
	off := args[3].I64()
	if off < 0 {
		return sc.delegate(c, "fd_pwrite", args) // EINVAL
	}
	return sc.write(c, mem, "fd_pwrite", args, off)
}

// write handles fd_write and fd_pwrite (args: fd, iovs, iovs_len, [offset,]
// nwritten): a write that would pass the quota is cut short, and a write of
// which nothing fits fails with EIO. A sparse file counts in full.
func (sc *scratchState) write(c *wasmtime.Caller, mem memView, name string, args []wasmtime.Val, off int64) (int32, *wasmtime.Trap) {
	fd := args[0].I32()
	if !sc.fds[fd] {
		return sc.delegate(c, name, args)
	}
	iovs, n := uint32(args[1].I32()), uint32(args[2].I32())
	le := binary.LittleEndian
	vec, ok := mem.Read(iovs, n*8)
	if !ok || uint64(n)*8 > uint64(len(mem)) {
		return sc.delegate(c, name, args) // EFAULT
	}
	var total int64
	for i := uint32(0); i < n; i++ {
		total += int64(le.Uint32(vec[i*8+4:]))
	}
	if total == 0 {
		return sc.delegate(c, name, args)
	}
	size, e, trap := sc.size(c, fd)
	if trap != nil || e != 0 {
		return sc.delegate(c, name, args) // the write fails the same way
	}
	if off < 0 {
		if off, e, trap = sc.offset(c, fd, size); trap != nil || e != 0 {
			return sc.delegate(c, name, args)
		}
	}
	if off > math.MaxInt64-total {
		return sc.full(), nil // past any quota
	}
	want := off + total - size
	if want <= 0 {
		return sc.delegate(c, name, args)
	}
	got := sc.q.reserveUpTo(want)
	allowed := total - (want - got)
	if allowed <= 0 {
		sc.q.settle(got, 0)
		return sc.full(), nil
	}
	cargs := args
	if allowed < total {
		// Cut the iovec list at allowed bytes for the call, and restore it.
		var sum int64
		for i := uint32(0); i < n; i++ {
			l := int64(le.Uint32(vec[i*8+4:]))
			if sum+l < allowed {
				sum += l
				continue
			}
			saved := le.Uint32(vec[i*8+4:])
			le.PutUint32(vec[i*8+4:], uint32(allowed-sum))
			defer le.PutUint32(vec[i*8+4:], saved)
			cargs = append([]wasmtime.Val(nil), args...)
			cargs[2] = wasmtime.ValI32(int32(i + 1))
			break
		}
	}
	e, trap = sc.delegate(c, name, cargs)
	var written int64
	if trap == nil && e == 0 {
		if b, ok := mem.Read(uint32(args[len(args)-1].I32()), 4); ok {
			written = int64(le.Uint32(b))
		}
	}
	sc.q.settle(got, max(0, off+written-size))
	return e, trap
}

func (sc *scratchState) fdAllocate(c *wasmtime.Caller, _ memView, args []wasmtime.Val) (int32, *wasmtime.Trap) {
	fd, off, n := args[0].I32(), args[1].I64(), args[2].I64()
	if !sc.fds[fd] || off < 0 || n < 0 {
		return sc.delegate(c, "fd_allocate", args) // EINVAL
	}
	if off > math.MaxInt64-n {
		return sc.full(), nil // past any quota
	}
	return sc.grow(c, fd, off+n, "fd_allocate", args)
}

func (sc *scratchState) fdFilestatSetSize(c *wasmtime.Caller, _ memView, args []wasmtime.Val) (int32, *wasmtime.Trap) {
	fd := args[0].I32()
	if !sc.fds[fd] || args[1].I64() < 0 {
		return sc.delegate(c, "fd_filestat_set_size", args)
	}
	return sc.grow(c, fd, args[1].I64(), "fd_filestat_set_size", args)
}

// grow handles an operation that makes fd's file at least end bytes long.
func (sc *scratchState) grow(c *wasmtime.Caller, fd int32, end int64, name string, args []wasmtime.Val) (int32, *wasmtime.Trap) {
	size, e, trap := sc.size(c, fd)
	if trap != nil || e != 0 || end <= size {
		return sc.delegate(c, name, args)
	}
	if !sc.q.reserve(end - size) {
		return sc.full(), nil
	}
	e, trap = sc.delegate(c, name, args)
	if trap == nil && e == 0 {
		sc.q.settle(end-size, end-size)
	} else {
		sc.q.settle(end-size, 0)
	}
	return e, trap
}

// pathOpen tracks the descriptors opened under the scratch directory, and
// counts a file it creates there.
func (sc *scratchState) pathOpen(c *wasmtime.Caller, mem memView, args []wasmtime.Val) (int32, *wasmtime.Trap) {
	dir, oflags, fdflags, out := args[0].I32(), args[4].I32(), args[7].I32(), uint32(args[8].I32())
	opened := func(e int32, trap *wasmtime.Trap, under bool) (int32, *wasmtime.Trap) {
		if trap == nil && e == 0 {
			if b, ok := mem.Read(out, 4); ok {
				fd := int32(binary.LittleEndian.Uint32(b))
				delete(sc.fds, fd)
				delete(sc.appends, fd)
				if under {
					sc.fds[fd] = true
					if fdflags&fdflagAppend != 0 {
						sc.appends[fd] = true
					}
				}
			}
		}
		return e, trap
	}
	if !sc.fds[dir] {
		e, trap := sc.delegate(c, "path_open", args)
		return opened(e, trap, false)
	}
	var reserved int64
	if oflags&oflagCreat != 0 {
		exists, trap := sc.exists(c, mem, dir, args[1].I32(), uint32(args[2].I32()), uint32(args[3].I32()))
		if trap != nil {
			return 0, trap
		}
		if !exists {
			if !sc.q.reserve(wasi.ScratchEntryCost) {
				return sc.full(), nil
			}
			reserved = wasi.ScratchEntryCost
		}
	}
	e, trap := sc.delegate(c, "path_open", args)
	if reserved > 0 {
		if trap == nil && e == 0 {
			sc.q.settle(reserved, reserved)
		} else {
			sc.q.settle(reserved, 0)
		}
	}
	return opened(e, trap, true)
}

// exists reports whether a path under dir exists (args of path_open).
func (sc *scratchState) exists(c *wasmtime.Caller, mem memView, dir, lookup int32, p, n uint32) (bool, *wasmtime.Trap) {
	if n > maxPath {
		return false, nil // path_open fails with ENAMETOOLONG or EFAULT
	}
	b, ok := mem.Read(p, n)
	if !ok {
		return false, nil // path_open fails with EFAULT
	}
	copy(sc.priv.UnsafeData(c)[privPath:], b)
	e, trap := call(c, sc.p["path_filestat_get"], dir, lookup, int32(privPath), int32(n), int32(privFilestat))
	return trap == nil && e == 0, trap
}

func (sc *scratchState) pathCreateDirectory(c *wasmtime.Caller, _ memView, args []wasmtime.Val) (int32, *wasmtime.Trap) {
	if !sc.fds[args[0].I32()] {
		return sc.delegate(c, "path_create_directory", args)
	}
	if !sc.q.reserve(wasi.ScratchEntryCost) {
		return sc.full(), nil
	}
	e, trap := sc.delegate(c, "path_create_directory", args)
	if trap == nil && e == 0 {
		sc.q.settle(wasi.ScratchEntryCost, wasi.ScratchEntryCost)
	} else {
		sc.q.settle(wasi.ScratchEntryCost, 0)
	}
	return e, trap
}

func (sc *scratchState) fdClose(c *wasmtime.Caller, _ memView, args []wasmtime.Val) (int32, *wasmtime.Trap) {
	e, trap := sc.delegate(c, "fd_close", args)
	if trap == nil && e == 0 {
		delete(sc.fds, args[0].I32())
		delete(sc.appends, args[0].I32())
	}
	return e, trap
}

func (sc *scratchState) fdRenumber(c *wasmtime.Caller, _ memView, args []wasmtime.Val) (int32, *wasmtime.Trap) {
	e, trap := sc.delegate(c, "fd_renumber", args)
	if trap == nil && e == 0 {
		from, to := args[0].I32(), args[1].I32()
		for _, m := range []map[int32]bool{sc.fds, sc.appends} {
			if m[from] {
				m[to] = true
			} else {
				delete(m, to)
			}
			delete(m, from)
		}
	}
	return e, trap
}

func (sc *scratchState) fdFdstatSetFlags(c *wasmtime.Caller, _ memView, args []wasmtime.Val) (int32, *wasmtime.Trap) {
	e, trap := sc.delegate(c, "fd_fdstat_set_flags", args)
	if fd := args[0].I32(); trap == nil && e == 0 && sc.fds[fd] {
		if args[1].I32()&fdflagAppend != 0 {
			sc.appends[fd] = true
		} else {
			delete(sc.appends, fd)
		}
	}
	return e, trap
}

// scratchQuota is the usage estimate of one scratch directory, shared by the
// instances that mount it (a restarted guest and the abandoned one it
// replaces).
type scratchQuota struct {
	dir   string
	mu    sync.Mutex
	limit int64
	used  int64 // estimate: measured, plus what was reserved since
	held  int64 // reserved by operations in progress
}

var quotas engine.Shared[*scratchQuota]

// acquireQuota returns the shared quota of dir, measuring what it holds when
// the first user mounts it; limit replaces the previous limit.
func acquireQuota(dir string, limit int64) *scratchQuota {
	q := quotas.Acquire(dir, func() *scratchQuota { return &scratchQuota{dir: dir, used: engine.ScratchUsage(dir)} })
	q.mu.Lock()
	q.limit = limit
	q.mu.Unlock()
	return q
}

func (q *scratchQuota) release() { quotas.Release(q.dir) }

// reserveUpTo takes up to n bytes (measuring the directory again when the
// estimate says they do not fit) and returns how many it took. Settle them.
func (q *scratchQuota) reserveUpTo(n int64) int64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.used+n > q.limit {
		q.used = engine.ScratchUsage(q.dir) + q.held
	}
	n = max(0, min(n, q.limit-q.used))
	q.used += n
	q.held += n
	return n
}

// reserve takes n bytes if they fit. Settle them.
func (q *scratchQuota) reserve(n int64) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.used+n > q.limit {
		q.used = engine.ScratchUsage(q.dir) + q.held
		if q.used+n > q.limit {
			return false
		}
	}
	q.used += n
	q.held += n
	return true
}

// settle ends a reservation of reserved bytes of which used were used.
func (q *scratchQuota) settle(reserved, used int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.held -= reserved
	q.used -= reserved - min(used, reserved)
}
