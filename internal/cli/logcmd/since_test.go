package logcmd

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/desk"
)

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"2026-11-01T09:00:00Z", time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)},
		{"2026-11-01T10:00:00+01:00", time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)},
		{" 2026-11-01 ", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
		{"90m", now.Add(-90 * time.Minute)},
		{"24h", now.Add(-24 * time.Hour)},
		{"7d", now.Add(-7 * 24 * time.Hour)},
		{"2w", now.Add(-14 * 24 * time.Hour)},
		{"0s", now},
	} {
		got, err := ParseSince(tc.in, now)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("ParseSince(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "yesterday", "-1h", "1.5d", "d", "2026-13-01", "7 d"} {
		if got, err := ParseSince(bad, now); err == nil {
			t.Errorf("ParseSince(%q) = %v, want an error", bad, got)
		}
	}
}

func TestSummary(t *testing.T) {
	change := func(field, before, after string) desk.Change {
		return desk.Change{Field: field, Before: json.RawMessage(before), After: json.RawMessage(after)}
	}
	for _, tc := range []struct {
		name  string
		entry desk.LogEntry
		want  string
	}{
		{"update", desk.LogEntry{Action: "updated", Changes: []desk.Change{
			change("status", `"open"`, `"closed"`), change("account_id", "1", "null"), change("phone", `""`, `"12"`)}},
			`status: open → closed, account_id: 1 → -, phone: "" → 12`},
		{"create with values", desk.LogEntry{Action: "created", Changes: []desk.Change{
			change("name", "null", `"Acme"`), change("domains", "null", `["acme.com","acme.io"]`)}},
			"name=Acme, domains=acme.com;acme.io"},
		{"delete", desk.LogEntry{Action: "deleted", Changes: []desk.Change{change("name", `"Acme"`, "null")}}, "name"},
		{"long value", desk.LogEntry{Action: "updated", Changes: []desk.Change{
			change("description", `""`, `"`+strings.Repeat("a", 50)+`"`)}},
			`description: "" → ` + strings.Repeat("a", 29) + "…"},
		{"object value", desk.LogEntry{Action: "updated", Changes: []desk.Change{change("fields", `{}`, `{"tier":"gold"}`)}},
			`fields: {} → {"tier":"gold"}`},
		{"no changes, a detail", desk.LogEntry{Action: "hook_failed", Detail: "account.created: exit status 1"},
			"account.created: exit status 1"},
		{"nothing", desk.LogEntry{Action: "created"}, ""},
	} {
		if got := Summary(&tc.entry); got != tc.want {
			t.Errorf("%s: Summary = %q, want %q", tc.name, got, tc.want)
		}
	}
	var many []desk.Change
	for i := 0; i < 20; i++ {
		many = append(many, change("field", `"a"`, `"b"`))
	}
	if got := Summary(&desk.LogEntry{Action: "updated", Changes: many}); len([]rune(got)) != maxSummary || !strings.HasSuffix(got, "…") {
		t.Errorf("long summary = %q (%d runes), want %d runes ending in …", got, len([]rune(got)), maxSummary)
	}
}
