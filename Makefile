# mmpy — Python plugins for Mattermost, sandboxed in WebAssembly.
#
#   make demo   build everything, bundle examples/hello_python, run it
#   make test   everything CI checks (installs what it needs)
#
# Expensive artifacts are cached under ~/.cache/mmpy/ keyed by their inputs.

SHELL := /bin/bash
export GOFLAGS := -mod=mod
export GONOSUMDB := github.com/mattermost
RUNTIME := build/runtime
HELLO_BUNDLE := build/hello_python.tar.gz
PY = source $(CURDIR)/tools/pyenv.sh && $$MMPY_PY

.PHONY: all deps python-wasm runtime generate check-generate lint test test-go test-wasmtime test-sdk test-e2e fuzz-smoke bundle-hello artifact-hello demo bench bench-wasmtime conformance doc-check test-e2e-9.5 clean

all: runtime

deps:
	bash tools/deps.sh

## python-wasm: CPython 3.13 for wasm32-wasi from Debian's sources (cached)
python-wasm:
	bash pyodide-build/build.sh build/python-wasm

## runtime: python.wasm + stdlib + SDK site zip + shim executables
runtime:
	bash tools/build-runtime.sh $(RUNTIME)

## generate: regenerate the ABI code from abi/proto and abi/interface.json
## from Mattermost's plugin.API / plugin.Hooks (server/public in go.mod)
generate:
	bash bench/grpcbaseline/gen.sh
	go run ./cmd/mmpy-gen abi/interface.json
	bash tools/protoc.sh

check-generate: generate
	@git diff --exit-code -- abi sdk/src/mattermost_plugin/_abi sdk/src/mattermost_plugin/models.py \
	  sdk/src/mattermost_plugin/_client.py sdk/src/mattermost_plugin/_hooks.py host/zz_hooks_generated.go \
	  host/internal/apiserve/zz_generated.go cmd/mmpy-shim docs/reference bench/grpcbaseline/gbpb bench/grpcbaseline/py && test -z "$$(git status --porcelain -- abi sdk/src host cmd)" || \
	  (echo "generated ABI code is stale: run 'make generate' and commit" >&2; exit 1)

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt needed" >&2; exit 1)
	go vet ./...
	go vet -tags e2e ./conformance/... ./bench/realserver/...
	go vet -tags wasmtime ./host/... ./conformance/...
	cd sdk && $(PY) -m ruff check . && $$MMPY_PY -m ruff format --check . && $$MMPY_PY -m mypy

test-go:
	source tools/pyenv.sh && MMPY_REQUIRE_RUNTIME=1 go test -race -count=1 -timeout 30m ./...

## test-wasmtime: the host and conformance tests on both engines
## (wasmtime-go, cgo; its prebuilt static library comes inside the Go module)
test-wasmtime:
	source tools/pyenv.sh && CGO_ENABLED=1 MMPY_REQUIRE_RUNTIME=1 go test -race -count=1 -timeout 30m -tags wasmtime ./host/... ./conformance/...

test-sdk:
	cd sdk && $(PY) -m pytest -q
	cd sdk && export PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION=python && $(PY) -m pytest -q
	$(PY) -m pip install -q --disable-pip-version-check ./sdk
	$(PY) -m pytest -q examples/hello_python/tests

## doc-check: every code block in the docs compiles; plugin examples, tests and marked shell blocks run (tools/doccheck)
doc-check:
	cd tools/doccheck && $(PY) -m ruff check . && $$MMPY_PY -m ruff format --check . && $$MMPY_PY -m mypy && $$MMPY_PY -m pytest -q -p no:cacheprovider . && $$MMPY_PY doccheck.py

## test-e2e: a real Mattermost server (built from the Go module proxy) + PostgreSQL
test-e2e:
	go test -tags e2e -count=1 -v -timeout 40m ./conformance/e2e/

## test-e2e-9.5: the same end-to-end suite against Mattermost 9.5 (the oldest
## supported server; built from the Go module proxy, conformance/mmserver95)
test-e2e-9.5:
	MMPY_E2E_SERVER=9.5 go test -tags e2e -count=1 -v -timeout 40m ./conformance/e2e/

## fuzz-smoke: every fuzz target for a few seconds (long runs: make fuzz-smoke FUZZTIME=10m).
## The default is a count of executions, not a duration: with a duration, Go 1.26's fuzz
## coordinator can report a spurious "context deadline exceeded" failure when the time runs out
## while a worker is mid-input on a loaded machine (golang/go#75804, fixed in Go 1.27).
FUZZTIME ?= 20000x
fuzz-smoke:
	go test -run '^$$' -fuzz '^FuzzImports$$' -fuzztime $(FUZZTIME) ./host/internal/guest/
	go test -run '^$$' -fuzz '^FuzzInterruptInfo$$' -fuzztime $(FUZZTIME) ./host/internal/guest/
	go test -run '^$$' -fuzz '^FuzzHookResponse$$' -fuzztime $(FUZZTIME) ./host/
	go test -run '^$$' -fuzz '^FuzzStreams$$' -fuzztime $(FUZZTIME) ./host/
	go test -run '^$$' -fuzz '^FuzzDispatch$$' -fuzztime $(FUZZTIME) ./host/internal/apiserve/
	go test -run '^$$' -fuzz '^FuzzEgressServe$$' -fuzztime $(FUZZTIME) ./host/
	go test -run '^$$' -fuzz '^FuzzExtract$$' -fuzztime $(FUZZTIME) ./internal/bundle/
	go test -run '^$$' -fuzz '^FuzzSnapshotFile$$' -fuzztime $(FUZZTIME) ./host/internal/engine/

## conformance: the golden scenarios (conformance/testdata: every API method,
## every hook, hook failures) in process on both engines and through
## cmd/mmpy-shim on both; prints the scenario x engine table, JSON in
## build/conformance.json (`mmpy conformance` for other hosts and guests)
conformance: runtime
	@mkdir -p build
	source tools/pyenv.sh && set -o pipefail && CGO_ENABLED=1 MMPY_REQUIRE_RUNTIME=1 MMPY_CONFORMANCE_REPORT=$(CURDIR)/build/conformance.json \
	  go test -tags wasmtime -count=1 -v -run 'TestConformance|TestHostShim' ./conformance/ | grep -E '^conformance:|^(ok|FAIL)'

test: deps runtime check-generate lint test-go test-wasmtime test-sdk doc-check fuzz-smoke test-e2e test-e2e-9.5
	@echo "make test: all checks passed"

bundle-hello: runtime
	go run ./cmd/mmpy bundle examples/hello_python -o $(HELLO_BUNDLE)

## artifact-hello: the one-file build/hello_python.wasm (interpreter + stdlib +
## SDK + plugin), run with `go run ./cmd/mmpy run build/hello_python.wasm`
artifact-hello: runtime
	go run ./cmd/mmpy build examples/hello_python -o build/hello_python.wasm

## demo: bundle hello_python and run the bundle in the embedded host against
## an in-memory fake Mattermost (no server needed)
demo: bundle-hello
	go run ./cmd/mmpy run $(HELLO_BUNDLE) \
	  --post "Hello, world" --post "this contains a badword" --command /hello

## bench: host benchmarks, the gRPC baseline (bench/grpcbaseline), native
## CPython, examples/multitenant's RSS and the real-server comparison of a Go
## plugin with its mmpy twin in shim mode (bench/realserver, tag e2e: a real
## Mattermost server + PostgreSQL), all in one run; writes build/bench.txt and
## docs/benchmarks.md (+ docs/benchmarks-raw.txt, benchstat format). Not part of
## `make test`. BENCH selects benchmarks (a -bench regexp); REALSERVER_BENCH_TIME
## is the calls (and posts) per plugin and run of bench/realserver.
BENCH ?= .
BENCH_COUNT ?= 5
BENCH_TIME ?= 1s
REALSERVER_BENCH_TIME ?= 2000x
# BENCH_TAGS: build tags of the host benchmarks; wasmtime adds the second engine's rows
# (cgo; the default build of mmpy stays cgo-free). BENCH_TAGS= measures wazero only.
BENCH_TAGS ?= wasmtime
bench: runtime
	@mkdir -p build
	cut -d' ' -f1-3 /proc/loadavg > build/bench-loadavg.txt
	set -o pipefail; source tools/pyenv.sh && CGO_ENABLED=1 MMPY_REQUIRE_RUNTIME=1 go test -tags '$(BENCH_TAGS)' -p 1 -run '^$$' -bench '$(BENCH)' \
	  -benchtime $(BENCH_TIME) -count $(BENCH_COUNT) -timeout 90m ./host/ ./bench/... | tee build/bench.txt
	set -o pipefail; source tools/pyenv.sh && go test -tags e2e -run '^$$' -bench '$(BENCH)' \
	  -benchtime $(REALSERVER_BENCH_TIME) -count $(BENCH_COUNT) -timeout 60m ./bench/realserver/ | tee -a build/bench.txt
	go build -o build/multitenant ./examples/multitenant
	set -o pipefail; for i in $$(seq $(BENCH_COUNT)); do build/multitenant -n 10 -runtime $(RUNTIME) || exit 1; done | tee build/multitenant.txt
	go run ./bench/report -bench build/bench.txt -multitenant build/multitenant.txt -runtime $(RUNTIME) -loadavg build/bench-loadavg.txt \
	  -o docs/benchmarks.md -raw docs/benchmarks-raw.txt -command "make bench BENCH_COUNT=$(BENCH_COUNT) BENCH_TIME=$(BENCH_TIME) REALSERVER_BENCH_TIME=$(REALSERVER_BENCH_TIME) BENCH_TAGS=$(BENCH_TAGS)"

## bench-wasmtime: the same benchmarks on both engines (sub-benchmarks engine=...)
bench-wasmtime: runtime
	MMPY_REQUIRE_RUNTIME=1 go test -tags wasmtime -run '^$$' -bench . -benchtime 1s -count 3 ./host/ | tee build/bench-wasmtime.txt

clean:
	rm -rf build
