package desk

import (
	"net/mail"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/cases"
)

// Limits on text fields. Names are short by the spec; other fields are
// bounded so that one record stays well inside a store transaction.
const (
	maxNameLen  = 200
	maxShortLen = 320   // emails, phones, ids, URLs
	maxLongLen  = 65536 // descriptions, notes
)

var folder = cases.Fold()

// squeezeSpaces trims s and collapses runs of white space into one space.
// Text that is already so (nearly every name) is returned as it is,
// without the split and join.
func squeezeSpaces(s string) string {
	if plainASCII(s, true) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// foldName is the uniqueness key of a name: Unicode case folding over the
// squeezed form, so "  acme   LTD " and "Acme Ltd" are the same account.
func foldName(name string) string { return fold(squeezeSpaces(name)) }

// fold is Unicode case folding. Folding maps no ASCII character but A-Z,
// and those to a-z, so ASCII text — most names and addresses — takes
// strings.ToLower's fast path instead of the general folder, which costs
// about ten times as much and was a tenth of an account import's time
// (FuzzFold holds the two to the same answers).
func fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	return folder.String(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// checkText rejects invalid UTF-8 and control characters (a tab or newline
// is allowed only where multiline is true) and enforces a length in runes.
func checkText(field, s string, max int, multiline bool) error {
	if !utf8.ValidString(s) {
		return invalid(field, "is not valid UTF-8")
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t' || r == '\r')) {
			return invalid(field, "contains control character %U", r)
		}
	}
	if n := utf8.RuneCountInString(s); n > max {
		return invalid(field, "is %d characters long, the limit is %d", n, max)
	}
	return nil
}

// cleanName trims and squeezes a required name and validates it.
func cleanName(field, s string) (string, error) {
	s = squeezeSpaces(s)
	if s == "" {
		return "", invalid(field, "is required")
	}
	return s, checkText(field, s, maxNameLen, false)
}

// cleanLine trims an optional one-line field and validates it.
func cleanLine(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	return s, checkText(field, s, maxShortLen, false)
}

// NormalizeDomain returns the canonical form of a host name: lower case,
// no trailing dot, Unicode labels (IDNA), checked by IDNA's lookup profile.
// The index key is the ASCII (punycode) form, so both spellings clash.
func NormalizeDomain(s string) (display, key string, err error) {
	s = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
	if s == "" {
		return "", "", invalid("domains", "empty domain")
	}
	if plainHostName(s) {
		return s, s, nil
	}
	ascii, err := idna.Lookup.ToASCII(s)
	if err != nil || !strings.Contains(ascii, ".") || strings.HasPrefix(ascii, ".") {
		return "", "", invalid("domains", "%q is not a valid domain name", s)
	}
	for _, label := range strings.Split(ascii, ".") {
		if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return "", "", invalid("domains", "%q is not a valid domain name", s)
		}
	}
	uni, err := idna.Lookup.ToUnicode(ascii)
	if err != nil {
		return "", "", invalid("domains", "%q is not a valid domain name", s)
	}
	return uni, ascii, nil
}

// plainHostName reports whether s is a host name that IDNA's lookup
// profile passes through unchanged: two or more labels of a-z, 0-9 and
// '-', each 1 to 63 long, not starting or ending with '-' and without
// "--" at its third character (which would make it an "xn--" A-label to
// decode, or a hyphen IDNA rejects). Such names — nearly every domain of
// an import — need none of IDNA's work: NormalizeDomain returns them as
// they are (FuzzPlainHostName holds it to the IDNA path's answer).
func plainHostName(s string) bool {
	dots, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			c := s[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
			continue
		}
		label := s[start:i]
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' ||
			len(label) >= 4 && label[2:4] == "--" {
			return false
		}
		if i < len(s) {
			dots++
		}
		start = i + 1
	}
	return dots > 0
}

// NormalizeEmail validates an address and returns it with a lower-cased
// domain, and the case-folded uniqueness key.
func NormalizeEmail(field, s string) (addr, key string, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", "", nil
	}
	if err := checkText(field, s, maxShortLen, false); err != nil {
		return "", "", err
	}
	if local, domain, ok := plainAddress(s); ok {
		return local + "@" + domain, strings.ToLower(local) + "@" + domain, nil
	}
	return parseEmail(field, s)
}

// parseEmail is NormalizeEmail for any address: net/mail decides.
func parseEmail(field, s string) (addr, key string, err error) {
	parsed, err := mail.ParseAddress(s)
	if err != nil || parsed.Address != s {
		return "", "", invalid(field, "%q is not a valid email address", s)
	}
	at := strings.LastIndexByte(s, '@')
	_, domainKey, err := NormalizeDomain(s[at+1:])
	if err != nil {
		return "", "", invalid(field, "%q has an invalid domain", s)
	}
	addr = s[:at+1] + strings.ToLower(s[at+1:])
	return addr, fold(s[:at]) + "@" + domainKey, nil
}

// plainAddress splits an address whose local part is a dot-atom of ASCII
// atext and whose domain, lower-cased, is a plain host name — nearly every
// address of an import — which net/mail and IDNA would pass unchanged:
// NormalizeEmail skips them for it (FuzzPlainAddress holds it to
// parseEmail's answer). ok is false for anything else.
func plainAddress(s string) (local, domain string, ok bool) {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return "", "", false
	}
	local = s[:at]
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return "", "", false
	}
	for i := 0; i < len(local); i++ {
		if c := local[i]; !(c == '.' || isAtext(c)) {
			return "", "", false
		}
	}
	domain = strings.ToLower(s[at+1:])
	if !plainHostName(domain) {
		return "", "", false
	}
	return local, domain, true
}

// isAtext reports whether c is an RFC 5322 atext character.
func isAtext(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// EmailDomain returns the index key of an address's domain, or "".
func EmailDomain(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return ""
	}
	_, key, err := NormalizeDomain(addr[at+1:])
	if err != nil {
		return ""
	}
	return key
}

func cleanURL(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if err := checkText(field, s, maxShortLen, false); err != nil {
		return "", err
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", invalid(field, "%q is not an http(s) URL", s)
	}
	return s, nil
}

func oneOf(field, s string, allowed ...string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, a := range allowed {
		if s == a {
			return s, nil
		}
	}
	return "", invalid(field, "%q is not one of %s", s, strings.Join(allowed, ", "))
}

// cleanTag validates one tag: trimmed, one line, no separator.
func cleanTag(s string) (string, error) {
	s = squeezeSpaces(s)
	if s == "" {
		return "", invalid("tags", "empty tag")
	}
	if strings.ContainsRune(s, ';') {
		return "", invalid("tags", "%q contains ';', the list separator", s)
	}
	return s, checkText("tags", s, maxNameLen, false)
}

// cleanFieldName validates a custom field's name.
func cleanFieldName(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", invalid("fields", "empty custom field name")
	}
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-' || r == '.') {
			return "", invalid("fields", "custom field name %q may hold only letters, digits, '_', '-' and '.'", s)
		}
	}
	return s, checkText("fields", s, 100, false)
}

// SplitList splits a list cell ("a.com; b.com") on ';', dropping blanks.
func SplitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// trimText trims a multi-line text field.
func trimText(s string) string { return strings.TrimSpace(s) }
