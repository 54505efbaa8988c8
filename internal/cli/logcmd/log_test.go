package logcmd

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/desk"
)

func TestNewCmdLog(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		want    desk.LogFilter // Since is checked apart
		since   bool
		wantErr string
	}{
		{name: "defaults", want: desk.LogFilter{Limit: cmdutil.DefaultListLimit}},
		{name: "every flag", args: []string{"--account", "@acme.com", "--entity", "Ticket", "--since", "2026-11-01", "--limit", "0", "--after", "7"},
			want: desk.LogFilter{Account: "@acme.com", Entity: "ticket", After: 7}, since: true},
		{name: "bad entity", args: []string{"--entity", "invoice"},
			wantErr: `--entity "invoice": want one of account, contact, ticket, manager, note`},
		{name: "bad since", args: []string{"--since", "soon"},
			wantErr: `--since: "soon" is not a time: use RFC 3339 (2026-11-01T09:00:00Z), a date (2026-11-01) or a duration ago (24h, 7d, 2w)`},
		{name: "negative limit", args: []string{"--limit", "-1"}, wantErr: "--limit must be 0 (no limit) or more"},
		{name: "no arguments", args: []string{"x"}, wantErr: `unknown command "x" for "log"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			f := &cmdutil.Factory{IOStreams: ios}
			f.Desk = func(context.Context, bool) (*desk.Desk, error) {
				t.Error("parsing opened the store")
				return nil, context.Canceled
			}
			var got *Options
			cmd := NewCmdLogRun(f, func(o *Options) error { got = o; return nil })
			cmd.SetArgs(tc.args)
			cmd.SetOut(new(bytes.Buffer))
			cmd.SetErr(new(bytes.Buffer))
			cmd.SilenceErrors, cmd.SilenceUsage = true, true
			cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return cmdutil.FlagErrorWrap(err) })
			validate := cmd.Args
			cmd.Args = func(c *cobra.Command, a []string) error { return cmdutil.FlagErrorWrap(validate(c, a)) }
			_, err := cmd.ExecuteC()
			if tc.wantErr != "" {
				if !errors.Is(err, cmdutil.ErrUsage) || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want the usage error %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Filter.Since.IsZero() == tc.since {
				t.Errorf("since = %v, want set = %v", got.Filter.Since, tc.since)
			}
			got.Filter.Since = tc.want.Since
			if got.Filter != tc.want {
				t.Errorf("filter = %+v, want %+v", got.Filter, tc.want)
			}
		})
	}
}
