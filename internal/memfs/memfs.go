// Package memfs is a read-only, in-memory fs.FS whose files support Seek and
// ReadAt (which wazero needs for pread and lseek) and whose directories list
// their entries. It serves the file systems of a one-file .wasm artifact to
// the guest without temporary files.
package memfs

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
)

// FS is an immutable tree of files. It is safe for concurrent use.
type FS struct {
	nodes map[string]*node // "." is the root
}

type node struct {
	name     string
	data     []byte
	dir      bool
	children []*node // sorted by name (directories only)
}

// New builds a tree from file contents keyed by slash-separated paths
// ("lib/python313.zip"). Parent directories are created implicitly; dirs
// names empty directories to create as well. The byte slices are used, not
// copied: they must not change afterwards.
func New(files map[string][]byte, dirs ...string) (*FS, error) {
	f := &FS{nodes: map[string]*node{".": {name: ".", dir: true}}}
	names := make([]string, 0, len(files))
	for p := range files {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, d := range dirs {
		if _, err := f.mkdirAll(d); err != nil {
			return nil, err
		}
	}
	for _, p := range names {
		if !fs.ValidPath(p) || p == "." {
			return nil, fmt.Errorf("memfs: invalid file path %q", p)
		}
		if _, ok := f.nodes[p]; ok {
			return nil, fmt.Errorf("memfs: %q is both a file and a directory", p)
		}
		parent, err := f.mkdirAll(path.Dir(p))
		if err != nil {
			return nil, err
		}
		n := &node{name: path.Base(p), data: files[p]}
		f.nodes[p] = n
		parent.children = append(parent.children, n)
	}
	for _, n := range f.nodes {
		if n.dir {
			sort.Slice(n.children, func(i, j int) bool { return n.children[i].name < n.children[j].name })
		}
	}
	return f, nil
}

func (f *FS) mkdirAll(p string) (*node, error) {
	if n, ok := f.nodes[p]; ok {
		if !n.dir {
			return nil, fmt.Errorf("memfs: %q is both a file and a directory", p)
		}
		return n, nil
	}
	if !fs.ValidPath(p) {
		return nil, fmt.Errorf("memfs: invalid directory path %q", p)
	}
	parent, err := f.mkdirAll(path.Dir(p))
	if err != nil {
		return nil, err
	}
	n := &node{name: path.Base(p), dir: true}
	f.nodes[p] = n
	parent.children = append(parent.children, n)
	return n, nil
}

// MaxZipBytes bounds the uncompressed size FromZip accepts (a zip bomb gets
// an error, not an exhausted host).
var MaxZipBytes int64 = 1 << 30

// FromZip builds a tree from the regular files of a zip archive held in
// memory. Stored entries alias data; deflated ones are decompressed once.
func FromZip(data []byte) (*FS, error) {
	files, dirs, err := ReadZip(data)
	if err != nil {
		return nil, err
	}
	return New(files, dirs...)
}

// ReadZip returns the files and the explicit directories of a zip archive
// held in memory, for New. Stored entries alias data; deflated ones are
// decompressed.
func ReadZip(data []byte) (files map[string][]byte, dirs []string, err error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, fmt.Errorf("memfs: %w", err)
	}
	files = map[string][]byte{}
	var total int64
	for _, zf := range zr.File {
		name := strings.TrimSuffix(zf.Name, "/")
		if strings.HasSuffix(zf.Name, "/") {
			dirs = append(dirs, name)
			continue
		}
		if !zf.Mode().IsRegular() {
			return nil, nil, fmt.Errorf("memfs: zip entry %q is not a regular file", zf.Name)
		}
		total += int64(zf.UncompressedSize64)
		if total > MaxZipBytes || zf.UncompressedSize64 > uint64(MaxZipBytes) {
			return nil, nil, fmt.Errorf("memfs: zip expands past %d bytes", MaxZipBytes)
		}
		var b []byte
		if off, derr := zf.DataOffset(); derr == nil && zf.Method == zip.Store && off+int64(zf.UncompressedSize64) <= int64(len(data)) {
			b = data[off : off+int64(zf.UncompressedSize64) : off+int64(zf.UncompressedSize64)]
		} else {
			rc, err := zf.Open()
			if err != nil {
				return nil, nil, fmt.Errorf("memfs: zip entry %q: %w", zf.Name, err)
			}
			b, err = io.ReadAll(io.LimitReader(rc, int64(zf.UncompressedSize64)+1))
			rc.Close()
			if err != nil {
				return nil, nil, fmt.Errorf("memfs: zip entry %q: %w", zf.Name, err)
			}
			if uint64(len(b)) != zf.UncompressedSize64 {
				return nil, nil, fmt.Errorf("memfs: zip entry %q: size does not match its header", zf.Name)
			}
		}
		files[name] = b
	}
	return files, dirs, nil
}

// Size is the total size of the files in the tree.
func (f *FS) Size() int64 {
	var n int64
	for _, nd := range f.nodes {
		n += int64(len(nd.data))
	}
	return n
}

// Open implements fs.FS.
func (f *FS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	n, ok := f.nodes[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if n.dir {
		return &dirFile{n: n}, nil
	}
	return &file{n: n, r: bytes.NewReader(n.data)}, nil
}

// ReadFile implements fs.ReadFileFS (returns a copy).
func (f *FS) ReadFile(name string) ([]byte, error) {
	n, ok := f.nodes[name]
	if !ok || !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrNotExist}
	}
	if n.dir {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	return bytes.Clone(n.data), nil
}

// fixed modification time: the tree is immutable and reproducible.
var modTime = time.Unix(315532800, 0) // 1980-01-01, as zip's epoch

type info struct{ n *node }

func (i info) Name() string { return i.n.name }
func (i info) Size() int64  { return int64(len(i.n.data)) }
func (i info) Mode() fs.FileMode {
	if i.n.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i info) ModTime() time.Time         { return modTime }
func (i info) IsDir() bool                { return i.n.dir }
func (i info) Sys() any                   { return nil }
func (i info) Type() fs.FileMode          { return i.Mode().Type() }
func (i info) Info() (fs.FileInfo, error) { return i, nil }

type file struct {
	n *node
	r *bytes.Reader
}

func (f *file) Stat() (fs.FileInfo, error)                { return info{f.n}, nil }
func (f *file) Read(b []byte) (int, error)                { return f.r.Read(b) }
func (f *file) ReadAt(b []byte, off int64) (int, error)   { return f.r.ReadAt(b, off) }
func (f *file) Seek(off int64, whence int) (int64, error) { return f.r.Seek(off, whence) }
func (f *file) Close() error                              { return nil }

type dirFile struct {
	n   *node
	off int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return info{d.n}, nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.n.name, Err: fs.ErrInvalid}
}
func (d *dirFile) Close() error { return nil }

// Seek to 0 rewinds the listing (wazero rewinds directories this way).
func (d *dirFile) Seek(off int64, whence int) (int64, error) {
	if off == 0 && whence == io.SeekStart {
		d.off = 0
		return 0, nil
	}
	return 0, &fs.PathError{Op: "seek", Path: d.n.name, Err: fs.ErrInvalid}
}

func (d *dirFile) ReadDir(count int) ([]fs.DirEntry, error) {
	rest := d.n.children[d.off:]
	if count > 0 && len(rest) == 0 {
		return nil, io.EOF
	}
	if count > 0 && count < len(rest) {
		rest = rest[:count]
	}
	out := make([]fs.DirEntry, len(rest))
	for i, c := range rest {
		out[i] = info{c}
	}
	d.off += len(rest)
	return out, nil
}
