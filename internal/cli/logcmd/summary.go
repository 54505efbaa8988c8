package logcmd

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/deskctl/deskctl/internal/desk"
)

// Summary limits: a value longer than maxValue runes is cut with "…", and
// the whole summary stops after maxSummary runes.
const (
	maxValue   = 30
	maxSummary = 100
)

// Summary is the one-line form of an entry's changes for a table: on a
// create "field=value" (when the entry carries the values: the domain logs
// creates without changes, the record being its own first version), on a
// delete the fields that held something, on other writes
// "field: before → after", comma-separated. Empty values show as "", null
// as -. An entry without changes shows its detail (why a hook failed).
func Summary(e *desk.LogEntry) string {
	if len(e.Changes) == 0 {
		return clip(strings.Join(strings.Fields(e.Detail), " "), maxSummary)
	}
	var parts []string
	for _, c := range e.Changes {
		before, after := isNull(c.Before), isNull(c.After)
		switch {
		case before && e.Action == "created":
			parts = append(parts, c.Field+"="+short(c.After))
		case after && e.Action == "deleted":
			parts = append(parts, c.Field)
		default:
			parts = append(parts, c.Field+": "+short(c.Before)+" → "+short(c.After))
		}
	}
	return clip(strings.Join(parts, ", "), maxSummary)
}

// clip cuts s to at most max runes, marking the cut with "…".
func clip(s string, max int) string {
	if utf8.RuneCountInString(s) > max {
		return string([]rune(s)[:max-1]) + "…"
	}
	return s
}

func isNull(v json.RawMessage) bool { return len(v) == 0 || string(v) == "null" }

// short renders a JSON value compactly: strings without quotes unless
// empty, a list of strings joined with ";" as in table cells, other values
// as JSON, long values cut.
func short(v json.RawMessage) string {
	if isNull(v) {
		return "-"
	}
	s := string(v)
	var str string
	var list []string
	switch {
	case v[0] == '"' && json.Unmarshal(v, &str) == nil:
		s = str
	case v[0] == '[' && json.Unmarshal(v, &list) == nil:
		s = strings.Join(list, ";")
	}
	if s == "" {
		s = `""`
	}
	return clip(strings.Join(strings.Fields(s), " "), maxValue)
}
