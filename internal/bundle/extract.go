package bundle

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Limits for Extract; a bundle over them is refused. Variables so tests can
// lower them.
var (
	MaxExtractBytes int64 = 512 << 20 // total uncompressed size of the files
	MaxExtractFiles       = 20000     // files and folders
)

// Extract unpacks a bundle into dest (which must exist and be empty) and
// returns the plugin root (the folder holding plugin.json). It refuses
// absolute paths, '..' entries, links, devices and FIFOs, duplicate entries,
// and stops at MaxExtractBytes / MaxExtractFiles: a file whose declared size
// is over the limit is refused before a byte of it is written, so a
// decompression bomb gets an error, not a full disk. Errors name the entry
// and the reason. On error dest may hold the entries before the bad one
// (never anything outside dest): callers remove it.
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
	entries := 0
	root := ""
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("%s: corrupt tar: %w", bundlePath, err)
		}
		refuse := func(format string, a ...any) error {
			return fmt.Errorf("%s: entry %q %s: refusing to extract", bundlePath, h.Name, fmt.Sprintf(format, a...))
		}
		name := path.Clean(strings.TrimPrefix(h.Name, "./"))
		if path.IsAbs(h.Name) || name == ".." || strings.HasPrefix(name, "../") {
			return "", refuse("escapes the bundle folder")
		}
		entries++
		if entries > MaxExtractFiles {
			return "", fmt.Errorf("%s: more than %d files and folders (at entry %q): refusing to extract", bundlePath, MaxExtractFiles, h.Name)
		}
		target := filepath.Join(dest, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				return "", refuse("cannot be created: %v", err)
			}
			continue
		case tar.TypeReg:
		default:
			return "", refuse("is %s: bundles may hold only regular files and folders", entryKind(h))
		}
		if h.Size > MaxExtractBytes-total {
			return "", refuse("is %d bytes, more than the %d MB left of the %d MB a bundle may unpack to (a decompression bomb?)",
				h.Size, (MaxExtractBytes-total)>>20, MaxExtractBytes>>20)
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return "", refuse("cannot be created: %v", err)
		}
		out, err := os.OpenFile(target, os.O_CREATE|os.O_EXCL|os.O_WRONLY, os.FileMode(h.Mode&0o755|0o600))
		if errors.Is(err, fs.ErrExist) {
			return "", refuse("appears twice")
		}
		if err != nil {
			return "", refuse("cannot be created: %v", err)
		}
		n, err := io.Copy(out, io.LimitReader(tr, MaxExtractBytes-total+1))
		out.Close()
		if err != nil {
			return "", refuse("cannot be read: %v", err)
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

// entryKind describes a tar entry that is not a regular file or folder.
func entryKind(h *tar.Header) string {
	switch h.Typeflag {
	case tar.TypeSymlink:
		return fmt.Sprintf("a symbolic link (to %q)", h.Linkname)
	case tar.TypeLink:
		return fmt.Sprintf("a hard link (to %q)", h.Linkname)
	case tar.TypeChar:
		return "a character device"
	case tar.TypeBlock:
		return "a block device"
	case tar.TypeFifo:
		return "a FIFO (named pipe)"
	default:
		return fmt.Sprintf("an entry of tar type %q", h.Typeflag)
	}
}
