// Package deps vendors a plugin's Python dependencies for the WebAssembly
// sandbox: it resolves requirements.txt with pip to pure-Python wheels for
// the guest's CPython (building a pure wheel from the sdist when a package
// has a pure-Python fallback), or takes the packages of a venv, refuses
// anything that needs a compiled extension, precompiles the sources and packs
// the site-packages tree as a zip (the mmpy.fs.deps section of an artifact).
package deps

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// GuestSitePackages is where the guest finds the vendored packages (used in
// .pyc file names so tracebacks show guest paths).
const GuestSitePackages = "/usr/local/lib/python3.13/site-packages"

// cacheFormat changes when the layout of a cache entry changes.
const cacheFormat = "deps-v1"

// Dependency is one vendored distribution.
type Dependency struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Result is a vendored site-packages tree.
type Result struct {
	Zip          []byte       // the tree, deflated, with .pyc when a native Python was found
	Dependencies []Dependency // sorted by name
	Files        int
	Precompiled  bool
}

// Options for Resolve and FromVenv.
type Options struct {
	// PythonVersion of the guest ("3.13").
	PythonVersion string
	// CacheDir keeps downloads and resolved trees, keyed by their inputs
	// (default ~/.cache/mmpy/wheels).
	CacheDir string
	// Python runs pip (default $MMPY_PIP_PYTHON or python3).
	Python string
	// NativePython precompiles .pyc; it must be CPython PythonVersion
	// (default: $MMPY_NATIVE_PYTHON, the native build of `make runtime`,
	// python3.13, python3; none found = sources only).
	NativePython string
	// Provided names distributions the runtime already carries (the SDK):
	// requirements on them are skipped.
	Provided []string
	// Progress receives one line per step (nil = silent).
	Progress func(string)
}

// NativeError is returned for a requirement that has no pure-Python form.
type NativeError struct{ Package, Detail string }

func (e *NativeError) Error() string {
	return fmt.Sprintf("%s: needs compiled extension; not available in the WASI sandbox (%s): remove it from the requirements or pick a pure-Python alternative", e.Package, e.Detail)
}

func (o *Options) defaults() {
	if o.PythonVersion == "" {
		o.PythonVersion = "3.13"
	}
	if o.CacheDir == "" {
		home, _ := os.UserHomeDir()
		o.CacheDir = filepath.Join(home, ".cache", "mmpy", "wheels")
	}
	if o.Python == "" {
		o.Python = os.Getenv("MMPY_PIP_PYTHON")
	}
	if o.Python == "" {
		o.Python = "python3"
	}
	if o.Progress == nil {
		o.Progress = func(string) {}
	}
}

var reqName = regexp.MustCompile(`^\s*([A-Za-z0-9][A-Za-z0-9._-]*)`)

// Normalize is the PEP 503 normalized name.
func Normalize(name string) string {
	return strings.ToLower(regexp.MustCompile(`[-_.]+`).ReplaceAllString(name, "-"))
}

// ReadRequirements returns the requirement lines of a requirements file with
// comments, blank lines and provided distributions removed, and the
// relative paths of -r/-c lines made absolute.
func ReadRequirements(file string, provided []string) (lines []string, skipped []string, err error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, err
	}
	prov := map[string]bool{}
	for _, p := range provided {
		prov[Normalize(p)] = true
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, " #"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, flag := range includeFlags {
			if rest, ok := strings.CutPrefix(line, flag+" "); ok {
				p := strings.TrimSpace(rest)
				if !filepath.IsAbs(p) {
					p = filepath.Join(filepath.Dir(file), p)
				}
				line = flag + " " + p
			}
		}
		if strings.HasPrefix(line, "-e") || strings.HasPrefix(line, "--editable") {
			return nil, nil, fmt.Errorf("%s: %q: editable requirements cannot be vendored; list the package by name and version", file, line)
		}
		if m := reqName.FindStringSubmatch(line); m != nil && !strings.HasPrefix(line, "-") && prov[Normalize(m[1])] {
			skipped = append(skipped, m[1])
			continue
		}
		lines = append(lines, line)
	}
	return lines, skipped, sc.Err()
}

var includeFlags = []string{"-r", "-c", "--requirement", "--constraint"}

// includedFile is the file a -r/-c line names ("" for other lines).
func includedFile(line string) string {
	for _, flag := range includeFlags {
		if rest, ok := strings.CutPrefix(line, flag+" "); ok {
			return strings.TrimSpace(rest)
		}
	}
	return ""
}

// Resolve vendors the requirements in file.
func Resolve(ctx context.Context, file string, o Options) (*Result, error) {
	o.defaults()
	lines, skipped, err := ReadRequirements(file, o.Provided)
	if err != nil {
		return nil, err
	}
	for _, s := range skipped {
		o.Progress(fmt.Sprintf("requirement %s is provided by the mmpy runtime: skipped", s))
	}
	if len(lines) == 0 {
		return &Result{}, nil
	}
	reqText := strings.Join(lines, "\n") + "\n"
	// The cache key covers every input: the requirements, the files they
	// include (-r/-c) and the guest's Python version.
	hh := sha256.New()
	fmt.Fprintf(hh, "%s\x00%s\x00%s", cacheFormat, o.PythonVersion, reqText)
	for _, l := range lines {
		if inc := includedFile(l); inc != "" {
			b, err := os.ReadFile(inc)
			if err != nil {
				return nil, fmt.Errorf("%s: %q: %w", file, l, err)
			}
			hh.Write(b)
		}
	}
	key := hex.EncodeToString(hh.Sum(nil)[:8])
	entry := filepath.Join(o.CacheDir, "resolved", key)
	if r, err := readCached(entry); err == nil {
		o.Progress(fmt.Sprintf("dependencies from cache %s (%d packages)", entry, len(r.Dependencies)))
		return r, nil
	}
	if err := os.MkdirAll(filepath.Join(o.CacheDir, "resolved"), 0o755); err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp(filepath.Join(o.CacheDir, "resolved"), key+".tmp-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	reqFile := filepath.Join(work, "requirements.txt")
	if err := os.WriteFile(reqFile, []byte(reqText), 0o644); err != nil {
		return nil, err
	}
	wheels := filepath.Join(work, "wheels")
	built := filepath.Join(o.CacheDir, "built-pure")
	if err := os.MkdirAll(built, 0o755); err != nil {
		return nil, err
	}
	o.Progress(fmt.Sprintf("resolving %d requirement(s) with pip for CPython %s", len(lines), o.PythonVersion))
	// 1. Resolve the full set of distributions for CPython on Linux, where
	// (almost) everything has a wheel, so pip does not backtrack through
	// every version of a package whose dependency lacks a pure wheel.
	pins, err := resolvePins(ctx, o, reqFile, work, built)
	if err != nil {
		return nil, err
	}
	// 2. Fetch every pinned distribution as a pure-Python wheel; build one
	// from the sdist where PyPI has none (an optional C speed-up is then
	// left out), or refuse the package by name.
	pure := []string{"--disable-pip-version-check", "--no-deps", "--only-binary=:all:",
		"--platform", "any", "--implementation", "py", "--python-version", o.PythonVersion, "--abi", "none",
		"--find-links", built, "-d", wheels}
	specs := make([]string, len(pins))
	for i, p := range pins {
		specs[i] = p.Name + "==" + p.Version
	}
	if _, err := pip(ctx, o, nil, append(append([]string{"download"}, pure...), specs...)...); err != nil {
		// Some pin has no pure wheel: find which, one by one.
		if err := fetchPure(ctx, o, pins, pure, built); err != nil {
			return nil, err
		}
	}
	res, err := vendorWheels(ctx, o, wheels, filepath.Join(work, "site"))
	if err != nil {
		return nil, err
	}
	if err := writeCached(entry, res); err != nil {
		return nil, err
	}
	return res, nil
}

// fetchPure downloads each pin as a pure wheel, building one from the sdist
// where PyPI has none.
func fetchPure(ctx context.Context, o Options, pins []Dependency, pure []string, built string) error {
	for _, p := range pins {
		spec := p.Name + "==" + p.Version
		if _, err := pip(ctx, o, nil, append(append([]string{"download"}, pure...), spec)...); err == nil {
			continue
		}
		o.Progress(fmt.Sprintf("%s has no pure-Python wheel on PyPI: building one from its source distribution with compilers disabled", spec))
		if err := buildPure(ctx, o, spec, p.Name, built); err != nil {
			return err
		}
		if out, err := pip(ctx, o, nil, append(append([]string{"download"}, pure...), spec)...); err != nil {
			return fmt.Errorf("%s: the pure wheel built from source is not usable:\n%s", p.Name, tail(out, 10))
		}
	}
	return nil
}

// resolvePins runs pip's resolver for CPython on manylinux and returns the
// distributions it picked. A requirement without any wheel gets a pure one
// built from its sdist first.
func resolvePins(ctx context.Context, o Options, reqFile, work, built string) ([]Dependency, error) {
	report := filepath.Join(work, "report.json")
	abi := "cp" + strings.ReplaceAll(o.PythonVersion, ".", "")
	tried := map[string]bool{}
	for {
		out, err := pip(ctx, o, nil, "install", "--dry-run", "--ignore-installed", "--disable-pip-version-check",
			"--report", report, "--only-binary=:all:", "--python-version", o.PythonVersion,
			"--implementation", "cp", "--abi", abi, "--platform", "manylinux_2_17_x86_64", "--platform", "manylinux2014_x86_64",
			"--target", filepath.Join(work, "target"), "--find-links", built, "-r", reqFile)
		if err == nil {
			break
		}
		spec := missing(out)
		if spec == "" {
			return nil, fmt.Errorf("pip could not resolve the requirements:\n%s", tail(out, 30))
		}
		name := reqName.FindStringSubmatch(spec)[1]
		if tried[Normalize(name)] {
			return nil, &NativeError{Package: name, Detail: "no wheel for CPython " + o.PythonVersion + " even after building it from source"}
		}
		tried[Normalize(name)] = true
		o.Progress(fmt.Sprintf("%s has no wheel on PyPI: building a pure-Python one from its source distribution with compilers disabled", name))
		if err := buildPure(ctx, o, spec, name, built); err != nil {
			return nil, err
		}
	}
	data, err := os.ReadFile(report)
	if err != nil {
		return nil, err
	}
	var r struct {
		Install []struct {
			Metadata struct {
				Name    string `json:"name"`
				Version string `json:"version"`
			} `json:"metadata"`
		} `json:"install"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("pip report: %w", err)
	}
	var pins []Dependency
	for _, i := range r.Install {
		pins = append(pins, Dependency{Name: i.Metadata.Name, Version: i.Metadata.Version})
	}
	return pins, nil
}

var missingRe = regexp.MustCompile(`No matching distribution found for ([^\s]+)`)

func missing(out []byte) string {
	m := missingRe.FindSubmatch(out)
	if m == nil {
		return ""
	}
	return string(m[1])
}

// buildPure builds a wheel of spec from its sdist with every compiler
// replaced by `false`: a package with an optional C speed-up (MarkupSafe,
// PyYAML, ...) then builds its pure-Python form; one that needs C fails and
// is refused by name.
func buildPure(ctx context.Context, o Options, spec, name, built string) error {
	// A refusal is remembered (per exact spec) so a rebuild does not try
	// the same failing sdist build again; delete the .native file to retry.
	h := sha256.Sum256([]byte(spec))
	marker := filepath.Join(built, Normalize(name)+"-"+hex.EncodeToString(h[:6])+".native")
	if why, err := os.ReadFile(marker); err == nil {
		return &NativeError{Package: name, Detail: string(why)}
	}
	err := buildPureUncached(ctx, o, spec, name, built)
	var ne *NativeError
	if errors.As(err, &ne) {
		_ = os.WriteFile(marker, []byte(ne.Detail), 0o644)
	}
	return err
}

func buildPureUncached(ctx context.Context, o Options, spec, name, built string) error {
	tmp, err := os.MkdirTemp(built, ".build-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	env := []string{"CC=false", "CXX=false", "LDSHARED=false", "MAKE=false", "CARGO=false", "RUSTC=false"}
	out, err := pip(ctx, o, env, "wheel", "--disable-pip-version-check", "--no-deps", "--no-binary", name,
		"--ignore-requires-python", // the pin was chosen for the guest's Python, not this one
		"-w", tmp, spec)
	if err != nil {
		if missing(out) != "" {
			return fmt.Errorf("%s: not found on PyPI (pip: %s): check the name and version in the requirements", name, strings.TrimSpace(tail(out, 3)))
		}
		return &NativeError{Package: name, Detail: "its source distribution does not build without a C compiler"}
	}
	whls, _ := filepath.Glob(filepath.Join(tmp, "*.whl"))
	if len(whls) != 1 {
		return fmt.Errorf("%s: pip wheel produced %d wheels, expected 1", name, len(whls))
	}
	if bin, err := binaryMember(whls[0]); err != nil {
		return err
	} else if bin != "" {
		return &NativeError{Package: name, Detail: "its wheel contains " + bin}
	}
	// A package that declares an optional extension is tagged for the build
	// platform even when it built none; it is pure, so say so.
	base := filepath.Base(whls[0])
	parts := strings.Split(strings.TrimSuffix(base, ".whl"), "-")
	if len(parts) < 5 {
		return fmt.Errorf("%s: unexpected wheel name %s", name, base)
	}
	pure := strings.Join(parts[:len(parts)-3], "-") + "-py3-none-any.whl"
	o.Progress(fmt.Sprintf("built pure-Python wheel %s", pure))
	return os.Rename(whls[0], filepath.Join(built, pure))
}

func binaryMember(whl string) (string, error) {
	zr, err := zip.OpenReader(whl)
	if err != nil {
		return "", err
	}
	defer zr.Close()
	for _, f := range zr.File {
		if isBinary(f.Name) {
			return f.Name, nil
		}
	}
	return "", nil
}

func isBinary(name string) bool {
	for _, ext := range []string{".so", ".pyd", ".dylib", ".dll"} {
		if strings.HasSuffix(name, ext) || strings.Contains(name, ext+".") {
			return true
		}
	}
	return false
}

func pip(ctx context.Context, o Options, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, o.Python, append([]string{"-m", "pip"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Env = append(cmd.Env, "PIP_NO_INPUT=1", "PIP_CACHE_DIR="+filepath.Join(o.CacheDir, "pip"))
	out, err := cmd.CombinedOutput()
	if err != nil && ctx.Err() != nil {
		return out, ctx.Err()
	}
	if errors.Is(err, exec.ErrNotFound) {
		return out, fmt.Errorf("%s not found: install Python 3 with pip, or set MMPY_PIP_PYTHON", o.Python)
	}
	return out, err
}

func tail(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

var wheelName = regexp.MustCompile(`^([^-]+)-([^-]+)-`)

// vendorWheels unpacks every wheel in dir into site (purelib layout) and
// packs it.
func vendorWheels(ctx context.Context, o Options, dir, site string) (*Result, error) {
	whls, _ := filepath.Glob(filepath.Join(dir, "*.whl"))
	sort.Strings(whls)
	var ds []Dependency
	for _, w := range whls {
		m := wheelName.FindStringSubmatch(filepath.Base(w))
		if m == nil {
			return nil, fmt.Errorf("unexpected wheel name %s", filepath.Base(w))
		}
		ds = append(ds, Dependency{Name: m[1], Version: m[2]})
		if err := unpackWheel(w, m[1], site); err != nil {
			return nil, err
		}
	}
	return pack(ctx, o, site, ds)
}

func unpackWheel(whl, dist, site string) error {
	zr, err := zip.OpenReader(whl)
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(whl), err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		name := f.Name
		if strings.HasSuffix(name, "/") {
			continue
		}
		if isBinary(name) {
			return &NativeError{Package: dist, Detail: "its wheel contains " + name}
		}
		// NAME.data/purelib|platlib/... belongs at the root; scripts,
		// headers and data files have no place in the sandbox.
		if first, rest, ok := strings.Cut(name, "/"); ok && strings.HasSuffix(first, ".data") {
			kind, inner, ok := strings.Cut(rest, "/")
			if !ok || (kind != "purelib" && kind != "platlib") {
				continue
			}
			name = inner
		}
		clean := path.Clean(name)
		if path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") {
			return fmt.Errorf("%s: entry %q escapes the package folder", filepath.Base(whl), f.Name)
		}
		dst := filepath.Join(site, filepath.FromSlash(clean))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		out, err := os.Create(dst)
		if err != nil {
			rc.Close()
			return err
		}
		_, err = io.Copy(out, io.LimitReader(rc, 1<<30))
		rc.Close()
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// skipInVenv are site-packages entries of a venv that are tooling, not
// dependencies of the plugin.
var skipInVenv = regexp.MustCompile(`^(pip|setuptools|wheel|_distutils_hack|pkg_resources|distutils-precedence\.pth|__pycache__)($|-[^/]*\.dist-info$)|\.pth$`)

// FromVenv vendors the packages installed in the venv at venvDir.
func FromVenv(ctx context.Context, venvDir string, o Options) (*Result, error) {
	o.defaults()
	libs, _ := filepath.Glob(filepath.Join(venvDir, "lib", "python3.*", "site-packages"))
	if len(libs) != 1 {
		return nil, fmt.Errorf("%s has no lib/python3.X/site-packages (found %d): create the venv with `python3.13 -m venv` and install the requirements into it", venvDir, len(libs))
	}
	sp := libs[0]
	if v := strings.TrimPrefix(filepath.Base(filepath.Dir(sp)), "python"); v != o.PythonVersion {
		o.Progress(fmt.Sprintf("warning: the venv is for Python %s, the sandbox runs %s: pure-Python packages usually work; recreate the venv with python%s if imports fail", v, o.PythonVersion, o.PythonVersion))
	}
	tmp, err := os.MkdirTemp("", "mmpy-venv-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	site := filepath.Join(tmp, "site")
	var ds []Dependency
	entries, err := os.ReadDir(sp)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if skipInVenv.MatchString(e.Name()) {
			continue
		}
		if m := regexp.MustCompile(`^(.+)-([^-]+)\.dist-info$`).FindStringSubmatch(e.Name()); m != nil {
			ds = append(ds, Dependency{Name: m[1], Version: m[2]})
		}
		err := filepath.WalkDir(filepath.Join(sp, e.Name()), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "__pycache__" {
					return filepath.SkipDir
				}
				return nil
			}
			rel, _ := filepath.Rel(sp, p)
			if isBinary(d.Name()) {
				return &NativeError{Package: strings.SplitN(filepath.ToSlash(rel), "/", 2)[0], Detail: "the venv holds the compiled file " + filepath.ToSlash(rel)}
			}
			if !d.Type().IsRegular() {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			dst := filepath.Join(site, rel)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return err
			}
			return os.WriteFile(dst, data, 0o644)
		})
		if err != nil {
			return nil, err
		}
	}
	return pack(ctx, o, site, ds)
}

// pack precompiles site (when a native interpreter of the guest's version
// is found) and zips it.
func pack(ctx context.Context, o Options, site string, ds []Dependency) (*Result, error) {
	sort.Slice(ds, func(i, j int) bool { return Normalize(ds[i].Name) < Normalize(ds[j].Name) })
	res := &Result{Dependencies: ds}
	if _, err := os.Stat(site); err != nil {
		return res, nil
	}
	if py := nativePython(o); py != "" {
		cmd := exec.CommandContext(ctx, py, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash",
			"-s", site, "-p", GuestSitePackages, site)
		out, err := cmd.CombinedOutput()
		if err != nil {
			// A file that does not compile (Python 2 leftovers in a package's
			// examples) stays source-only; the rest is compiled.
			o.Progress(fmt.Sprintf("precompiling dependencies: some files did not compile (they ship as source):\n%s", tail(out, 5)))
		}
		res.Precompiled = true
	} else {
		o.Progress(fmt.Sprintf("no native CPython %s found (set MMPY_NATIVE_PYTHON): dependencies ship as source and compile at every start", o.PythonVersion))
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var files []string
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	epoch := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range files {
		rel, _ := filepath.Rel(site, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: filepath.ToSlash(rel), Method: zip.Deflate, Modified: epoch})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	res.Zip, res.Files = buf.Bytes(), len(files)
	return res, nil
}

// nativePython finds a CPython of the guest's version for compileall.
func nativePython(o Options) string {
	cands := []string{o.NativePython, os.Getenv("MMPY_NATIVE_PYTHON")}
	if home, err := os.UserHomeDir(); err == nil {
		if b, err := os.ReadFile(filepath.Join(home, ".cache", "mmpy", "native-python", "LATEST")); err == nil {
			cands = append(cands, strings.TrimSpace(string(b)))
		}
	}
	cands = append(cands, "python"+o.PythonVersion, "python3")
	for _, c := range cands {
		if c == "" {
			continue
		}
		out, err := exec.Command(c, "-c", "import sys; print('%d.%d' % sys.version_info[:2])").Output()
		if err == nil && strings.TrimSpace(string(out)) == o.PythonVersion {
			return c
		}
	}
	return ""
}

type cached struct {
	Dependencies []Dependency `json:"dependencies"`
	Files        int          `json:"files"`
	Precompiled  bool         `json:"precompiled"`
}

func readCached(entry string) (*Result, error) {
	meta, err := os.ReadFile(filepath.Join(entry, "deps.json"))
	if err != nil {
		return nil, err
	}
	var c cached
	if err := json.Unmarshal(meta, &c); err != nil {
		return nil, err
	}
	z, err := os.ReadFile(filepath.Join(entry, "deps.zip"))
	if err != nil {
		return nil, err
	}
	return &Result{Zip: z, Dependencies: c.Dependencies, Files: c.Files, Precompiled: c.Precompiled}, nil
}

func writeCached(entry string, r *Result) error {
	tmp, err := os.MkdirTemp(filepath.Dir(entry), filepath.Base(entry)+".new-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	meta, _ := json.MarshalIndent(cached{Dependencies: r.Dependencies, Files: r.Files, Precompiled: r.Precompiled}, "", "  ")
	if err := os.WriteFile(filepath.Join(tmp, "deps.zip"), r.Zip, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, "deps.json"), meta, 0o644); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := os.Rename(tmp, entry); err != nil {
		// Another build stored the same inputs first: theirs is as good.
		if _, serr := os.Stat(filepath.Join(entry, "deps.json")); serr == nil {
			return nil
		}
		return err
	}
	return nil
}
