package completion

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
)

func TestNewCmdCompletionArgs(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		shell   string
		wantErr string
	}{
		{args: []string{"bash"}, shell: "bash"},
		{args: []string{"powershell"}, shell: "powershell"},
		{args: nil, wantErr: "specify one shell: bash, zsh, fish, powershell"},
		{args: []string{"bash", "zsh"}, wantErr: "specify one shell"},
		{args: []string{"tcsh"}, wantErr: `unsupported shell "tcsh"`},
	} {
		ios, _, _, _ := iostreams.Test()
		var got *Options
		cmd := NewCmdCompletion(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(tc.args)
		cmd.SetOut(new(bytes.Buffer))
		cmd.SetErr(new(bytes.Buffer))
		cmd.SilenceUsage = true
		err := cmd.Execute()
		if tc.wantErr != "" {
			var fe *cmdutil.FlagError
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !errors.As(err, &fe) {
				t.Errorf("%q: err = %v, want a FlagError with %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got == nil || got.Shell != tc.shell {
			t.Errorf("%q: err %v, options %+v", tc.args, err, got)
		}
	}
}

func TestCompletionRun(t *testing.T) {
	root := &cobra.Command{Use: "deskctl"}
	root.AddCommand(&cobra.Command{Use: "version", Run: func(*cobra.Command, []string) {}})
	for shell, want := range map[string]string{
		"bash":       "# bash completion V2 for deskctl",
		"zsh":        "#compdef deskctl",
		"fish":       "complete -c deskctl",
		"powershell": "Register-ArgumentCompleter",
	} {
		ios, _, out, _ := iostreams.Test()
		if err := completionRun(&Options{IO: ios, Shell: shell, Root: root}); err != nil {
			t.Fatalf("%s: %v", shell, err)
		}
		if !strings.Contains(out.String(), want) {
			t.Errorf("%s: script lacks %q", shell, want)
		}
	}
}
