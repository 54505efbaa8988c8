package output

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxCellRunes is the width past which a table cell of a list is cut and
// ends with "…". Long descriptions would otherwise push every other column
// off the screen; json and csv are never cut.
const maxCellRunes = 60

// needsEscape reports whether r must not reach a terminal as is: C0 and C1
// control characters and DEL (ESC starts the sequences that move the cursor,
// retitle the window or rewrite the clipboard; \r and \n rewrite what is
// shown), the Unicode line and paragraph separators, and the bidirectional
// marks, embeddings, overrides and isolates that make text display in a
// different order than it is stored ("Trojan Source").
func needsEscape(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r == 0x2028, r == 0x2029:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Sanitize returns s safe to print on a terminal: every character for which
// a terminal could do something other than display a glyph is written as an
// escape instead (\t, \n, \r, \x1b, \x7f, \u0085, \u202e...), and invalid
// UTF-8 bytes as \xNN. Other text, including backslashes, is unchanged.
// Table output applies it to every cell; json and csv stay exact.
func Sanitize(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if needsEscape(r) || (r == utf8.RuneError && size == 1) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r <= 0x7f && needsEscape(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case needsEscape(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// truncate cuts s to at most n runes, the last one being "…".
func truncate(s string, n int) string {
	if len(s) <= n { // n bytes hold at most n runes
		return s
	}
	count := 0
	for i := range s {
		if count == n-1 {
			if utf8.RuneCountInString(s[i:]) == 1 {
				return s
			}
			return s[:i] + "…"
		}
		count++
	}
	return s
}
