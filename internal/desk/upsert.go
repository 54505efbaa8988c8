package desk

import (
	"strconv"
	"strings"
)

// Outcome is what an upsert did with one row.
type Outcome int

// Upsert outcomes.
const (
	Created Outcome = iota
	Updated
	Skipped   // the key exists and the import said --on-conflict skip
	Unchanged // the key exists, update asked, and nothing differed
)

func (o Outcome) String() string {
	return [...]string{"created", "updated", "skipped", "unchanged"}[o]
}

// Upsert says how an import row meets an existing record.
type Upsert struct {
	// Key is the field that identifies a row's record: name, external_id,
	// email or id.
	Key string
	// OnConflict is fail (default), skip or update.
	OnConflict string
	// BlankClears makes an empty cell clear the field on update; by default
	// it keeps the stored value.
	BlankClears bool
	// Move lets a contact row take a contact from another account.
	Move bool
	// NoAutoAccount skips association by email domain for new contacts.
	NoAutoAccount bool
}

// Upsert keys and conflict policies accepted for each entity.
var (
	AccountKeys      = []string{"name", "external_id", "id"}
	ContactKeys      = []string{"email", "external_id", "id"}
	ConflictPolicies = []string{"fail", "skip", "update"}
)

// keyValue takes the key field's value out of a row; the "id" column is
// never a settable field, so it is removed from the set in every case.
func (u *Upsert) keyValue(set []FieldValue) (string, []FieldValue) {
	var key string
	out := make([]FieldValue, 0, len(set))
	for _, fv := range set {
		if fv.Field == u.Key {
			key = fv.Value
		}
		if fv.Field != "id" {
			out = append(out, fv)
		}
	}
	return strings.TrimSpace(key), out
}

// forUpdate drops blank cells unless they should clear.
func (u *Upsert) forUpdate(set []FieldValue) []FieldValue {
	if u.BlankClears {
		return set
	}
	out := set[:0:0]
	for _, fv := range set {
		if strings.TrimSpace(fv.Value) != "" {
			out = append(out, fv)
		}
	}
	return out
}

func (u *Upsert) onExisting(kind, key, value string, id uint64) (proceed bool, o Outcome, err error) {
	switch u.OnConflict {
	case "skip":
		return false, Skipped, nil
	case "update":
		return true, Updated, nil
	}
	return false, 0, conflict("%s with %s %q already exists (%s %d); use --on-conflict skip or update", kind, key, value, kind, id)
}

// UpsertAccount creates or updates one account from an import row.
func (tx *Tx) UpsertAccount(u Upsert, set []FieldValue) (*Account, Outcome, error) {
	keyVal, set := u.keyValue(set)
	var id uint64
	var err error
	switch u.Key {
	case "name":
		if keyVal == "" {
			return nil, 0, invalid("name", "is required")
		}
		id, err = accounts.lookup(tx.st, "name", []byte(foldName(keyVal)))
	case "external_id":
		if keyVal == "" {
			return nil, 0, invalid("external_id", "is empty, and it is the import key (--key external_id)")
		}
		id, err = accounts.lookup(tx.st, "ext", []byte(keyVal))
	case "id":
		if id, err = parseImportID(keyVal); err == nil {
			if ok, xerr := accounts.exists(tx.st, id); xerr != nil || !ok {
				id, err = 0, xerr
			}
		}
	default:
		return nil, 0, invalid("key", "%q is not one of %s", u.Key, strings.Join(AccountKeys, ", "))
	}
	if err != nil {
		return nil, 0, err
	}
	if id == 0 {
		if u.Key == "id" {
			return tx.createAccountWithID(keyVal, set)
		}
		a, err := tx.CreateAccount(AccountChange{Set: set})
		return a, Created, err
	}
	proceed, o, err := u.onExisting("account", u.Key, keyVal, id)
	if !proceed {
		return nil, o, err
	}
	ref := strconv.FormatUint(id, 10)
	old, err := accounts.get(tx.st, id)
	if err != nil {
		return nil, 0, err
	}
	a, err := tx.EditAccount(ref, AccountChange{Set: u.forUpdate(set)})
	if err != nil {
		return nil, 0, err
	}
	if a.Version == old.Version {
		return a, Unchanged, nil
	}
	return a, Updated, nil
}

// createAccountWithID creates an account that keeps the id of its row:
// --key id into a store that lacks it (a restore).
func (tx *Tx) createAccountWithID(idText string, set []FieldValue) (*Account, Outcome, error) {
	id, err := parseImportID(idText)
	if err != nil {
		return nil, 0, err
	}
	a, err := tx.createAccount(id, AccountChange{Set: set})
	return a, Created, err
}

func parseImportID(s string) (uint64, error) {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	if err != nil || n == 0 {
		return 0, invalid("id", "%q is not an id (a positive integer)", s)
	}
	return n, nil
}

// UpsertContact creates or updates one contact from an import row.
func (tx *Tx) UpsertContact(u Upsert, set []FieldValue) (*Contact, Outcome, error) {
	keyVal, set := u.keyValue(set)
	var id uint64
	var err error
	switch u.Key {
	case "email":
		if keyVal == "" {
			c, err := tx.CreateContact(ContactChange{Set: set, NoAutoAccount: u.NoAutoAccount})
			return c, Created, err // no email, no key: always a new contact
		}
		_, k, eerr := NormalizeEmail("email", keyVal)
		if eerr != nil {
			return nil, 0, eerr
		}
		id, err = contacts.lookup(tx.st, "email", []byte(k))
	case "external_id":
		if keyVal == "" {
			return nil, 0, invalid("external_id", "is empty, and it is the import key (--key external_id)")
		}
		id, err = contacts.lookup(tx.st, "ext", []byte(keyVal))
	case "id":
		if id, err = parseImportID(keyVal); err == nil {
			if ok, xerr := contacts.exists(tx.st, id); xerr != nil || !ok {
				id, err = 0, xerr
			}
		}
	default:
		return nil, 0, invalid("key", "%q is not one of %s", u.Key, strings.Join(ContactKeys, ", "))
	}
	if err != nil {
		return nil, 0, err
	}
	if id == 0 {
		if u.Key == "id" {
			return tx.createContactWithID(keyVal, set)
		}
		c, err := tx.CreateContact(ContactChange{Set: set, NoAutoAccount: u.NoAutoAccount})
		return c, Created, err
	}
	proceed, o, err := u.onExisting("contact", u.Key, keyVal, id)
	if !proceed {
		return nil, o, err
	}
	old, err := contacts.get(tx.st, id)
	if err != nil {
		return nil, 0, err
	}
	c, err := tx.EditContact(strconv.FormatUint(id, 10), ContactChange{Set: u.forUpdate(set), Move: u.Move})
	if err != nil {
		return nil, 0, err
	}
	if c.Version == old.Version {
		return c, Unchanged, nil
	}
	return c, Updated, nil
}

func (tx *Tx) createContactWithID(idText string, set []FieldValue) (*Contact, Outcome, error) {
	id, err := parseImportID(idText)
	if err != nil {
		return nil, 0, err
	}
	// A restored row keeps its account_id: no association by domain.
	c, err := tx.createContact(id, ContactChange{Set: set, NoAutoAccount: true})
	return c, Created, err
}
