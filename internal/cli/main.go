package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/output"
)

// Main runs deskctl with the process's arguments and streams and returns
// the exit code. It is the whole of cmd/deskctl.
func Main() int {
	setMemoryLimit()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// The first signal cancels ctx, so the command can roll back and
		// exit 130; stop catching then, so that a second Ctrl-C kills a
		// command that is stuck somewhere that ignores ctx.
		<-ctx.Done()
		stop()
	}()
	return Run(ctx, cmdutil.New(iostreams.System()), os.Args[1:])
}

// memoryLimit is the soft limit of the Go heap (GOMEMLIMIT), so that an
// import's peak private memory stays within the 256 MiB issue #5 allows
// whatever the file's size. One batch's live heap — the bbolt nodes and
// pages it dirtied, the rows in flight — is about 100 MiB when the keys
// come in random order, and by default the collector lets the heap grow to
// twice the live data before it runs: 1/4 of the benchmark's shuffled
// accounts peaked at 258 MiB of RssAnon. Near the limit the collector runs
// more often instead; small commands never get near it.
const memoryLimit = 200 << 20

// setMemoryLimit applies memoryLimit unless GOMEMLIMIT says otherwise.
func setMemoryLimit() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(memoryLimit)
	}
}

// Run executes one invocation with the given factory and arguments and
// returns the exit code. Errors are reported here, and only here: on
// f.IOStreams.ErrOut as "deskctl: <message>", then a hint, then (for flag
// errors) the command's usage, then, with -o json or jsonl, the JSON error
// object. A panic becomes "deskctl: internal error: ..." and exit 1, never a
// stack trace.
func Run(ctx context.Context, f *cmdutil.Factory, args []string) (exit int) {
	errOut := f.IOStreams.ErrOut
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprintf("internal error: %v", r)
			fmt.Fprintf(errOut, "deskctl: %s\n", msg)
			fmt.Fprintln(errOut, "this is a bug in deskctl; please report it with the command you ran")
			if jsonErrorsSafe(f) {
				_ = output.WriteError(errOut, internalClass.code, msg)
			}
			exit = ExitError
		}
	}()

	f.Args = args
	root := NewCmdRoot(f)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return ExitOK
	}
	if ctx.Err() != nil {
		// The signal may surface as any error (a closed pipe, a
		// rolled-back transaction); what happened is the interrupt.
		err = ctx.Err()
	}
	if cmd == nil {
		cmd = root
	}
	return reportError(errOut, f.JSONErrors(), err, usageFunc(cmd))
}

// jsonErrorsSafe is f.JSONErrors for the panic handler: a second panic
// there would print the stack trace Run promises never to show.
func jsonErrorsSafe(f *cmdutil.Factory) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return f.JSONErrors()
}

// usageFunc returns the usage text of cmd, computed only when needed.
func usageFunc(cmd *cobra.Command) func() string {
	return func() string { return cmd.UsageString() }
}
