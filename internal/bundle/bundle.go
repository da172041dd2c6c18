// Package bundle builds a Mattermost plugin bundle (tar.gz) from a Python
// plugin folder and an mmpy runtime directory. The result installs on an
// unmodified server: plugin.json gains server.executables pointing at the
// shim for each platform, and the interpreter travels in mmpy/runtime/.
package bundle

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mmpy/mmpy/internal/deps"
	"github.com/mmpy/mmpy/internal/layout"
	"github.com/mmpy/mmpy/internal/manifest"
)

// Options for Build.
type Options struct {
	PluginDir  string // the plugin's root (with plugin.json or plugin.yaml)
	RuntimeDir string // an mmpy runtime directory (see package layout)
	Out        string // the .tar.gz to write
	// Progress receives one line per step (nil = silent).
	Progress func(string)
	// Artifact ships the one-file plugin.wasm (BuildArtifact) in
	// mmpy/plugin.wasm instead of the loose runtime in mmpy/runtime/. A
	// plugin with dependencies always ships an artifact (they live in it).
	Artifact bool
	// Deps configures dependency resolution for the artifact.
	Deps deps.Options
	// Context for dependency resolution (nil = background).
	Context context.Context
	// Engine, when set, is written to plugin.json as server.python.engine
	// (the engine the shim runs the plugin on).
	Engine string
	// Shims, when set, replaces the runtime's shim executables (platform ->
	// file) and limits the bundle to those platforms: a shim built with cgo
	// (-tags wasmtime) exists for the building machine's platform only.
	Shims map[string]string
}

// Result describes a written bundle.
type Result struct {
	Manifest *manifest.Manifest
	Files    int
	Bytes    int64 // compressed size
	// Artifact is set when the bundle carries mmpy/plugin.wasm.
	Artifact *ArtifactResult
}

// HasDependencies reports whether the plugin in dir needs third-party
// packages vendored (a venv, or a requirements file with requirements
// beyond what the runtime provides).
func HasDependencies(dir string, m *manifest.Manifest) (bool, error) {
	plan, err := m.Dependencies(dir)
	if err != nil {
		return false, err
	}
	if plan.Mode == manifest.ModeVenv {
		return true, nil
	}
	if plan.Requirements == "" {
		return false, nil
	}
	lines, _, err := deps.ReadRequirements(plan.Requirements, ProvidedDistributions)
	return len(lines) > 0, err
}

// skipped names are never bundled (caches, VCS, virtualenvs, tests).
var skipped = map[string]bool{
	".git": true, "__pycache__": true, ".mypy_cache": true, ".pytest_cache": true,
	".ruff_cache": true, ".venv": true, "venv": true, "node_modules": true, "dist": true,
	"tests": true, ".DS_Store": true,
}

// InterpreterVersion is the Python version of the runtime (major, minor).
var InterpreterVersion = [2]int{3, 13}

// Build writes the bundle.
func Build(o Options) (*Result, error) {
	say := o.Progress
	if say == nil {
		say = func(string) {}
	}
	m, err := loadManifest(o.PluginDir)
	if err != nil {
		return nil, err
	}
	if err := checkRuntime(o.RuntimeDir); err != nil {
		return nil, err
	}
	var art *ArtifactResult
	if !o.Artifact {
		if o.Artifact, err = HasDependencies(o.PluginDir, m); err != nil {
			return nil, err
		}
		if o.Artifact {
			say("the plugin has dependencies: shipping the one-file artifact " + layout.BundleArtifact)
		}
	}
	if o.Artifact {
		ctx := o.Context
		if ctx == nil {
			ctx = context.Background()
		}
		if art, err = BuildArtifact(ctx, ArtifactOptions{PluginDir: o.PluginDir, RuntimeDir: o.RuntimeDir, Deps: o.Deps, Progress: say}); err != nil {
			return nil, err
		}
	}
	say(fmt.Sprintf("bundling %s %s from %s", m.ID, m.Version, o.PluginDir))

	if err := os.MkdirAll(filepath.Dir(o.Out), 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(o.Out), ".bundle-*.tar.gz")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	gz, _ := gzip.NewWriterLevel(tmp, gzip.DefaultCompression) // BestCompression: ~3x the time for ~2% smaller
	tw := tar.NewWriter(gz)
	w := &writer{tw: tw, top: m.ID, mtime: time.Unix(0, 0), part: "plugin"}

	// plugin.json: the author's manifest with the shims as executables.
	raw := m.Raw
	server, _ := raw["server"].(map[string]any)
	if server == nil {
		server = map[string]any{}
	}
	platforms := layout.Platforms
	if o.Shims != nil {
		platforms = make([]string, 0, len(o.Shims))
		for p := range o.Shims {
			platforms = append(platforms, p)
		}
		sort.Strings(platforms)
	}
	exes := map[string]any{}
	for _, p := range platforms {
		exes[p] = path.Join(layout.BundleShimDir, layout.ShimName(p))
	}
	server["executables"] = exes
	if o.Engine != "" {
		py, _ := server["python"].(map[string]any)
		if py == nil {
			py = map[string]any{}
		}
		py["engine"] = o.Engine
		server["python"] = py
	}
	raw["server"] = server
	mj, err := json.MarshalIndent(raw, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := w.file("plugin.json", 0o644, mj); err != nil {
		return nil, err
	}

	say("adding plugin files")
	if err := w.tree(o.PluginDir, "", func(rel string, d fs.DirEntry) bool {
		if skipped[d.Name()] || strings.HasSuffix(d.Name(), ".pyc") {
			return false
		}
		return !(rel == "plugin.json" || rel == "plugin.yaml" || rel == "plugin.yml")
	}); err != nil {
		return nil, err
	}
	// The author's YAML manifest is kept too (plugin.json is authoritative).
	if !strings.HasSuffix(m.File, ".json") {
		if err := w.copy(m.File, filepath.Base(m.File), 0o644); err != nil {
			return nil, err
		}
	}

	if art != nil {
		say("adding the one-file artifact (interpreter, stdlib, SDK, dependencies, plugin)")
		w.part = "artifact"
		if err := w.file(layout.BundleArtifact, 0o644, art.Data); err != nil {
			return nil, err
		}
	} else {
		say("adding runtime (interpreter, stdlib, SDK)")
		w.part = "runtime"
		if err := w.tree(o.RuntimeDir, layout.BundleRuntime, func(rel string, d fs.DirEntry) bool {
			return rel != layout.ShimDir
		}); err != nil {
			return nil, err
		}
	}
	say("adding shims for " + strings.Join(platforms, ", "))
	w.part = "shims"
	for _, p := range platforms {
		src := filepath.Join(o.RuntimeDir, layout.ShimDir, layout.ShimName(p))
		if o.Shims != nil {
			src = o.Shims[p]
		}
		if err := w.copy(src, path.Join(layout.BundleShimDir, layout.ShimName(p)), 0o755); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp.Name(), o.Out); err != nil {
		return nil, err
	}
	st, err := os.Stat(o.Out)
	if err != nil {
		return nil, err
	}
	say(fmt.Sprintf("wrote %s (%d files, %.1f MB)", o.Out, w.n, float64(st.Size())/1e6))
	say("size: " + w.sizeReport())
	if art != nil {
		say("artifact size: " + art.Sizes.String())
	}
	return &Result{Manifest: m, Files: w.n, Bytes: st.Size(), Artifact: art}, nil
}

// loadManifest loads and validates the manifest in dir, including its
// python_version against the bundled interpreter.
func loadManifest(dir string) (*manifest.Manifest, error) {
	m, err := manifest.Load(dir)
	if err != nil {
		return nil, err
	}
	if pv := m.Server.PythonVersion; pv != "" {
		spec, _ := manifest.ParseVersionSpec(pv)
		if !spec.Allows(InterpreterVersion[0], InterpreterVersion[1]) {
			return nil, fmt.Errorf("%s: server.python_version: %q does not allow the bundled interpreter Python %d.%d: relax the constraint (e.g. \">=3.9\")",
				filepath.Base(m.File), pv, InterpreterVersion[0], InterpreterVersion[1])
		}
	}
	return m, nil
}

func checkRuntime(dir string) error {
	need := []string{layout.PythonWasm, layout.StdlibZip, layout.SiteZip}
	for _, p := range layout.Platforms {
		need = append(need, path.Join(layout.ShimDir, layout.ShimName(p)))
	}
	for _, n := range need {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(n))); err != nil {
			return fmt.Errorf("runtime %s is incomplete: %s is missing: build it with `make runtime` or pass --runtime DIR", dir, n)
		}
	}
	return nil
}

type writer struct {
	tw    *tar.Writer
	top   string
	mtime time.Time
	n     int
	part  string           // what the files being added are, for the size report
	sizes map[string]int64 // uncompressed bytes per part
}

func (w *writer) count(n int64) {
	if w.sizes == nil {
		w.sizes = map[string]int64{}
	}
	w.sizes[w.part] += n
}

// sizeReport breaks the bundle down by part (uncompressed).
func (w *writer) sizeReport() string {
	var parts []string
	for _, k := range []string{"plugin", "interpreter", "stdlib", "SDK", "artifact", "shims"} {
		if n, ok := w.sizes[k]; ok {
			parts = append(parts, fmt.Sprintf("%s %.2f MB", k, float64(n)/1e6))
		}
	}
	return strings.Join(parts, ", ") + " (uncompressed)"
}

func (w *writer) file(rel string, mode int64, data []byte) error {
	w.n++
	w.count(int64(len(data)))
	if err := w.tw.WriteHeader(&tar.Header{Name: path.Join(w.top, rel), Mode: mode, Size: int64(len(data)),
		ModTime: w.mtime, Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
		return err
	}
	_, err := w.tw.Write(data)
	return err
}

func (w *writer) copy(src, rel string, mode int64) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	w.n++
	part := w.part
	if part == "runtime" { // the loose runtime: say which piece
		switch path.Base(rel) {
		case path.Base(layout.PythonWasm):
			w.part = "interpreter"
		case path.Base(layout.StdlibZip):
			w.part = "stdlib"
		case path.Base(layout.SiteZip):
			w.part = "SDK"
		default:
			w.part = "plugin" // BUILDINFO.json: metadata, counted with the plugin
		}
	}
	w.count(st.Size())
	w.part = part
	if err := w.tw.WriteHeader(&tar.Header{Name: path.Join(w.top, rel), Mode: mode, Size: st.Size(),
		ModTime: w.mtime, Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
		return err
	}
	_, err = io.Copy(w.tw, f)
	return err
}

// tree adds every regular file under root (sorted, for reproducible bundles)
// below prefix. Symlinks are refused: a bundle must be self-contained.
func (w *writer) tree(root, prefix string, keep func(rel string, d fs.DirEntry) bool) error {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if !keep(rel, d) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symlink: bundles cannot contain symlinks; replace it with the file it points to", p)
		}
		if d.Type().IsRegular() {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(files)
	for _, rel := range files {
		src := filepath.Join(root, filepath.FromSlash(rel))
		st, err := os.Stat(src)
		if err != nil {
			return err
		}
		mode := int64(0o644)
		if st.Mode()&0o111 != 0 {
			mode = 0o755
		}
		if err := w.copy(src, path.Join(prefix, rel), mode); err != nil {
			return err
		}
	}
	return nil
}
