package desk

import (
	"fmt"
	"unicode/utf8"
)

// maxQuoted is the most runes of one user-supplied value an error message
// repeats: enough for any valid name (200), and a 10 MB cell of an import
// file does not become a 10 MB message.
const maxQuoted = 256

// clipArgs returns args with every string longer than maxQuoted runes cut
// to that length and marked with "…" and its size in bytes. Errors quote
// the values they refuse; the caller sees which one, not all of it.
func clipArgs(args []any) []any {
	var out []any
	for i, a := range args {
		s, ok := a.(string)
		if !ok || len(s) <= maxQuoted || utf8.RuneCountInString(s) <= maxQuoted {
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		cut, n := 0, 0
		for cut < len(s) && n < maxQuoted {
			_, size := utf8.DecodeRuneInString(s[cut:])
			cut += size
			n++
		}
		out[i] = fmt.Sprintf("%s…(%d bytes)", s[:cut], len(s))
	}
	if out == nil {
		return args
	}
	return out
}
