package desk

import (
	"slices"

	"github.com/deskctl/deskctl/internal/store"
)

// AccountFieldNames returns, sorted, the names of the custom fields that
// the accounts f selects hold: the field.NAME columns of an export. With
// no filter it reads them from the names' tally (a key per name in use),
// so that an export of every account reads the records once, not twice;
// with one, or on a store from before tallies, it reads the records.
func (tx *Tx) AccountFieldNames(f AccountFilter) ([]string, error) {
	return accounts.fieldNames(tx.st, f.selectsAll(),
		func(fn func(*Account) error) error { return tx.ListAccounts(f, fn) },
		func(a *Account) map[string]string { return a.Fields })
}

// ContactFieldNames is AccountFieldNames for contacts.
func (tx *Tx) ContactFieldNames(f ContactFilter) ([]string, error) {
	return contacts.fieldNames(tx.st, f == (ContactFilter{}),
		func(fn func(*Contact) error) error { return tx.ListContacts(f, fn) },
		func(c *Contact) map[string]string { return c.Fields })
}

// fieldNames returns, sorted, the custom field names of the records each
// lists: from the tally when all are listed (and the store keeps
// tallies), else from the records, decoded.
func (e *entity[T, P]) fieldNames(st store.Tx, all bool, each func(fn func(*T) error) error, fields func(*T) map[string]string) ([]string, error) {
	if tallied, err := hasTallies(st); err != nil {
		return nil, err
	} else if tallied && all {
		return e.tallied(st, "fields")
	}
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

func sortedNames(set map[string]struct{}) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
