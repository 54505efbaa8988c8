package output

import "strings"

// SanitizeText is Sanitize for messages of one or more lines, such as the
// errors and notices deskctl writes on stderr, which quote user data (a
// name, a column of an import file, a reference typed on the command
// line): each line is sanitized, the newlines between lines are kept.
func SanitizeText(s string) string {
	if Sanitize(s) == s {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Sanitize(l)
	}
	return strings.Join(lines, "\n")
}
