package desk

import (
	"fmt"
	"strconv"
	"strings"
)

// FieldValue is one field set from its text form (see Account.SetField).
type FieldValue struct {
	Field string
	Value string
}

// AccountChange describes a create or an edit of an account. Set is applied
// first, in order, then the list edits.
type AccountChange struct {
	Set           []FieldValue
	AddDomains    []string
	RemoveDomains []string
	AddTags       []string
	RemoveTags    []string
	// IfVersion, when not 0, makes an edit fail with a conflict unless the
	// stored version is exactly this one.
	IfVersion int64
}

func (c *AccountChange) apply(a *Account) error {
	for _, fv := range c.Set {
		if err := a.SetField(fv.Field, fv.Value); err != nil {
			return err
		}
	}
	for _, d := range c.RemoveDomains {
		if err := a.removeDomain(d); err != nil {
			return err
		}
	}
	for _, d := range c.AddDomains {
		if err := a.addDomain(d); err != nil {
			return err
		}
	}
	for _, t := range c.RemoveTags {
		a.removeTag(t)
	}
	for _, t := range c.AddTags {
		if err := a.AddTag(t); err != nil {
			return err
		}
	}
	if a.Name == "" {
		return invalid("name", "is required")
	}
	return nil
}

// CreateAccount validates and stores a new account.
func (tx *Tx) CreateAccount(c AccountChange) (*Account, error) { return tx.createAccount(0, c) }

// createAccount creates an account under a fresh id (id 0) or under id.
func (tx *Tx) createAccount(id uint64, c AccountChange) (*Account, error) {
	a := newAccount()
	if err := c.apply(a); err != nil {
		return nil, err
	}
	a.ID = id
	if err := tx.checkAccountRefs(a); err != nil {
		return nil, err
	}
	if err := accounts.insert(tx.st, a, tx.now); err != nil {
		return nil, err
	}
	return a, tx.record("account", a.ID, "created", Ref(a.ID), nil, a)
}

// EditAccount applies a change to the account named by ref.
func (tx *Tx) EditAccount(ref string, c AccountChange) (*Account, error) {
	old, err := tx.Account(ref)
	if err != nil {
		return nil, err
	}
	if err := checkVersion("account", old.ID, &old.Stamp, c.IfVersion); err != nil {
		return nil, err
	}
	a := old.clone()
	if err := c.apply(a); err != nil {
		return nil, err
	}
	return a, tx.saveAccount(old, a)
}

// saveAccount writes an edited account, logs it, and applies the
// consequences of the edit (deactivation cascades to sub-accounts).
func (tx *Tx) saveAccount(old, a *Account) error {
	if err := tx.checkAccountRefs(a); err != nil {
		return err
	}
	changes, err := diff(old, a)
	if err != nil || len(changes) == 0 {
		return err // nothing changed: no new version, no log entry
	}
	if err := accounts.update(tx.st, old, a, tx.now); err != nil {
		return err
	}
	if err := tx.recordChanges("account", a.ID, "updated", Ref(a.ID), old, a, changes); err != nil {
		return err
	}
	if old.Status == StatusActive && a.Status == StatusInactive {
		return tx.deactivateChildren(a.ID)
	}
	return nil
}

func (tx *Tx) deactivateChildren(parent uint64) error {
	children, err := tx.childIDs(parent)
	if err != nil {
		return err
	}
	for _, id := range children {
		old, err := accounts.get(tx.st, id)
		if err != nil {
			return err
		}
		if old.Status == StatusInactive {
			continue
		}
		a := old.clone()
		a.Status = StatusInactive
		if err := tx.saveAccount(old, a); err != nil {
			return err
		}
	}
	return nil
}

// checkAccountRefs checks that the parent and the manager exist and that
// the parent chain has no cycle.
func (tx *Tx) checkAccountRefs(a *Account) error {
	if a.ManagerID != 0 {
		if ok, err := managers.exists(tx.st, uint64(a.ManagerID)); err != nil {
			return err
		} else if !ok {
			return notFound("manager %d not found", a.ManagerID)
		}
	}
	seen := map[uint64]bool{a.ID: true}
	for p := uint64(a.ParentID); p != 0; {
		if seen[p] {
			if p == a.ID {
				return conflict("account %d cannot be its own ancestor: parent %d would make a cycle", a.ID, a.ParentID)
			}
			return conflict("the parents of account %d form a cycle at account %d", a.ID, p)
		}
		seen[p] = true
		parent, err := accounts.get(tx.st, p)
		if err != nil {
			return notFound("parent account %d not found", p)
		}
		p = uint64(parent.ParentID)
	}
	return nil
}

// SetAccountStatus activates or deactivates an account; deactivation also
// deactivates its sub-accounts (rule 6). Activation does not cascade: a
// sub-account is re-activated on its own, deliberately.
func (tx *Tx) SetAccountStatus(ref, status string) (*Account, error) {
	return tx.EditAccount(ref, AccountChange{Set: []FieldValue{{"status", status}}})
}

// DeleteAccountOptions tune DeleteAccount.
type DeleteAccountOptions struct {
	// Detach first disassociates the account's contacts (rule 4).
	Detach    bool
	IfVersion int64
}

// DeleteAccount deletes an account. Sub-accounts keep existing and lose
// their parent; nothing is deleted in cascade.
func (tx *Tx) DeleteAccount(ref string, opts DeleteAccountOptions) (*Account, error) {
	a, err := tx.Account(ref)
	if err != nil {
		return nil, err
	}
	if err := checkVersion("account", a.ID, &a.Stamp, opts.IfVersion); err != nil {
		return nil, err
	}
	if err := tx.beforeAccountDelete(a, opts); err != nil {
		return nil, err
	}
	children, err := tx.childIDs(a.ID)
	if err != nil {
		return nil, err
	}
	for _, id := range children {
		old, err := accounts.get(tx.st, id)
		if err != nil {
			return nil, err
		}
		child := old.clone()
		child.ParentID = 0
		if err := tx.saveAccount(old, child); err != nil {
			return nil, err
		}
	}
	if err := tx.deleteNotes(a.ID); err != nil {
		return nil, err
	}
	if err := accounts.remove(tx.st, a); err != nil {
		return nil, err
	}
	return a, tx.record("account", a.ID, "deleted", Ref(a.ID), a, nil)
}

// deleteNotes removes an account's notes with it: a note is part of its
// account (LiveVox's notes tab), not a record of its own that could be
// orphaned. Each deletion is in the activity log.
func (tx *Tx) deleteNotes(accountID uint64) error {
	ids, err := collectIDs(func(fn func(uint64) error) error {
		return notes.ids(tx.st, "account", idBytes(accountID), fn)
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		n, err := notes.get(tx.st, id)
		if err != nil {
			return err
		}
		if err := notes.remove(tx.st, n); err != nil {
			return err
		}
		if err := tx.record("note", n.ID, "deleted", n.AccountID, n, nil); err != nil {
			return err
		}
	}
	return nil
}

// beforeAccountDelete is where the rule's delete clauses for accounts are
// checked (contacts, rule 4).
func (tx *Tx) beforeAccountDelete(a *Account, opts DeleteAccountOptions) error {
	ids, err := tx.contactIDs(a.ID)
	if err != nil || len(ids) == 0 {
		return err
	}
	if !opts.Detach {
		return conflict("account %d (%s) still has %d contact(s) (%s); use --detach to disassociate them first (contacts and their tickets stay)",
			a.ID, a.Name, len(ids), idList(ids, 10))
	}
	refs := make([]string, len(ids))
	for i, id := range ids {
		refs[i] = strconv.FormatUint(id, 10)
	}
	_, err = tx.Disassociate(refs)
	return err
}

// Account resolves a reference to an account: an id, "@domain",
// "ext:EXTERNAL_ID" or an exact name (ignoring case and spacing).
func (tx *Tx) Account(ref string) (*Account, error) {
	id, err := tx.AccountID(ref)
	if err != nil {
		return nil, err
	}
	return accounts.get(tx.st, id)
}

// AccountID resolves a reference (see Account) to an id.
func (tx *Tx) AccountID(ref string) (uint64, error) {
	ref = strings.TrimSpace(ref)
	var id uint64
	var err error
	switch {
	case ref == "":
		return 0, invalid("account", "empty account reference")
	case isDigits(ref):
		id = parseID(ref)
		if ok, err := accounts.exists(tx.st, id); err != nil || !ok {
			return 0, orNotFound(err, "account %s not found", ref)
		}
		return id, nil
	case strings.HasPrefix(ref, "@"):
		_, key, derr := NormalizeDomain(ref[1:])
		if derr != nil {
			return 0, derr
		}
		id, err = accounts.lookup(tx.st, "domain", []byte(key))
	case strings.HasPrefix(ref, "ext:"):
		id, err = accounts.lookup(tx.st, "ext", []byte(strings.TrimSpace(ref[4:])))
	default:
		id, err = accounts.lookup(tx.st, "name", []byte(foldName(ref)))
	}
	if err != nil || id == 0 {
		return 0, orNotFound(err, "account %q not found", ref)
	}
	return id, nil
}

func orNotFound(err error, format string, args ...any) error {
	if err != nil {
		return err
	}
	return notFound(format, args...)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// parseID parses a decimal id; overflow gives 0, which never exists.
func parseID(s string) uint64 {
	n, _ := strconv.ParseUint(s, 10, 64)
	return n
}

// idList formats up to max ids for a message, saying how many were left out.
func idList(ids []uint64, max int) string {
	var b strings.Builder
	for i, id := range ids {
		if i == max {
			fmt.Fprintf(&b, ", and %d more", len(ids)-max)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d", id)
	}
	return b.String()
}

// childIDs lists the ids of an account's sub-accounts.
func (tx *Tx) childIDs(parent uint64) ([]uint64, error) {
	return collectIDs(func(fn func(uint64) error) error {
		return accounts.ids(tx.st, "parent", idBytes(parent), fn)
	})
}
