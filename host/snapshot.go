package host

import (
	"container/list"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sync"

	"github.com/mmpy/mmpy/host/internal/engine"
	"github.com/mmpy/mmpy/wasi"
)

// DefaultSnapshotBudget is the default of Options.SnapshotBudget.
const DefaultSnapshotBudget = 1 << 30

// snapKey identifies what a paused guest depends on: the compiled module
// and a hash of the sandbox (policyFingerprint); for a plugin snapshot also
// the plugin id (the guest holds its HostHello). A runtime snapshot (base)
// is taken before any plugin file runs and serves every plugin of the same
// sandbox shape.
type snapKey struct {
	mod  engine.Module
	id   string
	base bool
	fp   [32]byte
}

// maxStartCounts bounds the start counts kept for SnapshotAfter.
const maxStartCounts = 4096

// snapshots is a Runtime's snapshot cache: least recently used first out,
// within a byte budget.
type snapshots struct {
	after  int   // starts of a key before its snapshot is taken (<= 0: never)
	budget int64 // bytes

	mu     sync.Mutex
	starts map[snapKey]int
	byKey  map[snapKey]*list.Element // of *snapEntry
	lru    list.List                 // front = most recently used
	bytes  int64
}

type snapEntry struct {
	key  snapKey
	snap *engine.Snapshot
	pins []any // the in-memory trees the key names by address, kept alive with it
}

func newSnapshots(opts Options) *snapshots {
	after := opts.SnapshotAfter
	if after == 0 {
		after = 1
	}
	budget := opts.SnapshotBudget
	if budget == 0 {
		budget = DefaultSnapshotBudget
	}
	if budget < 0 {
		after = -1
	}
	return &snapshots{after: after, budget: budget, starts: map[snapKey]int{}, byKey: map[snapKey]*list.Element{}}
}

// boot says how to start a guest with plugin key k and runtime key base:
// from k's snapshot; else from base's (or afresh, taking base's), taking
// k's when k has started often enough.
func (s *snapshots) boot(k, base snapKey, pins, basePins []any, ok bool) engine.Boot {
	if !ok || s.after <= 0 {
		return engine.Boot{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, hit := s.byKey[k]; hit {
		s.lru.MoveToFront(e)
		return engine.Boot{From: e.Value.(*snapEntry).snap}
	}
	var b engine.Boot
	if e, hit := s.byKey[base]; hit {
		s.lru.MoveToFront(e)
		b.Base = e.Value.(*snapEntry).snap
	} else {
		b.OnBase = func(snap *engine.Snapshot) { s.put(base, snap, basePins) }
	}
	if len(s.starts) >= maxStartCounts { // many keys seen once (e.g. changing scratch files): forget the counts
		clear(s.starts)
	}
	s.starts[k]++
	if s.starts[k] >= s.after {
		b.OnPause = func(snap *engine.Snapshot) { s.put(k, snap, pins) }
	}
	return b
}

func (s *snapshots) put(k snapKey, snap *engine.Snapshot, pins []any) {
	size := snap.Bytes()
	s.mu.Lock()
	defer s.mu.Unlock()
	if size > s.budget {
		return
	}
	if e, hit := s.byKey[k]; hit { // two starts raced: keep the newer one
		s.bytes -= e.Value.(*snapEntry).snap.Bytes()
		s.lru.Remove(e)
	}
	s.byKey[k] = s.lru.PushFront(&snapEntry{key: k, snap: snap, pins: pins})
	s.bytes += size
	delete(s.starts, k)
	for s.bytes > s.budget {
		old := s.lru.Back()
		e := old.Value.(*snapEntry)
		s.lru.Remove(old)
		delete(s.byKey, e.key)
		s.bytes -= e.snap.Bytes()
	}
}

// has reports whether k's snapshot is kept.
func (s *snapshots) has(k snapKey) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.byKey[k]
	return ok
}

// drop forgets the snapshots of these keys (one could not be restored).
func (s *snapshots) drop(keys ...snapKey) {
	for _, k := range keys {
		s.drop1(k)
	}
}

func (s *snapshots) drop1(k snapKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, hit := s.byKey[k]; hit {
		s.bytes -= e.Value.(*snapEntry).snap.Bytes()
		s.lru.Remove(e)
		delete(s.byKey, k)
	}
}

// policyFingerprint hashes everything of a sandbox that a guest paused after
// import may depend on: argv, the environment, the memory cap, and every
// mount with the files under it, identified by path, type, size,
// modification time (and on Linux inode and change time) without reading
// them — the way git's index and make notice changes. An in-memory tree
// (an artifact's, immutable and shared per content by the Runtime) is named
// by its address and returned in pins, to be kept alive as long as a
// snapshot under this key. ok is false when a mount cannot be walked (the
// guest then always starts afresh).
//
// With runtimeOnly, for a runtime snapshot (taken before the plugin file
// runs), the plugin's part is left out: the arguments after the boot module
// (the entry point), the files under /plugin and under the scratch
// directory (their mount points and kinds still count).
func policyFingerprint(p wasi.Policy, runtimeOnly bool) (fp [32]byte, pins []any, ok bool) {
	kh := newKeyHash()
	str, num := kh.str, kh.num
	kh.sandbox(p, runtimeOnly)
	tree := func(dir string) bool {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, path)
			str(rel)
			num(uint64(info.Mode()))
			num(uint64(info.Size()))
			num(uint64(info.ModTime().UnixNano()))
			ino, ctime := statIdentity(info)
			num(ino)
			num(uint64(ctime))
			if info.Mode()&os.ModeSymlink != 0 {
				target, _ := os.Readlink(path)
				str(target)
			}
			return nil
		})
		return err == nil
	}
	num(uint64(len(p.Mounts)))
	for _, m := range p.Mounts {
		str(m.GuestPath)
		num(boolNum(m.ReadOnly))
		num(boolNum(m.FS != nil))
		if runtimeOnly && m.GuestPath == wasi.PluginMount {
			continue
		}
		if m.FS != nil {
			v := reflect.ValueOf(m.FS)
			if v.Kind() != reflect.Pointer {
				return fp, nil, false
			}
			num(uint64(v.Pointer()))
			pins = append(pins, m.FS)
			continue
		}
		str(m.HostDir)
		if !tree(m.HostDir) {
			return fp, nil, false
		}
	}
	if s := p.Scratch; s != nil {
		str(s.Guest())
		str(s.HostDir)
		num(uint64(s.Quota()))
		if !runtimeOnly && !tree(s.HostDir) {
			return fp, nil, false
		}
	}
	return kh.sum(), pins, true
}

// keyHash builds a snapshot key: length-prefixed strings and fixed-width
// numbers into SHA-256.
type keyHash struct{ h hash.Hash }

func newKeyHash() *keyHash { return &keyHash{h: sha256.New()} }

func (k *keyHash) str(s string) {
	k.num(uint64(len(s)))
	_, _ = io.WriteString(k.h, s)
}

func (k *keyHash) num(v uint64) { _ = binary.Write(k.h, binary.LittleEndian, v) }

func (k *keyHash) sum() (out [32]byte) {
	copy(out[:], k.h.Sum(nil))
	return out
}

// sandbox hashes a policy's argv (with runtimeOnly, up to the boot module:
// what follows is the plugin's), environment and memory cap.
func (k *keyHash) sandbox(p wasi.Policy, runtimeOnly bool) {
	args := p.Args
	if runtimeOnly {
		if i := slices.Index(args, wasi.BootModule); i >= 0 {
			args = args[:i+1]
		}
	}
	k.num(uint64(len(args)))
	for _, a := range args {
		k.str(a)
	}
	env := p.SortedEnv()
	k.num(uint64(len(env)))
	for _, kv := range env {
		k.str(kv[0])
		k.str(kv[1])
	}
	k.num(uint64(p.MemoryLimitPages))
}

func boolNum(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
