package intake

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"strings"
)

// maxDepth bounds the nesting of multiparts that are searched for a text
// part; deeper ones are skipped.
const maxDepth = 10

// header is what the package reads of a message's or a part's header.
type header interface {
	Get(key string) string
}

// textBody returns the decoded text of the first text/plain entity in r,
// whose header is h, and whether there was one.
func textBody(h header, r io.Reader, depth int) (string, bool, error) {
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) {
		// RFC 2045 §5.2: no Content-Type, or one that cannot be parsed,
		// means text/plain; charset=us-ascii.
		mediaType, params = "text/plain", nil
	}
	switch {
	case strings.HasPrefix(mediaType, "multipart/"):
		if depth >= maxDepth || params["boundary"] == "" {
			return "", false, nil
		}
		return firstTextPart(multipart.NewReader(r, params["boundary"]), depth)
	case mediaType == "text/plain" && !isAttachment(h):
		s, err := decodeText(h, r, params["charset"])
		return s, err == nil, err
	}
	return "", false, nil
}

// firstTextPart walks the parts of a multipart entity depth first.
func firstTextPart(mr *multipart.Reader, depth int) (string, bool, error) {
	for {
		// NextRawPart, not NextPart: NextPart decodes quoted-printable
		// on its own and hides the header, but not base64; decodeText
		// handles both the same way.
		p, err := mr.NextRawPart()
		if errors.Is(err, ErrTooLarge) {
			return "", false, err
		}
		if err != nil {
			// io.EOF, or a broken multipart: either way there is no
			// (further) text part to find.
			return "", false, nil
		}
		s, ok, err := textBody(p.Header, p, depth+1)
		if err != nil || ok {
			return s, ok, err
		}
	}
}

func isAttachment(h header) bool {
	disp, _, err := mime.ParseMediaType(h.Get("Content-Disposition"))
	return err == nil && disp == "attachment"
}

// decodeText undoes the transfer encoding and the charset of a text
// entity, reading at most MaxBodySize bytes of text.
func decodeText(h header, r io.Reader, charset string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &base64Cleaner{r: r})
	}
	r, err := charsetReader(charset, r)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	n, err := io.Copy(&b, io.LimitReader(r, MaxBodySize+1))
	if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrCharset) {
		return "", err
	}
	if err != nil {
		return "", fmt.Errorf("%w: body: %v", ErrMalformed, err)
	}
	if n > MaxBodySize {
		return "", tooLarge("the text body is larger than %d bytes", MaxBodySize)
	}
	return b.String(), nil
}

// base64Cleaner drops the white space that mailers put in base64 bodies
// besides line breaks (which encoding/base64 skips itself): trailing
// spaces and tabs.
type base64Cleaner struct {
	r io.Reader
}

func (c *base64Cleaner) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := c.r.Read(p)
		j := 0
		for _, b := range p[:n] {
			if b != ' ' && b != '\t' {
				p[j] = b
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}
