package transfer

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/deskctl/deskctl/internal/desk"
)

// Keys and reference kinds each import accepts; the first is the default.
var (
	TicketKeys  = []string{"none", "id"}
	ManagerKeys = []string{"email", "employee_id", "login", "id"}
	AccountRefs = []string{"auto", "id", "external_id", "name", "domain"}
	ContactRefs = []string{"auto", "id", "external_id", "email"}
)

// keysFor returns the --key values of kind.
func keysFor(kind Kind) []string {
	switch kind {
	case Accounts:
		return desk.AccountKeys
	case Contacts:
		return desk.ContactKeys
	case Tickets:
		return TicketKeys
	case Managers:
		return ManagerKeys
	}
	return nil
}

// apply runs one mapped row through the domain, the same functions the
// single-record commands call.
func (imp *importer) apply(tx *desk.Tx, m *mapped) (desk.Outcome, error) {
	switch imp.opts.Kind {
	case Accounts:
		_, o, err := tx.UpsertAccount(imp.upsert, m.set)
		return o, err
	case Contacts:
		_, o, err := tx.UpsertContact(imp.upsert, m.set)
		return o, err
	case Links:
		return imp.applyLink(tx, m)
	case Tickets:
		return imp.applyTicket(tx, m)
	case Managers:
		return imp.applyManager(tx, m)
	}
	return 0, fmt.Errorf("unknown kind %q", imp.opts.Kind)
}

func (imp *importer) applyLink(tx *desk.Tx, m *mapped) (desk.Outcome, error) {
	cref, err := contactRef(imp.opts.ContactKey, m.contact)
	if err != nil {
		return 0, &refError{"contact", err}
	}
	c, err := tx.Contact(cref)
	if err != nil {
		return 0, &refError{"contact", err}
	}
	aref, err := accountRef(imp.opts.AccountKey, m.account)
	if err != nil {
		return 0, &refError{"account", err}
	}
	aid, err := tx.AccountID(aref)
	if err != nil {
		return 0, &refError{"account", err}
	}
	if uint64(c.AccountID) == aid {
		return desk.Unchanged, nil
	}
	_, err = tx.Associate([]string{strconv.FormatUint(c.ID, 10)}, strconv.FormatUint(aid, 10), imp.opts.Move)
	return desk.Updated, err
}

// accountRef turns a cell into an account reference of the given kind.
func accountRef(kind, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", invalidField("account", "is required")
	}
	switch kind {
	case "id":
		if _, err := strconv.ParseUint(v, 10, 64); err != nil {
			return "", invalidField("account", "%q is not an id", v)
		}
	case "external_id":
		return "ext:" + v, nil
	case "domain":
		return "@" + strings.TrimPrefix(v, "@"), nil
	case "name":
		if isDigits(v) || strings.HasPrefix(v, "@") || strings.HasPrefix(v, "ext:") {
			return "", invalidField("account", "the name %q reads as an id, a domain or ext:ID: use --account-key id or external_id", v)
		}
	}
	return v, nil
}

// contactRef turns a cell into a contact reference of the given kind.
func contactRef(kind, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", invalidField("contact", "is required")
	}
	switch kind {
	case "id":
		if !isDigits(v) {
			return "", invalidField("contact", "%q is not an id", v)
		}
	case "external_id":
		return "ext:" + v, nil
	case "email":
		if !strings.Contains(v, "@") {
			return "", invalidField("contact", "%q is not an email address", v)
		}
	}
	return v, nil
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func (imp *importer) applyTicket(tx *desk.Tx, m *mapped) (desk.Outcome, error) {
	ch := desk.TicketChange{Set: m.set}
	// Resolve the contact here, so that a missing one is reported against
	// its column.
	if strings.TrimSpace(m.contact) != "" {
		ref, err := contactRef(imp.opts.ContactKey, m.contact)
		if err != nil {
			return 0, &refError{"contact", err}
		}
		id, err := tx.ContactID(ref)
		if err != nil {
			return 0, &refError{"contact", err}
		}
		ch.Contact = strconv.FormatUint(id, 10)
	} else if v, ok := m.value("contact_id"); ok && strings.TrimSpace(v) != "" {
		if _, err := tx.ContactID(strings.TrimSpace(v)); err != nil && isDigits(strings.TrimSpace(v)) {
			return 0, &refError{"contact_id", err}
		}
	}
	if imp.opts.Key != "id" {
		_, err := tx.CreateTicket(ch)
		return desk.Created, err
	}
	id, err := strconv.ParseUint(strings.TrimSpace(m.id), 10, 64)
	if err != nil || id == 0 {
		return 0, invalidField("id", "%q is not an id (a positive integer)", m.id)
	}
	old, err := tx.Ticket(id)
	if errors.Is(err, desk.ErrNotFound) {
		_, err = tx.CreateTicketWithID(id, ch)
		return desk.Created, err
	}
	if err != nil {
		return 0, err
	}
	if proceed, o, err := imp.onExisting("ticket", id); !proceed {
		return o, err
	}
	ch.Set = imp.forUpdate(m.set)
	t, err := tx.EditTicket(id, ch)
	if err != nil {
		return 0, err
	}
	return changed(old.Version, t.Version), nil
}

func (imp *importer) applyManager(tx *desk.Tx, m *mapped) (desk.Outcome, error) {
	key := imp.opts.Key
	var keyVal string
	if key == "id" {
		keyVal = strings.TrimSpace(m.id)
	} else if v, ok := m.value(key); ok {
		keyVal = strings.TrimSpace(v)
	}
	var id uint64
	var err error
	switch {
	case keyVal == "" && key != "email":
		return 0, invalidField(key, "is empty, and it is the import key (--key %s)", key)
	case keyVal == "":
		// No email, no key: always a new manager, as for contacts.
	case key == "id":
		if !isDigits(keyVal) {
			return 0, invalidField("id", "%q is not an id (a positive integer)", keyVal)
		}
		id, err = tx.ManagerID(keyVal)
	case key == "email" && !strings.Contains(keyVal, "@"):
		return 0, invalidField("email", "%q is not a valid email address", keyVal)
	case key == "employee_id":
		id, err = tx.ManagerID("emp:" + keyVal)
	case key == "login" && (isDigits(keyVal) || strings.ContainsAny(keyVal, "@ ") || strings.HasPrefix(keyVal, "emp:")):
		return 0, invalidField("login", "%q is not a login", keyVal)
	default:
		id, err = tx.ManagerID(keyVal)
	}
	if err != nil && !errors.Is(err, desk.ErrNotFound) {
		return 0, err
	}
	if id == 0 {
		ch := desk.ManagerChange{Set: m.set}
		if key == "id" {
			n, _ := strconv.ParseUint(keyVal, 10, 64)
			_, err = tx.CreateManagerWithID(n, ch)
		} else {
			_, err = tx.CreateManager(ch)
		}
		return desk.Created, err
	}
	if proceed, o, err := imp.onExisting("manager", id); !proceed {
		return o, err
	}
	ref := strconv.FormatUint(id, 10)
	old, err := tx.Manager(ref)
	if err != nil {
		return 0, err
	}
	mg, err := tx.EditManager(ref, desk.ManagerChange{Set: imp.forUpdate(m.set)})
	if err != nil {
		return 0, err
	}
	return changed(old.Version, mg.Version), nil
}

// onExisting applies --on-conflict to a row whose key names an existing
// record, as desk.Upsert does for accounts and contacts.
func (imp *importer) onExisting(kind string, id uint64) (bool, desk.Outcome, error) {
	switch imp.opts.OnConflict {
	case "skip":
		return false, desk.Skipped, nil
	case "update":
		return true, desk.Updated, nil
	}
	return false, 0, conflictError("%s %d already exists (--key %s); use --on-conflict skip or update", kind, id, imp.opts.Key)
}

// forUpdate drops blank cells unless --blank clear.
func (imp *importer) forUpdate(set []desk.FieldValue) []desk.FieldValue {
	if imp.opts.BlankClears {
		return set
	}
	return slices.DeleteFunc(slices.Clone(set), func(fv desk.FieldValue) bool { return strings.TrimSpace(fv.Value) == "" })
}

func changed(before, after int64) desk.Outcome {
	if before == after {
		return desk.Unchanged
	}
	return desk.Updated
}
