package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
	"github.com/deskctl/deskctl/internal/store"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		err  error
		exit int
		code string
	}{
		{cmdutil.FlagErrorf("bad flag"), ExitUsage, "usage"},
		{cmdutil.UsageErrorf("refusing"), ExitUsage, "usage"},
		{fmt.Errorf("ctx: %w", output.ErrUnknownFormat), ExitUsage, "usage"},
		{fmt.Errorf("ctx: %w", output.ErrUnknownField), ExitUsage, "usage"},
		{fmt.Errorf("ctx: %w", output.ErrInvalidJQ), ExitUsage, "usage"},
		{fmt.Errorf("account 9: %w", desk.ErrNotFound), ExitNotFound, "not_found"},
		{fmt.Errorf("name taken: %w", desk.ErrConflict), ExitConflict, "conflict"},
		{fmt.Errorf("retry: %w", store.ErrConflict), ExitConflict, "conflict"},
		{&desk.FieldError{Field: "name", Reason: "too long"}, ExitInvalid, "invalid"},
		{fmt.Errorf("lock: %w", store.ErrBusy), ExitBusy, "busy"},
		{fmt.Errorf("x: %w", desk.ErrSchemaTooNew), ExitError, "schema_too_new"},
		{fmt.Errorf("x: %w", store.ErrCorrupt), ExitError, "corrupt"},
		{cmdutil.ErrCancelled, ExitError, "cancelled"},
		{fmt.Errorf("x: %w", output.ErrJQ), ExitError, "jq"},
		{context.Canceled, ExitInterrupted, "interrupted"},
		{errors.New("disk on fire"), ExitError, "internal"},
		{cmdutil.WithHint(fmt.Errorf("x: %w", desk.ErrNotFound), "h"), ExitNotFound, "not_found"},
	} {
		c := classify(tc.err)
		if c.exit != tc.exit || c.code != tc.code {
			t.Errorf("classify(%v) = %d %q, want %d %q", tc.err, c.exit, c.code, tc.exit, tc.code)
		}
	}
}

func TestExitCodesDocumented(t *testing.T) {
	for _, c := range append(exitClasses, internalClass) {
		if !strings.Contains(exitCodeDocs, c.code) {
			t.Errorf("code %q is missing from `deskctl help exit-codes`", c.code)
		}
		if !strings.Contains(exitCodeDocs, fmt.Sprintf("\n  %-4d ", c.exit)) {
			t.Errorf("exit %d is missing from `deskctl help exit-codes`", c.exit)
		}
	}
}

func TestReportError(t *testing.T) {
	var buf bytes.Buffer
	err := cmdutil.WithHint(fmt.Errorf("account \"acme\": %w", desk.ErrNotFound), "list accounts with: deskctl account list")
	if exit := reportError(&buf, true, err, nil); exit != ExitNotFound {
		t.Errorf("exit = %d", exit)
	}
	want := `deskctl: account "acme": not found
list accounts with: deskctl account list
{"error":{"code":"not_found","message":"account \"acme\": not found"}}
`
	if buf.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", buf.String(), want)
	}

	buf.Reset()
	reportError(&buf, false, fmt.Errorf("open: %w", store.ErrBusy), func() string { return "USAGE" })
	want = "deskctl: open: store is busy\n" + classify(store.ErrBusy).hint + "\n"
	if buf.String() != want {
		t.Errorf("busy, not a flag error (no usage):\n%q\nwant\n%q", buf.String(), want)
	}

	buf.Reset()
	reportError(&buf, false, cmdutil.FlagErrorf("--a and --b"), func() string { return "Usage: x\n" })
	if want := "deskctl: --a and --b\n\nUsage: x\n"; buf.String() != want {
		t.Errorf("flag error:\n%q\nwant\n%q", buf.String(), want)
	}
}

// isolate keeps the developer's config and environment out of in-process
// runs.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "DESKCTL_") {
			t.Setenv(k, "")
		}
	}
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	return dir
}

// withNoun adds a test noun to the tree for the duration of the test.
func withNoun(t *testing.T, newCmd func(*cmdutil.Factory) *cobra.Command) {
	t.Helper()
	saved := nouns
	nouns = append(append([]func(*cmdutil.Factory) *cobra.Command(nil), nouns...), newCmd)
	t.Cleanup(func() { nouns = saved })
}

// fakeNoun is a group "fake" whose verbs exercise the error paths.
func fakeNoun(f *cmdutil.Factory) *cobra.Command {
	group := &cobra.Command{Use: "fake", Short: "A test noun"}
	panicky := &cobra.Command{Use: "panic", RunE: func(*cobra.Command, []string) error {
		var m map[string]int
		m["boom"]++ // a nil-map write: a runtime panic, as a real bug would be
		return nil
	}}
	fail := &cobra.Command{Use: "fail", Args: cobra.ExactArgs(1), RunE: func(c *cobra.Command, args []string) error {
		switch args[0] {
		case "notfound":
			return fmt.Errorf("account %q: %w", "acme", desk.ErrNotFound)
		case "ctx":
			return c.Context().Err()
		}
		return errors.New("unexpected")
	}}
	req := &cobra.Command{Use: "req", RunE: func(*cobra.Command, []string) error { return nil }}
	req.Flags().String("name", "", "")
	_ = req.MarkFlagRequired("name")
	req.Flags().Bool("a", false, "")
	req.Flags().Bool("b", false, "")
	req.MarkFlagsMutuallyExclusive("a", "b")
	open := &cobra.Command{Use: "open", RunE: func(c *cobra.Command, _ []string) error {
		d, err := f.Desk(c.Context(), false)
		if err != nil {
			return err
		}
		return d.Close()
	}}
	group.AddCommand(panicky, fail, req, open)
	return group
}

// run runs deskctl in-process and returns the exit code, stdout and stderr.
func run(t *testing.T, f *cmdutil.Factory, args ...string) (int, string, string) {
	t.Helper()
	return runCtx(t, context.Background(), f, args...)
}

func runCtx(t *testing.T, ctx context.Context, f *cmdutil.Factory, args ...string) (int, string, string) {
	t.Helper()
	out := f.IOStreams.Out.(*bytes.Buffer)
	errOut := f.IOStreams.ErrOut.(*bytes.Buffer)
	out.Reset()
	errOut.Reset()
	code := Run(ctx, f, args)
	return code, out.String(), errOut.String()
}

func testFactory(t *testing.T) *cmdutil.Factory {
	t.Helper()
	ios, _, _, _ := iostreams.Test()
	f := cmdutil.New(ios)
	f.Desk = func(context.Context, bool) (*desk.Desk, error) {
		t.Fatal("the store was opened")
		return nil, nil
	}
	return f
}

func TestRunErrors(t *testing.T) {
	isolate(t)
	withNoun(t, fakeNoun)
	for _, tc := range []struct {
		args       []string
		exit       int
		stdout     string // exact
		stderr     []string
		noStderr   []string
		wantStdout bool
	}{
		{args: []string{"fake", "panic"}, exit: 1,
			stderr:   []string{"deskctl: internal error: assignment to entry in nil map\n"},
			noStderr: []string{"goroutine", ".go:"}},
		{args: []string{"fake", "panic", "-o", "jsonl"}, exit: 1,
			stderr: []string{`{"error":{"code":"internal","message":"internal error: assignment to entry in nil map"}}` + "\n"}},
		{args: []string{"fake", "fail", "notfound"}, exit: 3,
			stderr: []string{"deskctl: account \"acme\": not found\n"}, noStderr: []string{"Usage:"}},
		{args: []string{"fake", "fail", "notfound", "-o", "json"}, exit: 3,
			stderr: []string{`{"error":{"code":"not_found","message":"account \"acme\": not found"}}` + "\n"}},
		{args: []string{"fake", "fail"}, exit: 2,
			stderr: []string{"deskctl: accepts 1 arg(s), received 0\n", "Usage:\n  deskctl fake fail"}},
		{args: []string{"fake", "fail", "other"}, exit: 1, stderr: []string{"deskctl: unexpected\n"}},
		{args: []string{"fake", "req"}, exit: 2,
			stderr: []string{"deskctl: required flag(s) \"name\" not set\n", "Usage:"}},
		{args: []string{"fake", "req", "--name", "x", "--a", "--b"}, exit: 2,
			stderr: []string{"none of the others can be", "Usage:"}},
		{args: []string{"fake", "req", "--name", "x"}, exit: 0},
		{args: []string{"fake"}, exit: 0, wantStdout: true},
		{args: []string{"fake", "bogus"}, exit: 2,
			stderr:   []string{"deskctl: unknown command \"bogus\" for \"deskctl fake\"\n", "Run 'deskctl fake --help' for usage.\n"},
			noStderr: []string{"Usage:"}},
		{args: []string{"fake", "fial"}, exit: 2, stderr: []string{"Did you mean \"fail\"?\n"}},
		{args: []string{"fake", "open", "--help"}, exit: 0, wantStdout: true},
		{args: []string{"fake", "open", "--bogus"}, exit: 2, stderr: []string{"unknown flag: --bogus"}},
		{args: []string{"fake", "open", "-o", "yaml"}, exit: 2, stderr: []string{"unknown output format"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, stdout, stderr := run(t, testFactory(t), tc.args...)
			if code != tc.exit {
				t.Errorf("exit = %d, want %d\nstderr: %s", code, tc.exit, stderr)
			}
			if tc.wantStdout != (stdout != "") {
				t.Errorf("stdout = %q", stdout)
			}
			for _, s := range tc.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr %q does not contain %q", stderr, s)
				}
			}
			for _, s := range tc.noStderr {
				if strings.Contains(stderr, s) {
					t.Errorf("stderr %q contains %q", stderr, s)
				}
			}
			if tc.exit == 0 && stderr != "" {
				t.Errorf("stderr = %q on success", stderr)
			}
		})
	}
}

func TestRunInterrupted(t *testing.T) {
	isolate(t)
	withNoun(t, fakeNoun)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code, _, stderr := runCtx(t, ctx, testFactory(t), "fake", "fail", "ctx")
	if code != ExitInterrupted || stderr != "deskctl: interrupted\n" {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestHelpReadsNothing(t *testing.T) {
	isolate(t)
	withNoun(t, fakeNoun)
	f := testFactory(t)
	f.Config = func() (*cmdutil.Config, error) {
		t.Fatal("the config was read")
		return nil, nil
	}
	for _, args := range [][]string{{"--help"}, {"fake", "open", "--help"}, {"help", "fake", "open"}, {"help", "exit-codes"}, {"completion", "bash"}} {
		if code, stdout, stderr := run(t, f, args...); code != 0 || stdout == "" || stderr != "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, stderr)
		}
	}
}

func TestQuietFromConfig(t *testing.T) {
	isolate(t)
	t.Setenv("DESKCTL_QUIET", "true")
	f := testFactory(t)
	if code, _, _ := run(t, f, "version"); code != 0 {
		t.Fatal(code)
	}
	if !f.IOStreams.Quiet() {
		t.Error("DESKCTL_QUIET=true did not set quiet mode")
	}
}

func TestEveryCommandDocumented(t *testing.T) {
	isolate(t)
	root := NewCmdRoot(testFactory(t))
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Short == "" {
			t.Errorf("%q has no Short", c.CommandPath())
		}
		if c.Runnable() && c.HasParent() && c.Example == "" && !c.HasSubCommands() {
			t.Errorf("%q has no Example", c.CommandPath())
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
}
