package hooks

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMatches(t *testing.T) {
	cases := []struct {
		p, e string
		want bool
	}{
		{"account.created", "account.created", true},
		{"account.*", "account.deleted", true},
		{"*.created", "ticket.created", true},
		{"*.*", "import.finished", true},
		{"account.*", "contact.created", false},
		{"account", "account.created", false},
		{"account.created.x", "account.created", false},
	}
	for _, c := range cases {
		if got := Matches(c.p, c.e); got != c.want {
			t.Errorf("Matches(%q, %q) = %v", c.p, c.e, got)
		}
	}
}

func TestParse(t *testing.T) {
	hooks, err := Parse([]any{
		map[string]any{"on": "account.created", "run": []any{"/bin/true", "--x"}, "timeout": "2s"},
		map[string]any{"on": "contact.*", "run": []any{"audit"}},
	})
	if err != nil || len(hooks) != 2 || hooks[0].Timeout != 2*time.Second || hooks[1].Run[0] != "audit" {
		t.Fatalf("got %+v %v", hooks, err)
	}
	bad := []any{
		"x",
		[]any{map[string]any{"on": "account", "run": []any{"x"}}},
		[]any{map[string]any{"on": "account.created"}},
		[]any{map[string]any{"on": "account.created", "run": []any{"x"}, "timeout": "soon"}},
		[]any{map[string]any{"on": "account.created", "run": []any{"x"}, "shell": true}},
	}
	for _, b := range bad {
		if _, err := Parse(b); err == nil {
			t.Errorf("Parse(%v): no error", b)
		}
	}
}

func TestRunPassesEventAndReportsFailures(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	hooks := []Hook{
		{On: "account.*", Run: []string{"sh", "-c", `cat >> "$0"; echo "$DESKCTL_EVENT $DESKCTL_ID" >> "$0"`, out}},
		{On: "account.created", Run: []string{"sh", "-c", "exit 3"}},
		{On: "account.created", Run: []string{"sh", "-c", "sleep 30"}, Timeout: 200 * time.Millisecond},
		{On: "ticket.created", Run: []string{"sh", "-c", "echo never >> " + out}},
	}
	var stderr bytes.Buffer
	start := time.Now()
	failures := Run(context.Background(), hooks, []Event{{Name: "account.created", ID: 7, Record: map[string]any{"name": "Acme"}}}, &stderr)
	if time.Since(start) > 5*time.Second {
		t.Fatal("the hanging hook was not killed at its timeout")
	}
	got, _ := os.ReadFile(out)
	if !strings.Contains(string(got), `"event":"account.created","id":7`) || !strings.HasSuffix(string(got), "account.created 7\n") {
		t.Fatalf("hook output %q", got)
	}
	if len(failures) != 2 || !errors.Is(failures[1].Err, ErrTimeout) {
		t.Fatalf("failures %v", failures)
	}
}
