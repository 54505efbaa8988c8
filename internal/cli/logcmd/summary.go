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
// create "field=value", on a delete the fields that held something, on
// other writes "field: before → after", comma-separated. Empty values show
// as "", null as -.
func Summary(e *desk.LogEntry) string {
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
	s := strings.Join(parts, ", ")
	if utf8.RuneCountInString(s) > maxSummary {
		s = string([]rune(s)[:maxSummary-1]) + "…"
	}
	return s
}

func isNull(v json.RawMessage) bool { return len(v) == 0 || string(v) == "null" }

// short renders a JSON value compactly: strings without quotes unless
// empty, arrays and objects as JSON, long values cut.
func short(v json.RawMessage) string {
	if isNull(v) {
		return "-"
	}
	s := string(v)
	var str string
	if v[0] == '"' && json.Unmarshal(v, &str) == nil {
		s = str
		if s == "" {
			s = `""`
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > maxValue {
		s = string([]rune(s)[:maxValue-1]) + "…"
	}
	return s
}
