package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/output"
)

// Main runs deskctl with the process's arguments and streams and returns
// the exit code. It is the whole of cmd/deskctl.
func Main() int {
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
