package desk

import (
	"errors"
	"slices"
	"strings"

	"github.com/deskctl/deskctl/internal/store"
)

// AccountFilter selects and orders accounts for list and export.
type AccountFilter struct {
	Search    string            // case-insensitive substring of name, a domain or the email
	Status    string            // active or inactive
	Manager   string            // manager reference
	Tag       string            // has this tag
	Fields    map[string]string // custom field equals value
	Domain    string            // owns this domain
	CRMStatus string
	Parent    string // sub-accounts of this account
	// Sort is id (default), name, created_at or updated_at; a leading '-'
	// reverses it.
	Sort string
	// After is the cursor: only accounts after this id in the sort order.
	After uint64
	// Limit stops after this many accounts; 0 means no limit.
	Limit int
}

// AccountSorts are the accepted values of AccountFilter.Sort.
var AccountSorts = []string{"id", "name", "created_at", "updated_at"}

// ListAccounts calls fn for every account the filter selects, in order.
func (tx *Tx) ListAccounts(f AccountFilter, fn func(*Account) error) error {
	match, err := tx.accountMatcher(f)
	if err != nil {
		return err
	}
	field, reverse := strings.CutPrefix(f.Sort, "-")
	if field == "" {
		field = "id"
	}
	if !slices.Contains(AccountSorts, field) {
		return invalid("sort", "%q is not one of %s", f.Sort, strings.Join(AccountSorts, ", "))
	}
	n := 0
	emit := func(a *Account) error {
		if !match(a) {
			return nil
		}
		if err := fn(a); err != nil {
			return err
		}
		if n++; f.Limit > 0 && n >= f.Limit {
			return store.ErrStop
		}
		return nil
	}
	var scanErr error
	switch {
	case field == "name":
		scanErr = tx.scanAccountsByName(f.After, reverse, emit)
	case field == "updated_at":
		scanErr = tx.scanAccountsByUpdate(f.After, reverse, match, emit)
	case f.Domain != "":
		// A domain names at most one account: no need to scan.
		a, err := tx.Account("@" + f.Domain)
		if errors.Is(err, ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		scanErr = emit(a)
	case f.Search != "":
		// Most accounts fail the search: test it on the stored form
		// first, and decode only those that pass (or that are JSON).
		needle := foldName(f.Search)
		scanErr = accounts.scanWhere(tx.st, f.After, reverse, func(raw []byte) bool {
			found, ok := accountSearchRaw(raw, needle)
			return found || !ok
		}, emit)
	default:
		scanErr = accounts.scan(tx.st, f.After, reverse, emit)
	}
	if errors.Is(scanErr, store.ErrStop) {
		return nil
	}
	return scanErr
}

func (tx *Tx) accountMatcher(f AccountFilter) (func(*Account) bool, error) {
	var managerID, parentID uint64
	var err error
	if f.Manager != "" {
		if managerID, err = tx.ManagerID(f.Manager); err != nil {
			return nil, err
		}
	}
	if f.Parent != "" {
		if parentID, err = tx.AccountID(f.Parent); err != nil {
			return nil, err
		}
	}
	if f.Status != "" {
		if f.Status, err = oneOf("status", f.Status, StatusActive, StatusInactive); err != nil {
			return nil, err
		}
	}
	if f.CRMStatus != "" {
		if f.CRMStatus, err = oneOf("crm_status", f.CRMStatus, crmStatuses...); err != nil {
			return nil, err
		}
	}
	domainKey := ""
	if f.Domain != "" {
		if _, domainKey, err = NormalizeDomain(f.Domain); err != nil {
			return nil, err
		}
	}
	search := foldName(f.Search)
	tag := squeezeSpaces(f.Tag)
	return func(a *Account) bool {
		switch {
		case f.Status != "" && a.Status != f.Status,
			f.CRMStatus != "" && a.CRMStatus != f.CRMStatus,
			managerID != 0 && uint64(a.ManagerID) != managerID,
			parentID != 0 && uint64(a.ParentID) != parentID,
			tag != "" && !slices.Contains(a.Tags, tag),
			domainKey != "" && !hasDomain(a, domainKey),
			search != "" && !accountContains(a, search):
			return false
		}
		for k, v := range f.Fields {
			if a.Fields[k] != v {
				return false
			}
		}
		return true
	}, nil
}

func hasDomain(a *Account, key string) bool {
	for _, d := range a.Domains {
		if _, k, _ := NormalizeDomain(d); k == key {
			return true
		}
	}
	return false
}

// accountContains reports whether the folded needle occurs in the name, a
// domain or the email.
func accountContains(a *Account, needle string) bool {
	if strings.Contains(foldName(a.Name), needle) || strings.Contains(fold(a.Email), needle) {
		return true
	}
	for _, d := range a.Domains {
		if strings.Contains(d, needle) {
			return true
		}
	}
	return false
}

// scanAccountsByName walks the name index, which is ordered by folded name.
func (tx *Tx) scanAccountsByName(after uint64, reverse bool, fn func(*Account) error) error {
	opts := store.ScanOptions{Reverse: reverse}
	if after > 0 {
		a, err := accounts.get(tx.st, after)
		if err != nil {
			return err
		}
		// Start at the cursor's own entry, in either direction, and skip it.
		opts.From = uniqueKey("account", "name", []byte(foldName(a.Name)))
	}
	return tx.st.Scan(indexPrefix("account", "name"), opts, func(_, v []byte) error {
		if ownerID(v) == after {
			return nil
		}
		a, err := accounts.get(tx.st, ownerID(v))
		if err != nil {
			return err
		}
		return fn(a)
	})
}

// scanAccountsByUpdate sorts matching accounts by update time in memory:
// there is no index on updated_at, which changes on every write.
func (tx *Tx) scanAccountsByUpdate(after uint64, reverse bool, match func(*Account) bool, fn func(*Account) error) error {
	var all []*Account
	if err := accounts.scan(tx.st, 0, false, func(a *Account) error {
		if match(a) {
			kept := *a // not a: its slab block would stay alive with it
			all = append(all, &kept)
		}
		return nil
	}); err != nil {
		return err
	}
	slices.SortStableFunc(all, func(x, y *Account) int {
		c := x.UpdatedAt.Compare(y.UpdatedAt)
		if c == 0 {
			c = cmpID(x.ID, y.ID)
		}
		if reverse {
			return -c
		}
		return c
	})
	start := 0
	if after > 0 {
		start = slices.IndexFunc(all, func(a *Account) bool { return a.ID == after }) + 1
	}
	for _, a := range all[start:] {
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}

func cmpID(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// AccountStats is the accounts overview.
type AccountStats struct {
	Total       int `json:"total"`
	Active      int `json:"active"`
	Inactive    int `json:"inactive"`
	WithManager int `json:"with_manager"`
	InCRM       int `json:"mapped_to_crm"`
	SubAccounts int `json:"sub_accounts"`
}

// AccountStats counts accounts by status, manager and CRM mapping. An
// account is mapped to a CRM when it has a crm_id.
func (tx *Tx) AccountStats() (AccountStats, error) {
	var s AccountStats
	err := accounts.scan(tx.st, 0, false, func(a *Account) error {
		s.Total++
		if a.Status == StatusActive {
			s.Active++
		} else {
			s.Inactive++
		}
		if a.ManagerID != 0 {
			s.WithManager++
		}
		if a.CRMID != "" {
			s.InCRM++
		}
		if a.ParentID != 0 {
			s.SubAccounts++
		}
		return nil
	})
	return s, err
}
