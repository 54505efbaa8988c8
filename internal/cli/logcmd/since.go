package logcmd

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseSince parses the value of --since relative to now:
//
//   - an RFC 3339 time: 2026-11-01T09:00:00Z, 2026-11-01T10:00:00+01:00;
//   - a date: 2026-11-01, meaning its midnight UTC;
//   - a duration before now: a Go duration (90m, 1h30m, 24h) or a whole
//     number of days or weeks (7d, 2w).
func ParseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("empty time")
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if d, ok := parseAgo(s); ok {
		return now.Add(-d).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a time: use RFC 3339 (2026-11-01T09:00:00Z), a date (2026-11-01) or a duration ago (24h, 7d, 2w)", s)
}

// parseAgo parses a non-negative duration with the extra units d and w.
func parseAgo(s string) (time.Duration, bool) {
	for unit, size := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if num, ok := strings.CutSuffix(s, unit); ok {
			n, err := strconv.ParseUint(num, 10, 32)
			if err != nil {
				return 0, false
			}
			return time.Duration(n) * size, true
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, false
	}
	return d, true
}
