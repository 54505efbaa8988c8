package intake

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// Charsets are the charsets the package converts to UTF-8, by their
// preferred MIME names.
var Charsets = []string{"utf-8", "us-ascii", "iso-8859-1", "windows-1252"}

// charsetReader returns a reader that converts r from charset to UTF-8.
// It is also the CharsetReader of the RFC 2047 word decoder. An empty
// charset is us-ascii (RFC 2045), read as UTF-8 since mislabelled 8-bit
// mail is common and UTF-8 is a superset.
func charsetReader(charset string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(charset), `"`)) {
	case "", "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968":
		return r, nil
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1":
		return charmap.ISO8859_1.NewDecoder().Reader(r), nil
	case "windows-1252", "cp1252", "x-cp1252":
		return charmap.Windows1252.NewDecoder().Reader(r), nil
	}
	return nil, fmt.Errorf("%w %q (supported: %s)", ErrCharset, charset, strings.Join(Charsets, ", "))
}
