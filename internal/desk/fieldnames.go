package desk

import (
	"slices"

	"github.com/deskctl/deskctl/internal/store"
)

// AccountFieldNames returns, sorted, the names of the custom fields that
// the accounts f selects hold: the field.NAME columns of an export. With
// no filter it reads them from the stored records without decoding them,
// which makes this first pass of an export a small part of its time.
func (tx *Tx) AccountFieldNames(f AccountFilter) ([]string, error) {
	fields := func(a *Account) map[string]string { return a.Fields }
	if f.selectsAll() {
		return accounts.fieldNames(tx.st, accountWire, 13, fields)
	}
	return collectFieldNames(func(fn func(*Account) error) error { return tx.ListAccounts(f, fn) }, fields)
}

// ContactFieldNames is AccountFieldNames for contacts.
func (tx *Tx) ContactFieldNames(f ContactFilter) ([]string, error) {
	fields := func(c *Contact) map[string]string { return c.Fields }
	if f == (ContactFilter{}) {
		return contacts.fieldNames(tx.st, contactWire, 8, fields)
	}
	return collectFieldNames(func(fn func(*Contact) error) error { return tx.ListContacts(f, fn) }, fields)
}

// collectFieldNames returns, sorted, the custom field names of the
// records each lists, decoded.
func collectFieldNames[T any](each func(fn func(*T) error) error, fields func(*T) map[string]string) ([]string, error) {
	names := map[string]struct{}{}
	err := each(func(rec *T) error {
		for k := range fields(rec) {
			names[k] = struct{}{}
		}
		return nil
	})
	return sortedNames(names), err
}

// selectsAll reports whether f lets every account through.
func (f AccountFilter) selectsAll() bool {
	return f.Search == "" && f.Status == "" && f.Manager == "" && f.Tag == "" && len(f.Fields) == 0 &&
		f.Domain == "" && f.CRMStatus == "" && f.Parent == "" && f.After == 0 && f.Limit == 0
}

// fieldNames collects the keys of the map field at tag over every record
// of the kind, from the stored bytes; a record that is not binary (JSON,
// from before the binary form) is decoded and fields gives its map.
func (e *entity[T, P]) fieldNames(tx store.Tx, wireOf func(byte) wire, tag byte, fields func(*T) map[string]string) ([]string, error) {
	names := map[string]struct{}{}
	err := tx.Scan(recordPrefix(e.kind), store.ScanOptions{}, func(_, raw []byte) error {
		if eachRawString(raw, wireOf, func(t byte, i int, b []byte) bool {
			if t == tag && i%2 == 0 {
				if _, ok := names[string(b)]; !ok {
					names[string(b)] = struct{}{}
				}
			}
			return true
		}) {
			return nil
		}
		rec, err := e.decode(raw)
		if err != nil {
			return err
		}
		for k := range fields(rec) {
			names[k] = struct{}{}
		}
		return nil
	})
	return sortedNames(names), err
}

func sortedNames(set map[string]struct{}) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
