package version

import (
	"bytes"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/output"
)

func TestNewCmdVersion(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios}
	var got *Options
	cmd := NewCmdVersion(f, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{})
	cmd.SetOut(new(bytes.Buffer))
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got == nil || got.Info.Version == "" || got.Info.GoVersion == "" {
		t.Fatalf("options = %+v", got)
	}
	cmd = NewCmdVersion(f, func(*Options) error { return nil })
	cmd.SetArgs([]string{"extra"})
	cmd.SetOut(new(bytes.Buffer))
	cmd.SetErr(new(bytes.Buffer))
	if err := cmd.Execute(); err == nil {
		t.Error("version accepted an argument")
	}
}

func TestVersionRun(t *testing.T) {
	info := Info{Version: "v1.2.3", Commit: "abc1234", Date: "2025-01-02T03:04:05Z", GoVersion: "go1.26", Platform: "linux/amd64"}
	for _, tc := range []struct {
		opts output.Options
		want string
	}{
		{output.Options{}, "deskctl v1.2.3 (abc1234, 2025-01-02T03:04:05Z)\n"},
		{output.Options{Format: output.FormatJSONL}, `{"version":"v1.2.3","commit":"abc1234","date":"2025-01-02T03:04:05Z","go_version":"go1.26","platform":"linux/amd64"}` + "\n"},
		{output.Options{Format: output.FormatJSON, JQ: ".commit"}, "abc1234\n"},
		{output.Options{Format: output.FormatCSV, Fields: []string{"version"}}, "version\nv1.2.3\n"},
	} {
		ios, _, out, _ := iostreams.Test()
		err := versionRun(&Options{IO: ios, Info: info, OutputOptions: func() (output.Options, error) { return tc.opts, nil }})
		if err != nil {
			t.Errorf("%+v: %v", tc.opts, err)
		}
		if out.String() != tc.want {
			t.Errorf("%+v: stdout %q, want %q", tc.opts, out.String(), tc.want)
		}
	}
}

func TestInfoString(t *testing.T) {
	s := Get().String()
	if !strings.Contains(s, " (") || !strings.HasSuffix(s, ")") {
		t.Errorf("String() = %q, want VERSION (COMMIT, DATE)", s)
	}
}
