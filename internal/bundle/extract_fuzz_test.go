package bundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzExtract: whatever the tarball holds, Extract writes only regular files
// and folders, only inside dest, and never more than the limits allow.
func FuzzExtract(f *testing.F) {
	seed := func(entries ...*tar.Header) []byte {
		var buf bytes.Buffer
		gz := gzip.NewWriter(&buf)
		tw := tar.NewWriter(gz)
		for _, h := range entries {
			_ = tw.WriteHeader(h)
			if h.Typeflag == tar.TypeReg {
				_, _ = tw.Write(bytes.Repeat([]byte("a"), int(h.Size)))
			}
		}
		_ = tw.Close()
		_ = gz.Close()
		return buf.Bytes()
	}
	reg := func(name string, size int64) *tar.Header {
		return &tar.Header{Name: name, Typeflag: tar.TypeReg, Size: size, Mode: 0o644}
	}
	f.Add(seed(reg("p/plugin.json", 2), reg("p/server/plugin.py", 10)))
	f.Add(seed(reg("p/plugin.json", 2), reg("p/../../evil", 1)))
	f.Add(seed(&tar.Header{Name: "p/", Typeflag: tar.TypeDir, Mode: 0o755}, &tar.Header{Name: "p/l", Typeflag: tar.TypeSymlink, Linkname: "../.."}, reg("p/l/evil", 1)))
	f.Add(seed(&tar.Header{Name: "p/h", Typeflag: tar.TypeLink, Linkname: "/etc/passwd"}))
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"))

	// Small limits keep every input fast (the limits themselves are what the
	// fuzzer probes): with the defaults one input may write 20 000 files, and
	// an input still running when -fuzztime ends fails the run with "context
	// deadline exceeded".
	oldBytes, oldFiles := MaxExtractBytes, MaxExtractFiles
	MaxExtractBytes, MaxExtractFiles = 1<<20, 64
	f.Cleanup(func() { MaxExtractBytes, MaxExtractFiles = oldBytes, oldFiles })
	f.Fuzz(func(t *testing.T, data []byte) {
		parent := t.TempDir()
		src := filepath.Join(parent, "b.tar.gz")
		if err := os.WriteFile(src, data, 0o644); err != nil {
			t.Fatal(err)
		}
		dest := filepath.Join(parent, "dest")
		if err := os.Mkdir(dest, 0o755); err != nil {
			t.Fatal(err)
		}
		root, err := Extract(src, dest)
		if err == nil && root != dest && !strings.HasPrefix(root, dest+string(filepath.Separator)) {
			t.Fatalf("plugin root %s is outside %s", root, dest)
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 2 {
			t.Fatalf("Extract wrote next to dest: %v", entries)
		}
		var total int64
		_ = filepath.Walk(dest, func(p string, info os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			if !info.Mode().IsRegular() && !info.IsDir() {
				t.Errorf("%s is neither a regular file nor a folder: %s", p, info.Mode())
			}
			if info.Mode().IsRegular() {
				total += info.Size()
			}
			return nil
		})
		if total > MaxExtractBytes {
			t.Fatalf("wrote %d bytes, over the %d limit", total, MaxExtractBytes)
		}
	})
}
