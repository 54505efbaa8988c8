package iostreams

import "testing"

func TestColorAllowed(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, true},
		{map[string]string{"NO_COLOR": "1"}, false},
		{map[string]string{"NO_COLOR": ""}, true},
		{map[string]string{"TERM": "dumb"}, false},
		{map[string]string{"TERM": "xterm-256color"}, true},
	} {
		if got := colorAllowed(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("colorAllowed(%v) = %v, want %v", tc.env, got, tc.want)
		}
	}
}

func TestInfofQuiet(t *testing.T) {
	ios, _, _, errOut := Test()
	ios.Infof("Created account %d", 1)
	ios.Infof("done\n")
	if got := errOut.String(); got != "Created account 1\ndone\n" {
		t.Errorf("stderr = %q", got)
	}
	errOut.Reset()
	ios.SetQuiet(true)
	ios.Infof("Created account %d", 2)
	if errOut.Len() != 0 {
		t.Errorf("quiet: stderr = %q", errOut.String())
	}
}

func TestTestStreams(t *testing.T) {
	ios, _, _, _ := Test()
	if ios.IsStdinTTY() || ios.IsStdoutTTY() || ios.IsStderrTTY() || ios.ColorEnabled() || ios.ProgressEnabled() {
		t.Error("test streams claim a terminal or colour")
	}
	ios.SetStderrTTY(true)
	if !ios.ProgressEnabled() {
		t.Error("progress off on a terminal")
	}
	ios.SetQuiet(true)
	if ios.ProgressEnabled() {
		t.Error("progress on with --quiet")
	}
}
