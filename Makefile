# deskctl build and test entry points. `make test` is what CI runs
# (.ci/run); `make build` leaves the binaries in bin/: deskctl, and
# deskctl-etcd, which deskctl hands commands on an etcd store to.

GO      ?= go
BIN     := bin/deskctl
VERPKG  := github.com/deskctl/deskctl/internal/cli/version

# The version stamp: a tag such as v1.2.3 (or v1.2.3-4-gabc1234, or the bare
# commit before the first tag), "-dirty" for uncommitted changes.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo none)
DATE    ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS := -s -w -X $(VERPKG).Version=$(VERSION) -X $(VERPKG).Commit=$(COMMIT) -X $(VERPKG).Date=$(DATE)

.PHONY: test-deps all build install test vet fmt-check bench fuzz clean

all: build

## build: compile bin/deskctl and bin/deskctl-etcd with the version stamped in
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/deskctl
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)-etcd ./cmd/deskctl-etcd

## install: install deskctl and deskctl-etcd into $(go env GOBIN) (or $GOPATH/bin)
install:
	CGO_ENABLED=0 $(GO) install -trimpath -ldflags '$(LDFLAGS)' ./cmd/deskctl ./cmd/deskctl-etcd

## test: format check, go vet, then every test with the race detector. The
## end-to-end scripts run twice: on the bbolt file (TestScript) and on an
## etcd server started inside the test (TestScriptEtcd); nothing to install.
test: test-deps fmt-check vet
	$(GO) test -race ./...

## bench: deskctl against sqlite3 at a million records (bench/run.sh;
## BENCH_QUICK=1 for a 1/100 smoke run); writes bench/RESULTS.md
bench:
	bash bench/run.sh

## fuzz: run every fuzz target (func Fuzz... in internal/) for FUZZTIME
## each, one after another. A crash stops the run and leaves its input in
## the package's testdata/fuzz/<target>: fix the bug and commit the input,
## which `go test` then replays. FUZZFLAGS adds flags (e.g. -parallel 1).
FUZZTIME  ?= 30s
FUZZFLAGS ?=
fuzz:
	@set -e; for file in $$(grep -rl --include='*_test.go' '^func Fuzz' internal | sort); do \
		pkg=./$$(dirname $$file); \
		for target in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$file); do \
			echo "== $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test $$pkg -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $(FUZZFLAGS); \
		done; \
	done

vet:
	$(GO) vet ./...

fmt-check:
	@out="$$(gofmt -l cmd internal)"; \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

clean:
	rm -rf bin dist

## test-deps: install what the tests run besides Go: jq, which
## examples/jq-pipeline.sh (run by the tests) needs. Debian's package, as root.
test-deps:
	@command -v jq >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing jq (examples/jq-pipeline.sh needs it)"; \
			apt-get update -qq >/dev/null && apt-get install -y -qq jq >/dev/null; \
		else echo "jq is missing: install it (apt-get install jq, brew install jq)"; exit 1; fi; }
