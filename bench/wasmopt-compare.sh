#!/usr/bin/env bash
# Compares the interpreter build as is with wasm-opt (binaryen) -O2/-O3/-O4
# variants of it: guest CPU (host BenchmarkGuestCPU) and the
# MessageWillBePosted round trip, interleaved over ROUNDS rounds, CPU time per
# op (min / median). The numbers behind docs/RATIONALE.md "Why python.wasm is
# not run through wasm-opt". Needs build/runtime (make runtime); installs
# Debian's binaryen if missing.
#
# usage: bash bench/wasmopt-compare.sh [ROUNDS]     (default 8; ~1 min a round)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=${1:-8}
RT=$ROOT/build/runtime
OUT=$ROOT/build/wasmopt
[ -s "$RT/python.wasm" ] || { echo "no $RT/python.wasm: run 'make runtime' first" >&2; exit 1; }
if ! command -v wasm-opt >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends binaryen >/dev/null
fi
# The wasm 2.0 features wazero implements (the stripped module has no
# target_features section for wasm-opt to detect them from).
FEATURES=(--enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int
          --enable-bulk-memory --enable-multivalue --enable-reference-types --enable-simd)
VARIANTS=(base O2 O3 O4)
mkdir -p "$OUT"
for v in "${VARIANTS[@]:1}"; do
  rm -rf "$OUT/rt-$v"; cp -a "$RT" "$OUT/rt-$v"
  # wasm-opt keeps custom sections, so the mmpy.abi stamp survives.
  wasm-opt "-$v" "${FEATURES[@]}" "$RT/python.wasm" -o "$OUT/rt-$v/python.wasm"
  echo "$v: python.wasm $(stat -c %s "$RT/python.wasm") -> $(stat -c %s "$OUT/rt-$v/python.wasm") bytes ($(wasm-opt --version))"
done
(cd "$ROOT" && GOFLAGS=-mod=mod go test -c -o "$OUT/host.test" ./host/)
: >"$OUT/results.txt"
for ((r = 1; r <= ROUNDS; r++)); do
  for v in "${VARIANTS[@]}"; do
    rt=$RT; [ "$v" = base ] || rt=$OUT/rt-$v
    (cd "$ROOT/host" && MMPY_RUNTIME=$rt MMPY_REQUIRE_RUNTIME=1 "$OUT/host.test" -test.run '^$' \
      -test.bench 'GuestCPU|HookMessageWillBePosted$' -test.benchtime 300ms -test.count 1) |
      sed -n "s/^Benchmark/$v Benchmark/p" >>"$OUT/results.txt"
  done
  echo "round $r/$ROUNDS done"
done
python3 - "$OUT/results.txt" <<'PY'
import collections, statistics, sys
d = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = line.split()
    units = dict(zip(f[4::2], f[3::2]))
    if "cpu-ns/op" in units:
        d[(f[1], f[0])].append(float(units["cpu-ns/op"]))
print(f"{'benchmark':36s} {'variant':7s} {'runs':>4s} {'min':>10s} {'median':>10s}  (CPU time per op)")
for (b, v), xs in sorted(d.items()):
    print(f"{b:36s} {v:7s} {len(xs):4d} {min(xs)/1e3:8.1f}us {statistics.median(xs)/1e3:8.1f}us")
PY
