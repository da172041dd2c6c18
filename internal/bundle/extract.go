package bundle

import (
	"archive/tar"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Limits for Extract; a bundle over them is refused. Variables so tests can
// lower them.
var (
	MaxExtractBytes int64 = 512 << 20 // total uncompressed size
	MaxExtractFiles       = 20000
)

// Extract unpacks a bundle into dest (which must exist and be empty) and
// returns the plugin root (the folder holding plugin.json). It refuses
// absolute paths, '..' entries, links and devices, and stops at
// MaxExtractBytes / MaxExtractFiles (a decompression bomb gets an error, not
// a full disk).
func Extract(bundlePath, dest string) (string, error) {
	f, err := os.Open(bundlePath)
	if err != nil {
		return "", err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return "", fmt.Errorf("%s: not a gzip bundle: %w", bundlePath, err)
	}
	tr := tar.NewReader(gz)
	var total int64
	files := 0
	root := ""
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("%s: corrupt tar: %w", bundlePath, err)
		}
		name := path.Clean(strings.TrimPrefix(h.Name, "./"))
		if path.IsAbs(h.Name) || name == ".." || strings.HasPrefix(name, "../") {
			return "", fmt.Errorf("%s: entry %q escapes the bundle folder: refusing to extract", bundlePath, h.Name)
		}
		target := filepath.Join(dest, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				return "", err
			}
			continue
		case tar.TypeReg:
		default:
			return "", fmt.Errorf("%s: entry %q is a link or special file (type %q): bundles may hold only regular files", bundlePath, h.Name, h.Typeflag)
		}
		files++
		if files > MaxExtractFiles {
			return "", fmt.Errorf("%s: more than %d files: refusing to extract", bundlePath, MaxExtractFiles)
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return "", err
		}
		out, err := os.OpenFile(target, os.O_CREATE|os.O_EXCL|os.O_WRONLY, os.FileMode(h.Mode&0o755|0o600))
		if err != nil {
			return "", err
		}
		n, err := io.Copy(out, io.LimitReader(tr, MaxExtractBytes-total+1))
		out.Close()
		if err != nil {
			return "", err
		}
		total += n
		if total > MaxExtractBytes {
			return "", fmt.Errorf("%s: uncompressed size exceeds %d MB: refusing to extract", bundlePath, MaxExtractBytes>>20)
		}
		if path.Base(name) == "plugin.json" && (root == "" || len(name) < len(root)) {
			root = path.Dir(name)
		}
	}
	if root == "" {
		return "", fmt.Errorf("%s: no plugin.json in the bundle", bundlePath)
	}
	return filepath.Join(dest, filepath.FromSlash(root)), nil
}
