package host

import (
	"container/list"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
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
// and a hash of the sandbox (snapshotKeys); for a plugin snapshot also
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

// snapshotKeys hashes, in one pass, everything of a sandbox that a paused
// guest may depend on: argv, the environment, the memory cap, and every
// mount with the files under it, identified by path, type, size,
// modification time (and on Linux inode and change time) without reading
// them — the way git's index and make notice changes. plugin is the plugin
// snapshot's fingerprint. runtime, the runtime snapshot's (taken before the
// plugin file runs), leaves the plugin's part out: the arguments after the
// boot module (the entry point) and the files under /plugin and under the
// scratch directory (their mount points and kinds still count).
//
// An in-memory tree (an artifact's, immutable and shared per content by the
// Runtime) is named by its address and returned in the key's pins, to be
// kept alive as long as a snapshot under that key. ok is false when a mount
// cannot be walked (the guest then always starts afresh).
func snapshotKeys(p wasi.Policy) (plugin, runtime [32]byte, pins, runtimePins []any, ok bool) {
	pk, rk := newKeyHash(), newKeyHash()
	pk.sandbox(p, false)
	rk.sandbox(p, true)
	for _, k := range []*keyHash{pk, rk} {
		k.num(uint64(len(p.Mounts)))
	}
	for _, m := range p.Mounts {
		var id string
		if m.FS != nil {
			v := reflect.ValueOf(m.FS)
			if v.Kind() != reflect.Pointer {
				return plugin, runtime, nil, nil, false
			}
			id = fmt.Sprintf("fs %#x", v.Pointer())
		} else {
			sum, ok := statTree(m.HostDir)
			if !ok {
				return plugin, runtime, nil, nil, false
			}
			id = m.HostDir + "\x00" + string(sum[:])
		}
		ownPart := m.GuestPath == wasi.PluginMount
		for _, k := range []*keyHash{pk, rk} {
			k.str(m.GuestPath)
			k.num(boolNum(m.ReadOnly))
			k.num(boolNum(m.FS != nil))
			if k == pk || !ownPart {
				k.str(id)
			}
		}
		if m.FS != nil {
			pins = append(pins, m.FS)
			if !ownPart {
				runtimePins = append(runtimePins, m.FS)
			}
		}
	}
	if s := p.Scratch; s != nil {
		for _, k := range []*keyHash{pk, rk} {
			k.str(s.Guest())
			k.str(s.HostDir)
			k.num(uint64(s.Quota()))
		}
		sum, ok := statTree(s.HostDir)
		if !ok {
			return plugin, runtime, nil, nil, false
		}
		pk.str(string(sum[:]))
	}
	return pk.sum(), rk.sum(), pins, runtimePins, true
}

// statTree hashes the names and stat identities of the files under dir.
func statTree(dir string) ([32]byte, bool) {
	k := newKeyHash()
	err := walkTree(dir, func(path, rel string, info fs.FileInfo) error {
		k.str(rel)
		k.num(uint64(info.Mode()))
		k.num(uint64(info.Size()))
		k.num(uint64(info.ModTime().UnixNano()))
		ino, ctime := statIdentity(info)
		k.num(ino)
		k.num(uint64(ctime))
		if info.Mode()&os.ModeSymlink != 0 {
			target, _ := os.Readlink(path)
			k.str(target)
		}
		return nil
	})
	return k.sum(), err == nil
}

// walkTree calls visit for dir and every entry under it (not following
// symbolic links), with its path relative to dir; the first error stops it.
func walkTree(dir string, visit func(path, rel string, info fs.FileInfo) error) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		return visit(path, rel, info)
	})
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
