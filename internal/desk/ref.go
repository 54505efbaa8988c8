package desk

import "strconv"

// Ref is the id of another record, or 0 for none. It is null in JSON so
// that `jq 'select(.parent_id)'` means "has a parent".
type Ref uint64

// MarshalJSON writes 0 as null.
func (r Ref) MarshalJSON() ([]byte, error) {
	if r == 0 {
		return []byte("null"), nil
	}
	return strconv.AppendUint(nil, uint64(r), 10), nil
}

// UnmarshalJSON reads null as 0.
func (r *Ref) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*r = 0
		return nil
	}
	n, err := strconv.ParseUint(string(b), 10, 64)
	*r = Ref(n)
	return err
}
