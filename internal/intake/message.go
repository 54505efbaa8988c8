package intake

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxMessageSize is the largest message ParseMessage reads, in bytes.
const MaxMessageSize = 32 << 20

// MaxBodySize is the largest decoded text body ParseMessage returns, in
// bytes.
const MaxBodySize = 1 << 20

// Message is what a help desk needs of an email.
type Message struct {
	// From is the sender's address as written in the From header.
	From string
	// Name is the sender's display name, decoded, or "".
	Name string
	// Subject is the decoded subject on one line, or "".
	Subject string
	// Body is the plain-text body, or "" when the message has none.
	Body string
}

// wordDecoder decodes RFC 2047 encoded words in the charsets the package
// supports.
var wordDecoder = &mime.WordDecoder{CharsetReader: charsetReader}

// ParseMessage reads one RFC 5322 message from r. See the package
// documentation for what it extracts and the limits it applies.
func ParseMessage(r io.Reader) (*Message, error) {
	br := bufio.NewReader(&limitReader{r: r, n: MaxMessageSize})
	if err := skipPreamble(br); err != nil {
		return nil, err
	}
	msg, err := mail.ReadMessage(br)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: header: %v", ErrMalformed, err)
	}
	m := &Message{}
	if m.From, m.Name, err = parseFrom(msg.Header.Get("From")); err != nil {
		return nil, err
	}
	m.Subject = cleanLine(decodeWords(msg.Header.Get("Subject")))
	body, _, err := textBody(msg.Header, msg.Body, 0)
	if err != nil {
		return nil, err
	}
	m.Body = cleanText(body)
	// Read to the end: the size limit then holds for the whole message,
	// and a mail server piping into deskctl never sees a broken pipe.
	if _, err := io.Copy(io.Discard, br); err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return m, nil
}

// skipPreamble skips leading white space and an mbox "From " envelope
// line, and reports ErrEmpty when nothing else follows.
func skipPreamble(br *bufio.Reader) error {
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			return ErrEmpty
		}
		if err != nil {
			return err
		}
		if b == ' ' || b == '\t' || b == '\r' || b == '\n' {
			continue
		}
		if err := br.UnreadByte(); err != nil {
			return err
		}
		break
	}
	if head, _ := br.Peek(5); string(head) == "From " {
		if _, err := br.ReadString('\n'); err != nil && err != io.EOF {
			return err
		}
	}
	return nil
}

// parseFrom returns the first address of a From header and its display
// name.
func parseFrom(raw string) (addr, name string, err error) {
	if strings.TrimSpace(raw) == "" {
		return "", "", ErrNoFrom
	}
	p := mail.AddressParser{WordDecoder: wordDecoder}
	list, err := p.ParseList(raw)
	if err != nil {
		return "", "", fmt.Errorf("%w %q: %v", ErrBadFrom, cleanLine(raw), err)
	}
	if len(list) == 0 || list[0].Address == "" {
		return "", "", ErrNoFrom
	}
	return list[0].Address, cleanLine(list[0].Name), nil
}

// decodeWords decodes RFC 2047 encoded words, keeping the raw text when
// they cannot be decoded.
func decodeWords(s string) string {
	if d, err := wordDecoder.DecodeHeader(s); err == nil {
		return d
	}
	return s
}

// cleanLine makes s valid one-line text: white space runs collapsed,
// control characters dropped.
func cleanLine(s string) string {
	s = strings.ToValidUTF8(s, string(utf8.RuneError))
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// cleanText makes s valid multi-line text: "\n" line ends, no control
// characters but newline and tab, surrounding white space trimmed.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, string(utf8.RuneError))
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// limitReader reads at most n bytes from r and then fails with
// ErrTooLarge, so that an oversized message is an error, not a truncation.
type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, tooLarge("the message is larger than %d bytes", MaxMessageSize)
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		n += int(l.n)
		return n, tooLarge("the message is larger than %d bytes", MaxMessageSize)
	}
	return n, err
}

func tooLarge(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrTooLarge}, args...)...)
}
