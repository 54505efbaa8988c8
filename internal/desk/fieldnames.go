package desk

import (
	"slices"
)

// AccountFieldNames returns, sorted, the names of the custom fields that
// the accounts f selects hold: the field.NAME columns of an export. With
// no filter it reads them from the names' tally (a key per name in use),
// so that an export of every account reads the records once, not twice;
// with one, or on a store from before tallies, it reads the records.
func (tx *Tx) AccountFieldNames(f AccountFilter) ([]string, error) {
	if tallied, err := hasTallies(tx.st); err != nil {
		return nil, err
	} else if tallied && f.selectsAll() {
		return accounts.tallied(tx.st, "fields")
	}
	return collectFieldNames(func(fn func(*Account) error) error { return tx.ListAccounts(f, fn) },
		func(a *Account) map[string]string { return a.Fields })
}

// ContactFieldNames is AccountFieldNames for contacts.
func (tx *Tx) ContactFieldNames(f ContactFilter) ([]string, error) {
	if tallied, err := hasTallies(tx.st); err != nil {
		return nil, err
	} else if tallied && f == (ContactFilter{}) {
		return contacts.tallied(tx.st, "fields")
	}
	return collectFieldNames(func(fn func(*Contact) error) error { return tx.ListContacts(f, fn) },
		func(c *Contact) map[string]string { return c.Fields })
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

func sortedNames(set map[string]struct{}) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
