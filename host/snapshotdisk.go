package host

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/mmpy/mmpy/host/internal/engine"
	"github.com/mmpy/mmpy/wasi"
)

// Runtime snapshots are also kept on disk, in Options.CacheDir/snapshots, so
// that a new process (the shim: one per plugin and server start) starts its
// first plugin from one. A runtime snapshot holds no plugin, so its file is
// keyed by content, not by file identity: the interpreter's hash, the
// engine, the sandbox's shape (arguments up to the boot module, environment,
// memory cap, mount points) and the contents of the runtime files, which a
// server re-extracts with every install. Plugin snapshots stay in memory.

// maxSnapshotFiles bounds the snapshot files kept on disk (about 11 MB
// each); the oldest go first.
const maxSnapshotFiles = 8

// snapshotDir is where runtime snapshots are kept ("" = nowhere).
func (r *Runtime) snapshotDir() string {
	if r.opts.CacheDir == "" {
		return ""
	}
	return filepath.Join(r.opts.CacheDir, "snapshots")
}

// runtimeDiskKey is the content key of the runtime snapshot of a guest
// under policy p; false when it cannot be kept on disk (an in-memory mount:
// a one-file artifact's files are identified by the artifact instead).
func (r *Runtime) runtimeDiskKey(mod engine.Module, p wasi.Policy) ([32]byte, bool) {
	var key [32]byte
	modKey, ok := r.moduleKey(mod)
	if !ok {
		return key, false
	}
	kh := newKeyHash()
	str, num := kh.str, kh.num
	str("mmpy runtime snapshot 1")
	str(string(modKey[:]))
	str(r.engine)
	kh.sandbox(p, true)
	num(uint64(len(p.Mounts)))
	for _, m := range p.Mounts {
		str(m.GuestPath)
		num(boolNum(m.ReadOnly))
		if m.FS != nil {
			return key, false
		}
		if m.GuestPath == wasi.PluginMount {
			continue
		}
		sum, ok := r.treeContent(m.HostDir)
		if !ok {
			return key, false
		}
		str(string(sum[:]))
	}
	if s := p.Scratch; s != nil {
		str(s.Guest())
		num(uint64(s.Quota()))
	}
	return kh.sum(), true
}

// moduleKey is the content hash a compiled module was cached under.
func (r *Runtime) moduleKey(mod engine.Module) ([32]byte, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, m := range r.modules {
		if m == mod {
			return k, true
		}
	}
	return [32]byte{}, false
}

// treeContent hashes the names, kinds and contents of the files under dir.
// A file's content hash is remembered by its identity (path, size,
// modification and change time, inode), so a tree is read once per process.
func (r *Runtime) treeContent(dir string) ([32]byte, bool) {
	h := sha256.New()
	err := walkTree(dir, func(path, rel string, info fs.FileInfo) error {
		_, _ = io.WriteString(h, rel+"\x00"+info.Mode().Type().String()+"\x00")
		switch {
		case info.Mode().IsRegular():
			sum, err := r.fileContent(path, info)
			if err != nil {
				return err
			}
			h.Write(sum[:])
		case info.Mode()&os.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			_, _ = io.WriteString(h, target+"\x00")
		}
		return nil
	})
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum, err == nil
}

// fileIdentity is a version of a file on disk, as far as a stat tells.
type fileIdentity struct {
	path        string
	size, mtime int64
	ino         uint64
	ctime       int64
	mode        fs.FileMode
}

// identify is the identity of the file at path that info describes.
func identify(path string, info fs.FileInfo) fileIdentity {
	ino, ctime := statIdentity(info)
	return fileIdentity{path: path, size: info.Size(), mtime: info.ModTime().UnixNano(), ino: ino, ctime: ctime, mode: info.Mode()}
}

// fileContent is the SHA-256 of a file's content, read once per identity
// (python.wasm's was taken already, to find its compiled code).
func (r *Runtime) fileContent(path string, info fs.FileInfo) ([32]byte, error) {
	id := identify(path, info)
	r.mu.Lock()
	sum, ok := r.contents[id]
	r.mu.Unlock()
	if ok {
		return sum, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	r.mu.Lock()
	r.contents[id] = sum
	r.mu.Unlock()
	return sum, nil
}

func snapshotFile(dir string, key [32]byte) string {
	return filepath.Join(dir, hex.EncodeToString(key[:16])+".snap")
}

// loadSnapshot reads the runtime snapshot kept for key; nil if there is
// none or it cannot be used (a damaged file is removed).
func (r *Runtime) loadSnapshot(key [32]byte) (*engine.Snapshot, error) {
	dir := r.snapshotDir()
	if dir == "" {
		return nil, nil
	}
	path := snapshotFile(dir, key)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	s, err := engine.UnmarshalSnapshot(b, key)
	if err != nil {
		_ = os.Remove(path)
		return nil, err
	}
	return s, nil
}

// saveSnapshot writes a runtime snapshot for key (a temporary file renamed
// into place, so readers never see half a file) and keeps the newest
// maxSnapshotFiles.
func (r *Runtime) saveSnapshot(key [32]byte, s *engine.Snapshot) error {
	dir := r.snapshotDir()
	if dir == "" {
		return nil
	}
	b, err := s.MarshalBinary(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".snap-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), snapshotFile(dir, key)); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	pruneSnapshots(dir, maxSnapshotFiles)
	return nil
}

func pruneSnapshots(dir string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type file struct {
		path  string
		mtime int64
	}
	var files []file
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".snap" {
			continue
		}
		if info, err := e.Info(); err == nil {
			files = append(files, file{filepath.Join(dir, e.Name()), info.ModTime().UnixNano()})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].mtime > files[j].mtime })
	for _, f := range files[min(keep, len(files)):] {
		_ = os.Remove(f.path)
	}
}
