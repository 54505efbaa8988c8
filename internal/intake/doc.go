// Package intake reads a request that arrived by email: an RFC 5322
// message, as saved by a mail client (.eml) or piped from a mail server,
// becomes its sender's address and display name, a subject and a plain-text
// body. It is what `deskctl ticket create --from-email FILE|-` runs before
// the domain's intake (rule 8 of the spec) finds or creates the contact.
//
// # Concepts
//
// ParseMessage takes the first address of the From header (net/mail), the
// Subject with RFC 2047 encoded words decoded (mime.WordDecoder), and the
// body: the message itself when it is text/plain (or has no Content-Type,
// which RFC 2045 says means text/plain), or else the first text/plain part
// of a multipart/* message that is not an attachment, searched depth first
// through nested multiparts. Quoted-printable and base64 transfer encodings
// are decoded, and the charsets utf-8, us-ascii, iso-8859-1 and
// windows-1252 are converted to UTF-8 (golang.org/x/text for the latter
// two).
//
// The text returned is normalized so the domain accepts it: valid UTF-8
// (bad bytes become U+FFFD), line ends as "\n", no control characters other
// than newline and tab, surrounding white space trimmed; the subject is one
// line with runs of white space collapsed.
//
// # Limits
//
// The whole message may be at most MaxMessageSize bytes (32 MiB, a common
// mail server limit) and the decoded body at most MaxBodySize bytes
// (1 MiB); past either, ParseMessage returns ErrTooLarge rather than
// truncating silently. Attachments are skipped as they stream by and are
// never held in memory.
//
// # Caveats
//
// A message with no text/plain part (HTML only) has an empty Body: there is
// no HTML-to-text conversion. A body in another charset than the four above
// is refused with ErrCharset instead of being guessed at; encoded words of
// the subject or display name in such a charset are kept undecoded. Only
// the first From address is used; Sender and Reply-To are ignored. A
// leading mbox "From " envelope line is skipped.
package intake
