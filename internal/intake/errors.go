package intake

import "errors"

// ErrEmpty is returned when the input holds nothing but white space.
var ErrEmpty = errors.New("empty message")

// ErrNoFrom is returned when the message has no From header, or an empty
// one.
var ErrNoFrom = errors.New("the message has no From address")

// ErrBadFrom is returned when the From header is not a valid address list.
var ErrBadFrom = errors.New("bad From address")

// ErrMalformed is returned when the header or a transfer-encoded body
// cannot be parsed.
var ErrMalformed = errors.New("malformed message")

// ErrTooLarge is returned when the message exceeds MaxMessageSize or its
// decoded body exceeds MaxBodySize.
var ErrTooLarge = errors.New("message too large")

// ErrCharset is returned when the body's charset is not one of those the
// package converts.
var ErrCharset = errors.New("unsupported charset")
