package bolt

import "errors"

// errEmptyKey is returned by Put for an empty key, which bbolt cannot store.
var errEmptyKey = errors.New("store key must not be empty")

// errEmptySequence is returned by NextSequence for an empty name.
var errEmptySequence = errors.New("sequence name must not be empty")
