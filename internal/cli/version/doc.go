// Package version holds the build's version stamp and the `deskctl version`
// command.
//
// Release builds stamp the variables with the linker:
//
//	go build -ldflags "-X github.com/deskctl/deskctl/internal/cli/version.Version=v1.2.3 \
//	  -X github.com/deskctl/deskctl/internal/cli/version.Commit=abc1234 \
//	  -X github.com/deskctl/deskctl/internal/cli/version.Date=2025-01-02T03:04:05Z" ./cmd/deskctl
//
// (the Makefile and .goreleaser.yaml do this). An unstamped build falls back
// to what the Go toolchain recorded: the module version for `go install
// ...@v1.2.3`, and the VCS revision and time for a build inside a git
// checkout.
//
// # Caveats
//
// `go run` and `go test` binaries carry no VCS information, so they report
// "dev (none, unknown)". A build from a checkout with uncommitted changes
// reports the last commit with a "-dirty" suffix; the Makefile's
// `git describe --dirty` does the same for the version.
package version
