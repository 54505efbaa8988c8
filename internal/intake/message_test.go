package intake

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// crlf turns the "\n" line ends of a test message into the "\r\n" of the
// wire format.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

func TestParseMessage(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Message
	}{
		{
			name: "plain",
			in: "From: Ann Lee <ann@newco.example>\nTo: help@desk.example\nSubject: Printer on fire\n\n" +
				"Hello,\nthe printer is on fire.\n",
			want: Message{From: "ann@newco.example", Name: "Ann Lee", Subject: "Printer on fire",
				Body: "Hello,\nthe printer is on fire."},
		},
		{
			name: "crlf and folded subject",
			in:   crlf("From: bob@acme.com\nSubject: a long\n  folded   subject\n\nline 1\nline 2\n"),
			want: Message{From: "bob@acme.com", Subject: "a long folded subject", Body: "line 1\nline 2"},
		},
		{
			name: "mbox envelope line",
			in:   "From bob@acme.com Mon Nov  2 10:00:00 2026\nFrom: bob@acme.com\nSubject: x\n\nbody\n",
			want: Message{From: "bob@acme.com", Subject: "x", Body: "body"},
		},
		{
			name: "encoded words",
			in: "From: =?UTF-8?Q?Jos=C3=A9_Garc=C3=ADa?= <jose@acme.com>\n" +
				"Subject: =?ISO-8859-1?Q?Caf=E9?= =?UTF-8?B?4pyT?= and =?windows-1252?Q?=93quoted=94?=\n\nx\n",
			want: Message{From: "jose@acme.com", Name: "José García", Subject: "Café✓ and “quoted”", Body: "x"},
		},
		{
			name: "quoted-printable latin-1",
			in: "From: a@acme.com\nSubject: qp\nContent-Type: text/plain; charset=ISO-8859-1\n" +
				"Content-Transfer-Encoding: quoted-printable\n\nCaf=E9 cr=E8me, a soft=\n break.\n",
			want: Message{From: "a@acme.com", Subject: "qp", Body: "Café crème, a soft break."},
		},
		{
			name: "base64 utf-8",
			in: "From: a@acme.com\nSubject: b64\nContent-Type: text/plain; charset=\"utf-8\"\n" +
				"Content-Transfer-Encoding: base64\n\n4pyTIGRv\nbmUgCg== \n",
			want: Message{From: "a@acme.com", Subject: "b64", Body: "✓ done"},
		},
		{
			name: "windows-1252",
			in:   "From: a@acme.com\nContent-Type: text/plain; charset=windows-1252\n\n\x93hi\x94 \x80 5\n",
			want: Message{From: "a@acme.com", Body: "“hi” € 5"},
		},
		{
			name: "multipart alternative picks the plain part",
			in: "From: a@acme.com\nSubject: alt\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"XX\"\n\n" +
				"preamble\n--XX\nContent-Type: text/html\n\n<p>html</p>\n--XX\nContent-Type: text/plain; charset=utf-8\n" +
				"Content-Transfer-Encoding: quoted-printable\n\nplain =E2=9C=93\n--XX--\n",
			want: Message{From: "a@acme.com", Subject: "alt", Body: "plain ✓"},
		},
		{
			name: "nested multipart skips a text attachment",
			in: "From: a@acme.com\nContent-Type: multipart/mixed; boundary=OUT\n\n" +
				"--OUT\nContent-Type: text/plain\nContent-Disposition: attachment; filename=log.txt\n\nlog lines\n" +
				"--OUT\nContent-Type: multipart/alternative; boundary=IN\n\n" +
				"--IN\nContent-Type: text/plain\n\nthe real body\n--IN\nContent-Type: text/html\n\n<b>x</b>\n--IN--\n" +
				"--OUT--\n",
			want: Message{From: "a@acme.com", Body: "the real body"},
		},
		{
			name: "html only has no body",
			in:   "From: a@acme.com\nContent-Type: text/html\n\n<p>hi</p>\n",
			want: Message{From: "a@acme.com"},
		},
		{
			name: "bad content type means text/plain",
			in:   "From: a@acme.com\nContent-Type: ???\n\nstill text\n",
			want: Message{From: "a@acme.com", Body: "still text"},
		},
		{
			name: "control characters and bad utf-8 are cleaned",
			in:   "From: a@acme.com\nSubject: a\x01b\n\nx\x00y\xffz\r\n\fend\n",
			want: Message{From: "a@acme.com", Subject: "ab", Body: "xy\uFFFDz\nend"},
		},
		{
			name: "first of several From addresses",
			in:   "From: \"Lee, Ann\" <ann@acme.com>, bob@acme.com\n\nx\n",
			want: Message{From: "ann@acme.com", Name: "Lee, Ann", Body: "x"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMessage(strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("ParseMessage: %v", err)
			}
			if *got != tt.want {
				t.Errorf("ParseMessage =\n %+q\nwant\n %+q", *got, tt.want)
			}
		})
	}
}

func TestParseMessageErrors(t *testing.T) {
	tests := []struct {
		name string
		in   io.Reader
		want error
		msg  string
	}{
		{"empty", strings.NewReader(""), ErrEmpty, "empty message"},
		{"white space", strings.NewReader(" \r\n\n\t"), ErrEmpty, "empty message"},
		{"no From", strings.NewReader("Subject: x\n\nbody\n"), ErrNoFrom, "the message has no From address"},
		{"empty From", strings.NewReader("From:  \n\nbody\n"), ErrNoFrom, "the message has no From address"},
		{"bad From", strings.NewReader("From: not an address\n\nbody\n"), ErrBadFrom, `bad From address "not an address": `},
		{"not a header", strings.NewReader("hello world\nthis is not mail\n"), ErrMalformed, "malformed message: header: "},
		{"charset", strings.NewReader("From: a@b.example\nContent-Type: text/plain; charset=koi8-r\n\nx\n"),
			ErrCharset, `unsupported charset "koi8-r" (supported: utf-8, us-ascii, iso-8859-1, windows-1252)`},
		{"bad base64", strings.NewReader("From: a@b.example\nContent-Transfer-Encoding: base64\n\n!!!!\n"),
			ErrMalformed, "malformed message: body: "},
		{"body too large", io.MultiReader(strings.NewReader("From: a@b.example\n\n"),
			strings.NewReader(strings.Repeat("x", MaxBodySize+1))), ErrTooLarge, "message too large: the text body is larger than 1048576 bytes"},
		{"message too large", io.MultiReader(strings.NewReader("From: a@b.example\nContent-Type: text/html\n\n"),
			io.LimitReader(zeros{}, MaxMessageSize)), ErrTooLarge, "message too large: the message is larger than 33554432 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseMessage(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParseMessage = %+v, %v; want error %v", m, err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), tt.msg) {
				t.Errorf("error %q does not start with %q", err, tt.msg)
			}
		})
	}
}

// zeros is an endless reader of 'a' bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}
