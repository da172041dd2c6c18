package wazeroengine

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	experimentalsys "github.com/tetratelabs/wazero/experimental/sys"
	"github.com/tetratelabs/wazero/experimental/sysfs"
	"github.com/tetratelabs/wazero/sys"

	"github.com/mmpy/mmpy/host/internal/engine"
	"github.com/mmpy/mmpy/wasi"
)

// maxSymlinkHops bounds symlink resolution (as Linux's MAXSYMLINKS).
const maxSymlinkHops = 40

// confinedFS is a directory file system for one mount that never lets a path
// resolve outside its root. wazero already refuses ".." escapes lexically,
// but its DirFS lets the host kernel follow symlinks, so a symlink in the
// plugin's folder (or one the guest made) pointing at /etc would expose the
// host. Here every path is resolved component by component on the host; a
// symlink whose target is absolute or climbs above the root is refused
// (EPERM), and the inner DirFS is handed the resolved, symlink-free path.
// The guest can neither create symlinks nor hard links, so nothing can swap a
// component between the check and the use (the guest is single-threaded, and
// the host does not modify mounted directories while plugins run).
//
// With a quota, writes are counted and refused past it (see quota).
type confinedFS struct {
	experimentalsys.UnimplementedFS
	root  string // absolute host directory
	guest string // guest path of the mount (for messages)
	inner experimentalsys.FS
	quota *quota       // nil = no accounting (read-only mounts)
	warn  func(string) // tells the plugin's log why a write failed
	last  atomic.Int64 // unix nanos of the last warning
}

func newConfinedFS(root, guest string, q *quota, warn func(string)) *confinedFS {
	return &confinedFS{root: root, guest: guest, inner: sysfs.DirFS(root), quota: q, warn: warn}
}

// quotaWarnEvery rate-limits the quota warning.
const quotaWarnEvery = 10 * time.Second

// full reports a write refused by the quota. wazero's errno set has no
// ENOSPC, so the guest sees EIO ("[Errno 29] I/O error"); the log line says
// why.
func (c *confinedFS) full() experimentalsys.Errno {
	now := time.Now().UnixNano()
	if last := c.last.Load(); c.warn != nil && now-last >= int64(quotaWarnEvery) && c.last.CompareAndSwap(last, now) {
		c.warn(fmt.Sprintf("mmpy: a write to %s was refused: its quota of %d bytes is used up "+
			"(the write fails with EIO); delete files there or ask the administrator for a larger scratch quota",
			c.guest, c.quota.Limit()))
	}
	return experimentalsys.EIO
}

func (c *confinedFS) String() string { return c.root }

// host returns the host path of a resolved relative path.
func (c *confinedFS) host(rel string) string {
	if rel == "" || rel == "." {
		return c.root
	}
	return filepath.Join(c.root, filepath.FromSlash(rel))
}

// resolve turns a guest path (relative to the mount, as wazero passes it)
// into a path relative to root with no symlink components, following a final
// symlink only if followLast. Components that do not exist are kept as they
// are (a create, or an ENOENT from the operation itself).
func (c *confinedFS) resolve(p string, followLast bool) (string, experimentalsys.Errno) {
	trailing := strings.HasSuffix(p, "/")
	todo := splitPath(p)
	var done []string
	hops := 0
	for len(todo) > 0 {
		comp := todo[0]
		todo = todo[1:]
		switch comp {
		case ".":
			continue
		case "..":
			if len(done) == 0 {
				return "", experimentalsys.EPERM
			}
			done = done[:len(done)-1]
			continue
		}
		cand := append(done[:len(done):len(done)], comp)
		if len(todo) == 0 && !followLast {
			done = cand
			break
		}
		st, err := os.Lstat(c.host(strings.Join(cand, "/")))
		if err != nil || st.Mode()&fs.ModeSymlink == 0 {
			done = cand
			if err != nil {
				// Missing: keep the rest verbatim (lexically cleaned).
				for _, r := range todo {
					if r == ".." || r == "." {
						return "", experimentalsys.ENOENT
					}
					done = append(done, r)
				}
				todo = nil
			}
			continue
		}
		hops++
		if hops > maxSymlinkHops {
			return "", experimentalsys.ELOOP
		}
		target, err := os.Readlink(c.host(strings.Join(cand, "/")))
		if err != nil {
			return "", experimentalsys.UnwrapOSError(err)
		}
		target = filepath.ToSlash(target)
		if path.IsAbs(target) {
			return "", experimentalsys.EPERM // points at the host's tree, outside the mount
		}
		todo = append(splitPath(target), todo...)
	}
	out := strings.Join(done, "/")
	if out == "" {
		out = "."
	} else if trailing {
		out += "/"
	}
	return out, 0
}

func splitPath(p string) []string {
	var out []string
	for _, s := range strings.Split(p, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (c *confinedFS) OpenFile(p string, flag experimentalsys.Oflag, perm fs.FileMode) (experimentalsys.File, experimentalsys.Errno) {
	rel, errno := c.resolve(p, flag&experimentalsys.O_NOFOLLOW == 0)
	if errno != 0 {
		return nil, errno
	}
	if c.quota == nil {
		return c.inner.OpenFile(rel, flag, perm)
	}
	writing := flag&(experimentalsys.O_WRONLY|experimentalsys.O_RDWR) != 0
	var before int64 = -1
	if st, err := os.Lstat(c.host(rel)); err == nil {
		if writing && flag&experimentalsys.O_TRUNC != 0 && st.Mode().IsRegular() {
			before = st.Size()
		}
	} else if flag&experimentalsys.O_CREAT != 0 {
		if !c.quota.reserve(entryCost) {
			return nil, c.full()
		}
		f, errno := c.inner.OpenFile(rel, flag, perm)
		if errno != 0 {
			c.quota.release(entryCost)
			return nil, errno
		}
		return &quotaFile{File: f, q: c.quota, fs: c}, 0
	}
	f, errno := c.inner.OpenFile(rel, flag, perm)
	if errno != 0 {
		return nil, errno
	}
	if before > 0 {
		c.quota.release(before)
	}
	if !writing {
		return f, 0
	}
	return &quotaFile{File: f, q: c.quota, fs: c}, 0
}

func (c *confinedFS) Lstat(p string) (sys.Stat_t, experimentalsys.Errno) {
	rel, errno := c.resolve(p, false)
	if errno != 0 {
		return sys.Stat_t{}, errno
	}
	return c.inner.Lstat(rel)
}

func (c *confinedFS) Stat(p string) (sys.Stat_t, experimentalsys.Errno) {
	rel, errno := c.resolve(p, true)
	if errno != 0 {
		return sys.Stat_t{}, errno
	}
	return c.inner.Stat(rel)
}

func (c *confinedFS) Mkdir(p string, perm fs.FileMode) experimentalsys.Errno {
	rel, errno := c.resolve(p, false)
	if errno != 0 {
		return errno
	}
	if c.quota != nil && !c.quota.reserve(entryCost) {
		return c.full()
	}
	errno = c.inner.Mkdir(rel, perm)
	if errno != 0 && c.quota != nil {
		c.quota.release(entryCost)
	}
	return errno
}

func (c *confinedFS) Chmod(p string, perm fs.FileMode) experimentalsys.Errno {
	rel, errno := c.resolve(p, true)
	if errno != 0 {
		return errno
	}
	return c.inner.Chmod(rel, perm)
}

func (c *confinedFS) Rename(from, to string) experimentalsys.Errno {
	rf, errno := c.resolve(from, false)
	if errno != 0 {
		return errno
	}
	rt, errno := c.resolve(to, false)
	if errno != 0 {
		return errno
	}
	var replaced int64
	if c.quota != nil {
		if st, err := os.Lstat(c.host(rt)); err == nil {
			replaced = entryCost + regularSize(st)
		}
	}
	errno = c.inner.Rename(rf, rt)
	if errno == 0 && replaced > 0 {
		c.quota.release(replaced)
	}
	return errno
}

func (c *confinedFS) Rmdir(p string) experimentalsys.Errno {
	rel, errno := c.resolve(p, false)
	if errno != 0 {
		return errno
	}
	errno = c.inner.Rmdir(rel)
	if errno == 0 && c.quota != nil {
		c.quota.release(entryCost)
	}
	return errno
}

func (c *confinedFS) Unlink(p string) experimentalsys.Errno {
	rel, errno := c.resolve(p, false)
	if errno != 0 {
		return errno
	}
	var freed int64
	if c.quota != nil {
		if st, err := os.Lstat(c.host(rel)); err == nil {
			freed = entryCost + regularSize(st)
		}
	}
	errno = c.inner.Unlink(rel)
	if errno == 0 && freed > 0 {
		c.quota.release(freed)
	}
	return errno
}

// Link is refused: a hard link to a file outside the guest's reach cannot be
// made through a confined path anyway, and links defeat per-file accounting.
func (c *confinedFS) Link(string, string) experimentalsys.Errno { return experimentalsys.EPERM }

// Symlink is refused: a guest-made symlink could be swapped between the
// confinement check and the use by a second instance sharing the directory.
func (c *confinedFS) Symlink(string, string) experimentalsys.Errno { return experimentalsys.EPERM }

func (c *confinedFS) Readlink(p string) (string, experimentalsys.Errno) {
	rel, errno := c.resolve(p, false)
	if errno != 0 {
		return "", errno
	}
	return c.inner.Readlink(rel)
}

func (c *confinedFS) Utimens(p string, atim, mtim int64) experimentalsys.Errno {
	rel, errno := c.resolve(p, true)
	if errno != 0 {
		return errno
	}
	return c.inner.Utimens(rel, atim, mtim)
}

func regularSize(st fs.FileInfo) int64 {
	if st.Mode().IsRegular() {
		return st.Size()
	}
	return 0
}

// entryCost is what an entry counts against a quota.
const entryCost = wasi.ScratchEntryCost

// quota counts the bytes in one scratch directory, shared by every instance
// that mounts it (a restarted guest and the abandoned one it replaces).
type quota struct {
	mu    sync.Mutex
	limit int64 // < 0: unlimited
	used  int64
}

var quotas engine.Shared[*quota]

// acquireQuota returns the shared quota of dir, counting what it holds when
// the first user mounts it; limit replaces the previous limit. Release it
// with releaseQuota.
func acquireQuota(dir string, limit int64) *quota {
	q := quotas.Acquire(dir, func() *quota { return &quota{used: engine.ScratchUsage(dir)} })
	q.mu.Lock()
	q.limit = limit
	q.mu.Unlock()
	return q
}

func releaseQuota(dir string) { quotas.Release(dir) }

// reserve takes n bytes if they fit.
func (q *quota) reserve(n int64) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.limit >= 0 && q.used+n > q.limit {
		return false
	}
	q.used += n
	return true
}

// reserveUpTo takes up to n bytes and returns how many it took.
func (q *quota) reserveUpTo(n int64) int64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.limit >= 0 {
		n = max(0, min(n, q.limit-q.used))
	}
	q.used += n
	return n
}

func (q *quota) release(n int64) {
	q.mu.Lock()
	q.used = max(0, q.used-n)
	q.mu.Unlock()
}

// quotaFile counts a writable file's growth against its quota.
type quotaFile struct {
	experimentalsys.File
	q  *quota
	fs *confinedFS
}

// grow reserves the growth of writing n bytes at off into a file of size
// size; it returns how many of the n bytes may be written and the bytes
// reserved.
func (f *quotaFile) grow(off, size int64, n int) (int, int64) {
	end := off + int64(n)
	if end <= size {
		return n, 0
	}
	want := end - max(off, size)
	got := f.q.reserveUpTo(want)
	allowed := n - int(want-got)
	return allowed, got
}

func (f *quotaFile) write(buf []byte, off int64, do func([]byte) (int, experimentalsys.Errno)) (int, experimentalsys.Errno) {
	if len(buf) == 0 {
		return do(buf)
	}
	st, errno := f.File.Stat()
	if errno != 0 {
		return 0, errno
	}
	if off < 0 { // the current position (or the end, when appending)
		if f.File.IsAppend() {
			off = st.Size
		} else if off, errno = f.File.Seek(0, io.SeekCurrent); errno != 0 {
			return 0, errno
		}
	}
	allowed, reserved := f.grow(off, st.Size, len(buf))
	if allowed <= 0 {
		return 0, f.fs.full()
	}
	n, errno := do(buf[:allowed])
	// Refund what was reserved but not written.
	if used := max(0, off+int64(n)-max(off, st.Size)); used < reserved {
		f.q.release(reserved - used)
	}
	return n, errno
}

func (f *quotaFile) Write(buf []byte) (int, experimentalsys.Errno) {
	return f.write(buf, -1, f.File.Write)
}

func (f *quotaFile) Pwrite(buf []byte, off int64) (int, experimentalsys.Errno) {
	if off < 0 {
		return 0, experimentalsys.EINVAL
	}
	return f.write(buf, off, func(b []byte) (int, experimentalsys.Errno) { return f.File.Pwrite(b, off) })
}

func (f *quotaFile) Truncate(size int64) experimentalsys.Errno {
	if size < 0 {
		return experimentalsys.EINVAL
	}
	st, errno := f.File.Stat()
	if errno != 0 {
		return errno
	}
	if size > st.Size {
		if !f.q.reserve(size - st.Size) {
			return f.fs.full()
		}
		if errno := f.File.Truncate(size); errno != 0 {
			f.q.release(size - st.Size)
			return errno
		}
		return 0
	}
	if errno := f.File.Truncate(size); errno != 0 {
		return errno
	}
	f.q.release(st.Size - size)
	return 0
}

// Limit returns the quota in bytes (< 0: none).
func (q *quota) Limit() int64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.limit
}
