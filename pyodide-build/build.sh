#!/usr/bin/env bash
# Build CPython 3.13 for wasm32-wasi (WASI preview 1) from Debian's sources,
# with zlib, the mmpy guest-ABI module (_mmpy) and protobuf's upb codec
# (google._upb._message, from the PyPI sdist) built in, plus a trimmed,
# precompiled stdlib zip.  See pyodide-build/README.md.
#
# usage: bash pyodide-build/build.sh [OUTDIR]     (default: <repo>/build/python-wasm)
#
# Environment knobs (all optional):
#   MMPY_CACHE        cache root (default ${XDG_CACHE_HOME:-~/.cache}/mmpy)
#   MMPY_JOBS         make -j (default 2)
#   MMPY_KEEP_WORK=1  keep the temporary build tree after a successful build
#   MMPY_PYTHON_SRC_VERSION / MMPY_ZLIB_SRC_VERSION / MMPY_WASI_LIBC_VERSION
#                     pin a Debian version instead of taking the newest one
#                     the archive serves
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd "$SCRIPT_DIR/.." && pwd -P)
OUTDIR=${1:-$REPO/build/python-wasm}
CACHE=${MMPY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mmpy}
JOBS=${MMPY_JOBS:-2}
LLVM_V=19
PY_SRC_PKG=python3.13
PY_VER=3.13
MIN_WASI_LIBC=0.0~git20241209   # bookworm's 0.0~git20220510 is too old for CPython 3.13
TOTAL=10
T0=$SECONDS

log()  { echo "[python-wasm] $*"; }
step() { log "step $1/$TOTAL: $2 (t=$((SECONDS - T0))s)"; }
die()  { echo "[python-wasm] ERROR: $*" >&2; exit 1; }

# run_logged LOGFILE CMD...: run quietly, show the log tail on failure.
run_logged() {
    local logf=$1; shift
    if ! "$@" >"$logf" 2>&1; then
        echo "[python-wasm] command failed: $*" >&2
        echo "[python-wasm] ---- last 40 lines of $logf ----" >&2
        tail -n 40 "$logf" >&2
        exit 1
    fi
}

[ "$(id -u)" = 0 ] || die "must run as root (installs packages with apt-get)"
[ "$(uname -m)" = x86_64 ] || log "warning: only tested on x86_64 build machines"
mkdir -p "$CACHE"
# One build at a time per cache (apt and the cache directories are shared).
exec 9>"$CACHE/.build.lock"
flock 9

# --------------------------------------------------------------------------
step 1 "toolchain packages (apt, trixie source list pinned at priority 1)"
# --------------------------------------------------------------------------
export DEBIAN_FRONTEND=noninteractive
TRIXIE_LIST=/etc/apt/sources.list.d/mmpy-trixie.sources
TRIXIE_PIN=/etc/apt/preferences.d/mmpy-trixie
want_list='# added by mmpy pyodide-build/build.sh: wasi-libc (binary) and
# python3.13 / zlib sources come from trixie; pinned to priority 1 in
# /etc/apt/preferences.d/mmpy-trixie so nothing is upgraded from it.
Types: deb deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg'
want_pin='# added by mmpy pyodide-build/build.sh: never install/upgrade from trixie
# unless asked for explicitly.
Package: *
Pin: release n=trixie
Pin-Priority: 1'
need_update=0
if [ "$(cat "$TRIXIE_PIN" 2>/dev/null)" != "$want_pin" ]; then
    printf '%s\n' "$want_pin" >"$TRIXIE_PIN"; need_update=1
fi
if [ "$(cat "$TRIXIE_LIST" 2>/dev/null)" != "$want_list" ]; then
    printf '%s\n' "$want_list" >"$TRIXIE_LIST"; need_update=1
fi
if ! compgen -G '/var/lib/apt/lists/*_dists_trixie_main_source_Sources*' >/dev/null ||
   ! compgen -G "/var/lib/apt/lists/*_dists_trixie_main_binary-$(dpkg --print-architecture)_Packages*" >/dev/null; then
    need_update=1
fi
if [ $need_update = 1 ]; then
    log "apt-get update (trixie lists missing or source list changed)"
    run_logged /tmp/mmpy-apt-update.log apt-get update -q
fi
PKGS=("clang-$LLVM_V" "lld-$LLVM_V" "llvm-$LLVM_V" "libclang-rt-$LLVM_V-dev-wasm32"
      build-essential pkg-config zlib1g-dev dpkg-dev xz-utils
      python3-pip)   # pip downloads the protobuf sdist (step 2)
missing=()
for p in "${PKGS[@]}"; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/mmpy-apt-install.log 2>&1; then
        log "install failed; apt-get update and retry"
        run_logged /tmp/mmpy-apt-update.log apt-get update -q
        run_logged /tmp/mmpy-apt-install.log apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
fi
CLANG=clang-$LLVM_V
for t in $CLANG llvm-ar-$LLVM_V llvm-ranlib-$LLVM_V llvm-strip-$LLVM_V wasm-ld-$LLVM_V dpkg-source; do
    command -v "$t" >/dev/null || die "$t not found after installing packages"
done

# --------------------------------------------------------------------------
step 2 "resolve pinned versions and input hash"
# --------------------------------------------------------------------------
# versions_desc: read Debian versions on stdin, print them newest first.
versions_desc() {
    local vs=() v i j t
    while read -r v; do [ -n "$v" ] && vs+=("$v"); done
    for ((i = 0; i < ${#vs[@]}; i++)); do
        for ((j = i + 1; j < ${#vs[@]}; j++)); do
            if dpkg --compare-versions "${vs[j]}" gt "${vs[i]}"; then
                t=${vs[i]}; vs[i]=${vs[j]}; vs[j]=$t
            fi
        done
    done
    [ ${#vs[@]} -gt 0 ] && printf '%s\n' "${vs[@]}" | uniq
    return 0
}
src_versions() {  # source package -> versions known to deb-src, newest first
    apt-cache showsrc "$1" 2>/dev/null | awk '/^Package: /{p=$2} /^Version: /{if (p=="'"$1"'") print $2}' | versions_desc
}
bin_versions() {  # binary package -> versions known to apt, newest first
    apt-cache madison "$1" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}' | versions_desc
}
safe() { printf '%s' "$1" | tr ':/' '__'; }

# fetch_src PKG [VERSION]: download (not unpack) a Debian source package into
# $CACHE/dl/; the first version (newest first) that the archive really serves
# wins (an index can list a version whose files are gone).  Prints "version dir".
fetch_src() {
    local pkg=$1 pin=${2:-} v d tmp
    local cands
    if [ -n "$pin" ]; then cands=$pin; else cands=$(src_versions "$pkg"); fi
    [ -n "$cands" ] || die "no deb-src versions of $pkg (is the trixie deb-src list active?)"
    for v in $cands; do
        d=$CACHE/dl/src/${pkg}_$(safe "$v")
        if [ -f "$d/.complete" ]; then echo "$v $d"; return 0; fi
        mkdir -p "$CACHE/dl/src"
        tmp=$(mktemp -d "$CACHE/dl/src/.tmp.XXXXXX")
        chown _apt "$tmp" 2>/dev/null || true
        if (cd "$tmp" && apt-get source -q --download-only "$pkg=$v" >"$tmp/.log" 2>&1); then
            rm -f "$tmp/.log"; touch "$tmp/.complete"; chown -R root "$tmp"
            rm -rf "$d"; mv "$tmp" "$d"
            echo "$v $d"; return 0
        fi
        log "  $pkg=$v not downloadable, trying an older version" >&2
        rm -rf "$tmp"
    done
    die "could not download any version of source package $pkg"
}
fetch_deb() {  # like fetch_src for a binary .deb (apt-get download); MINVER
    local pkg=$1 pin=${2:-} min=$3 v d tmp cands
    if [ -n "$pin" ]; then cands=$pin; else cands=$(bin_versions "$pkg"); fi
    for v in $cands; do
        dpkg --compare-versions "$v" ge "$min" || continue
        d=$CACHE/dl/deb/${pkg}_$(safe "$v")
        if [ -f "$d/.complete" ]; then echo "$v $d"; return 0; fi
        mkdir -p "$CACHE/dl/deb"
        tmp=$(mktemp -d "$CACHE/dl/deb/.tmp.XXXXXX")
        chown _apt "$tmp" 2>/dev/null || true
        if (cd "$tmp" && apt-get download -q "$pkg=$v" >"$tmp/.log" 2>&1); then
            rm -f "$tmp/.log"; touch "$tmp/.complete"; chown -R root "$tmp"
            rm -rf "$d"; mv "$tmp" "$d"
            echo "$v $d"; return 0
        fi
        log "  $pkg=$v not downloadable, trying an older version" >&2
        rm -rf "$tmp"
    done
    die "could not download $pkg >= $min (is the trixie list active?)"
}

r=$(fetch_src $PY_SRC_PKG "${MMPY_PYTHON_SRC_VERSION:-}"); read -r PY_DEBVER PY_DL <<<"$r"
r=$(fetch_src zlib "${MMPY_ZLIB_SRC_VERSION:-}"); read -r ZLIB_DEBVER ZLIB_DL <<<"$r"
r=$(fetch_deb wasi-libc "${MMPY_WASI_LIBC_VERSION:-}" "$MIN_WASI_LIBC"); read -r WASI_DEBVER WASI_DL <<<"$r"
# protobuf's upb C extension (google._upb._message) from the PyPI sdist; the
# version is the guest's protobuf pin (tools/requirements-dev.txt, the same
# pin tools/build-runtime.sh packs the pure-Python layer from).  The sdist's
# sha256 is pinned here: bumping protobuf means updating PROTOBUF_SDIST_SHA256.
PROTOBUF_VERSION=$(sed -n 's/^protobuf==\([^ ]*\).*/\1/p' "$REPO/tools/requirements-dev.txt")
[ -n "$PROTOBUF_VERSION" ] || die "no protobuf== pin in tools/requirements-dev.txt"
declare -A PROTOBUF_SDIST_SHA256=(
    [7.36.2]=497d0463ff3316681da6c0b9e8d06cb465d61abce00b613ab42226175644d1bb
)
fetch_protobuf_sdist() {  # -> path of the cached sdist
    local v=$1 d tmp f want
    want=${PROTOBUF_SDIST_SHA256[$v]:-}
    [ -n "$want" ] || die "protobuf==$v: no pinned sdist sha256 in build.sh (PROTOBUF_SDIST_SHA256)"
    d=$CACHE/dl/pypi/protobuf-$v
    f=$d/protobuf-$v.tar.gz
    if [ ! -f "$d/.complete" ]; then
        mkdir -p "$CACHE/dl/pypi"
        tmp=$(mktemp -d "$CACHE/dl/pypi/.tmp.XXXXXX")
        run_logged "$tmp/.log" python3 -m pip download -q --disable-pip-version-check \
            --no-deps --no-binary :all: -d "$tmp" "protobuf==$v"
        [ -f "$tmp/protobuf-$v.tar.gz" ] || die "pip download gave no protobuf-$v.tar.gz"
        rm -f "$tmp/.log"; touch "$tmp/.complete"
        rm -rf "$d"; mv "$tmp" "$d"
    fi
    [ "$(sha256sum "$f" | cut -d' ' -f1)" = "$want" ] ||
        die "$f: sha256 is not the pinned $want (delete $d to re-download)"
    echo "$f"
}
PROTOBUF_SDIST=$(fetch_protobuf_sdist "$PROTOBUF_VERSION")
PROTOBUF_SDIST_SHA=${PROTOBUF_SDIST_SHA256[$PROTOBUF_VERSION]}
pkgver() { dpkg-query -W -f='${Version}' "$1"; }
CLANG_DEBVER=$(pkgver clang-$LLVM_V)
CLANG_VERSION=$($CLANG --version | head -n1)
TOOLS_DEBVERS="lld-$LLVM_V=$(pkgver lld-$LLVM_V) llvm-$LLVM_V=$(pkgver llvm-$LLVM_V) libclang-rt-$LLVM_V-dev-wasm32=$(pkgver libclang-rt-$LLVM_V-dev-wasm32)"
GCC_VERSION=$(gcc --version | head -n1)

INPUT_FILES=(build.sh Setup.local stdlib-exclude.txt mkstdlib.py wasminfo.py upb-wasi/setjmp.h)
for f in "$SCRIPT_DIR"/modules/*; do INPUT_FILES+=("modules/${f##*/}"); done
INPUTS_MANIFEST=$(
    cd "$SCRIPT_DIR"
    sha256sum "${INPUT_FILES[@]}"
    echo "python3.13-source=$PY_DEBVER"
    echo "zlib-source=$ZLIB_DEBVER"
    echo "wasi-libc=$WASI_DEBVER"
    echo "protobuf-sdist=$PROTOBUF_VERSION sha256=$PROTOBUF_SDIST_SHA"
    echo "clang-$LLVM_V=$CLANG_DEBVER ($CLANG_VERSION)"
    echo "$TOOLS_DEBVERS"
)
INPUT_HASH=$(printf '%s\n' "$INPUTS_MANIFEST" | sha256sum | cut -d' ' -f1)
log "python3.13 source $PY_DEBVER, zlib source $ZLIB_DEBVER, wasi-libc $WASI_DEBVER, clang $CLANG_DEBVER, protobuf sdist $PROTOBUF_VERSION"
log "input hash $INPUT_HASH"

ART_CACHE=$CACHE/python-wasm/$INPUT_HASH
is_complete() {
    [ -f "$1/.complete" ] && [ -s "$1/python.wasm" ] && [ -s "$1/lib/python313.zip" ] &&
        [ -d "$1/lib/python3.13/lib-dynload" ] && [ -s "$1/BUILDINFO.json" ]
}

install_outdir() {
    step 10 "install artifact into $OUTDIR"
    local parent tmp
    if [ -e "$OUTDIR" ] && [ ! -f "$OUTDIR/BUILDINFO.json" ] && [ -n "$(ls -A "$OUTDIR" 2>/dev/null)" ]; then
        die "$OUTDIR exists, is not empty and has no BUILDINFO.json: refusing to replace it"
    fi
    parent=$(dirname "$OUTDIR"); mkdir -p "$parent"
    tmp=$(mktemp -d "$parent/.python-wasm.tmp.XXXXXX")
    cp -R --no-preserve=ownership "$ART_CACHE"/. "$tmp"/
    rm -f "$tmp/.complete"
    chmod 755 "$tmp"
    rm -rf "$OUTDIR.old.$$"
    if [ -e "$OUTDIR" ]; then mv "$OUTDIR" "$OUTDIR.old.$$"; fi
    mv "$tmp" "$OUTDIR"
    rm -rf "$OUTDIR.old.$$"
    log "artifact: $OUTDIR"
    log "  python.wasm            $(stat -c %s "$OUTDIR/python.wasm") bytes"
    log "  lib/python313.zip      $(stat -c %s "$OUTDIR/lib/python313.zip") bytes"
    log "  total                  $(du -sb "$OUTDIR" | cut -f1) bytes"
    log "done in $((SECONDS - T0))s"
}

# MMPY_NEED_NATIVE=1 (tools/build-runtime.sh): the caller also needs the
# native build python (to precompile .pyc); on a cache hit without it, fall
# through and rebuild (reproducible: the artifact comes out identical).
native_ok() {
    [ "${MMPY_NEED_NATIVE:-0}" != 1 ] && return 0
    [ -f "$CACHE/native-python/LATEST" ] && [ -x "$(cat "$CACHE/native-python/LATEST")" ]
}
if is_complete "$ART_CACHE" && ! native_ok; then
    log "cache hit but the native build python is missing: rebuilding it"
fi
if is_complete "$ART_CACHE" && native_ok; then
    log "cache hit: $ART_CACHE"
    touch "$ART_CACHE/.complete"   # last-used time, for pruning
    install_outdir
    exit 0
fi
log "cache miss: building (expect ~4-6 min cold on 2 cores)"

# Fixed work path (not mktemp): build paths end up in _sysconfigdata and a
# fixed path keeps the output reproducible.  The flock above serialises builds.
WORK=$CACHE/work
rm -rf "$WORK"; mkdir -p "$WORK"
cleanup() {
    local rc=$?
    if [ $rc -ne 0 ]; then
        echo "[python-wasm] build failed (exit $rc); work tree kept at $WORK" >&2
    elif [ "${MMPY_KEEP_WORK:-0}" != 1 ]; then
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
log "work dir $WORK"

# --------------------------------------------------------------------------
step 3 "unpack sources (python3.13 $PY_DEBVER, zlib $ZLIB_DEBVER) with Debian patches"
# --------------------------------------------------------------------------
# unpack_src DLDIR DEST: dpkg-source -x (applies debian/patches: the CVE fixes
# and Debian's layout patches).
unpack_src() {
    local dsc
    dsc=$(ls "$1"/*.dsc | head -n1)
    run_logged "$WORK/unpack-$(basename "$2").log" dpkg-source --no-check -x "$dsc" "$2"
}
unpack_src "$PY_DL" "$WORK/cpython"
unpack_src "$ZLIB_DL" "$WORK/zlib-src"
[ -f "$WORK/cpython/Include/patchlevel.h" ] || die "unexpected python source layout"
# Reproducible __DATE__/__TIME__ (clang honours SOURCE_DATE_EPOCH): the
# Debian changelog's date, as Debian's own builds do.
SOURCE_DATE_EPOCH=$(dpkg-parsechangelog -l "$WORK/cpython/debian/changelog" -STimestamp)
export SOURCE_DATE_EPOCH
PY_UPSTREAM=$(sed -n 's/^#define PY_VERSION[[:space:]]*"\(.*\)"/\1/p' "$WORK/cpython/Include/patchlevel.h")
case $PY_UPSTREAM in $PY_VER.*) ;; *) die "expected CPython $PY_VER.x, got $PY_UPSTREAM";; esac

# --------------------------------------------------------------------------
step 4 "wasi-libc $WASI_DEBVER sysroot"
# --------------------------------------------------------------------------
SYSROOT=$CACHE/wasi-sysroot/$(safe "$WASI_DEBVER")
if [ ! -f "$SYSROOT/.complete" ]; then
    mkdir -p "$CACHE/wasi-sysroot"
    tmp=$(mktemp -d "$CACHE/wasi-sysroot/.tmp.XXXXXX")
    dpkg-deb -x "$(ls "$WASI_DL"/wasi-libc_*.deb | head -n1)" "$tmp"
    [ -f "$tmp/usr/include/wasm32-wasi/stdio.h" ] && [ -f "$tmp/usr/lib/wasm32-wasi/libc.a" ] ||
        die "wasi-libc package layout unexpected (no usr/include/wasm32-wasi or usr/lib/wasm32-wasi)"
    touch "$tmp/.complete"
    rm -rf "$SYSROOT"; mv "$tmp" "$SYSROOT"
fi
# The Debian layout (usr/{include,lib}/wasm32-wasi) matches clang's WASI
# driver with --sysroot=<root>/usr and --target=wasm32-wasi.  (Target
# "wasm32-wasip1" would look for lib/wasip1/libclang_rt.builtins-wasm32.a,
# which libclang-rt-19-dev-wasm32 does not ship.)
WASI_CC="$CLANG --target=wasm32-wasi --sysroot=$SYSROOT/usr"

# --------------------------------------------------------------------------
step 5 "native CPython $PY_UPSTREAM (build python, same source)"
# --------------------------------------------------------------------------
# Cached by its own inputs (not build.sh's hash, so editing this script does
# not force a native rebuild).  Bump NATIVE_RECIPE when changing its recipe.
NATIVE_RECIPE="v1: in-tree ./configure --without-ensurepip --disable-test-modules; make -j"
NATIVE_KEY=$(printf '%s\n' "$PY_DEBVER" "$NATIVE_RECIPE" "$GCC_VERSION" "$(uname -m)" \
                 "zlib1g-dev=$(pkgver zlib1g-dev)" | sha256sum | cut -c1-16)
NATIVE=$CACHE/native-python/$NATIVE_KEY
if [ ! -f "$NATIVE/.complete" ] || ! "$NATIVE/python" -c 'import zlib' 2>/dev/null; then
    mkdir -p "$CACHE/native-python"
    rm -rf "$NATIVE" "$NATIVE.tmp"
    cp -a "$WORK/cpython" "$NATIVE.tmp"
    (
        cd "$NATIVE.tmp"
        run_logged "$WORK/native-configure.log" ./configure --without-ensurepip --disable-test-modules
        run_logged "$WORK/native-make.log" make -j"$JOBS"
    )
    touch "$NATIVE.tmp/.complete"
    mv "$NATIVE.tmp" "$NATIVE"
else
    log "  cached: $NATIVE"
fi
BUILD_PY=$NATIVE/python
NATIVE_VER=$("$BUILD_PY" -c 'import platform; print(platform.python_version())')
[ "$NATIVE_VER" = "$PY_UPSTREAM" ] || die "native python is $NATIVE_VER, source is $PY_UPSTREAM"
echo "$BUILD_PY" > "$CACHE/native-python/LATEST"

# --------------------------------------------------------------------------
step 6 "zlib $ZLIB_DEBVER for wasm32-wasi (static libz.a)"
# --------------------------------------------------------------------------
ZLIB_W=$WORK/zlib-wasm
(
    cd "$WORK/zlib-src"
    export CC="$WASI_CC" AR=llvm-ar-$LLVM_V RANLIB=llvm-ranlib-$LLVM_V CFLAGS="-O2"
    run_logged "$WORK/zlib-configure.log" ./configure --static --prefix="$ZLIB_W"
    run_logged "$WORK/zlib-make.log" make -j"$JOBS" libz.a
    run_logged "$WORK/zlib-install.log" make install
)
[ -f "$ZLIB_W/lib/libz.a" ] || die "zlib build produced no libz.a"
ZLIB_UPSTREAM=$(sed -n 's/^#define ZLIB_VERSION "\(.*\)"/\1/p' "$ZLIB_W/include/zlib.h")

# --------------------------------------------------------------------------
step 7 "configure CPython for wasm32-wasip1 (-O3, CPython's default OPT)"
# --------------------------------------------------------------------------
SRC=$WORK/cpython
UPB_LIB=$WORK/upb/libupb_message.a
cp "$SCRIPT_DIR"/modules/*.c "$SRC/Modules/"
sed -e "s|@ZLIB_PREFIX@|$ZLIB_W|g" -e "s|@UPB_LIB@|$UPB_LIB|g" \
    "$SCRIPT_DIR/Setup.local" >"$SRC/Modules/Setup.local"
# protobuf's upb extension is a built-in module under its real, dotted name
# google._upb._message: makesetup only takes identifiers as module names, so
# its inittab entry goes straight into config.c.in (makesetup copies it into
# Modules/config.c); the code comes in as a static library (@UPB_LIB@ in
# Setup.local), compiled below once pyconfig.h exists.
grep -q 'ADDMODULE MARKER 1' "$SRC/Modules/config.c.in" &&
    grep -q 'ADDMODULE MARKER 2' "$SRC/Modules/config.c.in" || die "Modules/config.c.in has no ADDMODULE markers"
sed -i -e '/ADDMODULE MARKER 1/i extern PyObject* PyInit__message(void);  /* google._upb._message (mmpy) */' \
       -e '/ADDMODULE MARKER 2/i \    {"google._upb._message", PyInit__message},  /* protobuf upb (mmpy) */' \
    "$SRC/Modules/config.c.in"
(
    cd "$SRC"
    # pkg-config must not see the build machine's (x86_64) libraries.
    mkdir -p "$WORK/empty-pkgconfig"
    export PKG_CONFIG_PATH="" PKG_CONFIG_LIBDIR="$WORK/empty-pkgconfig" PKG_CONFIG_SYSROOT_DIR="$SYSROOT"
    export CONFIG_SITE="$SRC/Tools/wasm/config.site-wasm32-wasi"
    # time.sleep() would use clock_nanosleep(TIMER_ABSTIME), which wasi-libc
    # maps to an absolute-time poll_oneoff that wazero does not support
    # (OSError 58). Without it CPython uses relative nanosleep(), which works.
    export ac_cv_func_clock_nanosleep=no ac_cv_lib_rt_clock_nanosleep=no
    export CC="$WASI_CC" CPP="$WASI_CC -E" AR=llvm-ar-$LLVM_V RANLIB=llvm-ranlib-$LLVM_V
    export ZLIB_CFLAGS="-I$ZLIB_W/include" ZLIB_LIBS="$ZLIB_W/lib/libz.a"
    run_logged "$WORK/wasm-configure.log" ./configure \
        --host=wasm32-wasip1 --build="$(./config.guess)" \
        --with-build-python="$BUILD_PY" \
        --without-ensurepip --disable-test-modules
)
# upb from the protobuf sdist, compiled the way its setup.py builds the
# extension (all of google/protobuf/*.c python/*.c upb/**/*.c utf8_range/*.c
# except the unfinished fasttable decoder, -fvisibility=hidden), with
# CPython's own compile flags (-O3) and upb-wasi/setjmp.h (no longjmp).
UPB_SRC=$WORK/protobuf-$PROTOBUF_VERSION
tar -xzf "$PROTOBUF_SDIST" -C "$WORK"
[ -f "$UPB_SRC/python/protobuf.c" ] || die "unexpected protobuf sdist layout (no python/protobuf.c)"
PY_CFLAGS_WASM=$(make -s -C "$SRC" -f Makefile -f - mmpy-print-cflags <<<'mmpy-print-cflags: ; @echo $(PY_CFLAGS)')
mkdir -p "$WORK/upb/obj"
cp -R "$SCRIPT_DIR/upb-wasi" "$WORK/upb/include"   # a fixed path (reproducible object files)
(
    cd "$UPB_SRC"
    { ls google/protobuf/*.c python/*.c utf8_range/*.c; find upb -name '*.c'; } |
        grep -v decode_fast | LC_ALL=C sort >"$WORK/upb/sources.txt"
    # shellcheck disable=SC2086
    xargs -P "$JOBS" -I{} sh -c 'o="$1/upb/obj/$(echo "$2" | tr / _ | sed "s/\.c\$/.o/")";
        exec $3 $4 -fvisibility=hidden -I"$5" -I. -Iutf8_range -I"$6/Include" -I"$6" -c "$2" -o "$o"' \
        _ "$WORK" {} "$WASI_CC" "$PY_CFLAGS_WASM" "$WORK/upb/include" "$SRC" \
        <"$WORK/upb/sources.txt" >"$WORK/upb-compile.log" 2>&1 ||
        { tail -n 40 "$WORK/upb-compile.log" >&2; die "compiling upb failed (log: $WORK/upb-compile.log)"; }
)
llvm-ar-$LLVM_V rcsD "$UPB_LIB" "$WORK"/upb/obj/*.o
log "  upb: $(wc -l <"$WORK/upb/sources.txt") sources -> $UPB_LIB ($(stat -c %s "$UPB_LIB") bytes)"

# --------------------------------------------------------------------------
step 8 "make -j$JOBS python.wasm"
# --------------------------------------------------------------------------
# python.wasm is linked as a WASI reactor (no _start): the host calls
# _initialize, then the mmpy_main / mmpy_init / mmpy_serve exports of
# modules/_mmpymodule.c (abi/ABI.md section 1), so a plugin can pause after
# its hello with no wasm frame live and be snapshotted.  LINKFORSHARED is
# empty for WASI and used only by the python.wasm link.
run_logged "$WORK/wasm-make.log" make -C "$SRC" -j"$JOBS" LINKFORSHARED="-mexec-model=reactor"
[ -s "$SRC/python.wasm" ] || die "no python.wasm produced"
grep -q '_mmpy' "$SRC/Modules/config.c" || die "_mmpy is not in Modules/config.c"
grep -qw 'zlib' "$SRC/Modules/config.c" || die "zlib is not in Modules/config.c"
grep -q '"google._upb._message", PyInit__message' "$SRC/Modules/config.c" ||
    die "google._upb._message is not in Modules/config.c"

# --------------------------------------------------------------------------
step 9 "strip, stdlib zip, BUILDINFO, store in cache"
# --------------------------------------------------------------------------
STAGE=$(mktemp -d "$CACHE/python-wasm/.tmp.$INPUT_HASH.XXXXXX" 2>/dev/null ||
        { mkdir -p "$CACHE/python-wasm"; mktemp -d "$CACHE/python-wasm/.tmp.$INPUT_HASH.XXXXXX"; })
mkdir -p "$STAGE/lib/python$PY_VER/lib-dynload"
# Strip debug info and the name section (all custom sections): -g from OPT
# makes the unstripped file ~3x larger.  Backtraces lose function names.
llvm-strip-$LLVM_V --strip-all -o "$STAGE/python.wasm" "$SRC/python.wasm"
"$BUILD_PY" "$SCRIPT_DIR/wasminfo.py" --check "$STAGE/python.wasm" >"$WORK/wasminfo.txt" ||
    { cat "$WORK/wasminfo.txt" >&2; die "python.wasm imports/exports check failed"; }
SYSCONFIGDATA=$(ls "$SRC"/build/lib.*/_sysconfigdata_*.py)
[ "$(echo "$SYSCONFIGDATA" | wc -l)" = 1 ] || die "expected one _sysconfigdata file, got: $SYSCONFIGDATA"
"$BUILD_PY" "$SCRIPT_DIR/mkstdlib.py" "$SRC/Lib" "$SCRIPT_DIR/stdlib-exclude.txt" \
    "$STAGE/lib/python${PY_VER/./}.zip" "/usr/local/lib/python${PY_VER/./}.zip" "$SYSCONFIGDATA"
# every _PyImport_Inittab entry (== sys.builtin_module_names)
BUILT_IN=$(sed -n 's/^ *{"\([A-Za-z0-9_.]*\)", .*/\1/p' "$SRC/Modules/config.c" | grep -vx '__main__' | sort | tr '\n' ' ')
BUILD_SECONDS=$((SECONDS - T0))
MMPY_INPUTS_MANIFEST="$INPUTS_MANIFEST" MMPY_BUILT_IN="$BUILT_IN" "$BUILD_PY" - "$STAGE" <<EOF
import json, os, sys
stage = sys.argv[1]
info = {
    "cpython_version": "$PY_UPSTREAM",
    "debian_source": {"package": "$PY_SRC_PKG", "version": "$PY_DEBVER"},
    "zlib": {"version": "$ZLIB_UPSTREAM", "debian_source_version": "$ZLIB_DEBVER"},
    "wasi_libc_version": "$WASI_DEBVER",
    "protobuf_upb": {"version": "$PROTOBUF_VERSION", "sdist": "protobuf-$PROTOBUF_VERSION.tar.gz (PyPI)",
                     "sdist_sha256": "$PROTOBUF_SDIST_SHA", "module": "google._upb._message",
                     "setjmp": "none under WASI: upb errors (malformed data, depth, OOM) abort"},
    "clang_version": "$CLANG_VERSION",
    "clang_debian_version": "$CLANG_DEBVER",
    "target": "wasm32-wasip1 (clang --target=wasm32-wasi)",
    "cflags_opt": "-O3 (CPython default OPT: -DNDEBUG -g -O3 -Wall; debug info stripped)",
    "input_hash": "$INPUT_HASH",
    "inputs": os.environ["MMPY_INPUTS_MANIFEST"].splitlines(),
    "build_seconds": $BUILD_SECONDS,
    "built_in_modules": os.environ["MMPY_BUILT_IN"].split(),
    "python_wasm_bytes": os.path.getsize(os.path.join(stage, "python.wasm")),
    "stdlib_zip_bytes": os.path.getsize(os.path.join(stage, "lib", "python313.zip")),
    "stdlib_zip_compression": "ZIP_STORED",
    "guest_contract": {
        "mount": "artifact dir read-only at /usr/local",
        "env": {"PYTHONHOME": "/usr/local", "PYTHONDONTWRITEBYTECODE": "1",
                "PYTHONUNBUFFERED": "1"},
    },
}
with open(os.path.join(stage, "BUILDINFO.json"), "w") as f:
    json.dump(info, f, indent=2, sort_keys=True)
    f.write("\n")
EOF
touch "$STAGE/.complete"
rm -rf "$ART_CACHE"
mv "$STAGE" "$ART_CACHE"
log "cached: $ART_CACHE"
# Keep the 3 most recently used artifact entries (~16 MB each); drop others.
(cd "$CACHE/python-wasm" && ls -1dt -- */ 2>/dev/null | tail -n +4 | while read -r old; do
    rm -rf -- "${old%/}"; log "  pruned old cache entry ${old%/}"; done)
sed 's/^/[python-wasm]   /' "$WORK/wasminfo.txt"

install_outdir
