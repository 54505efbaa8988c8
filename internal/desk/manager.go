package desk

import (
	"strings"
)

// Manager is an account manager (SupportCenter Plus). No passwords: deskctl
// has no portal and stores no secrets.
type Manager struct {
	ID         uint64 `json:"id"`
	Name       string `json:"name"`
	Email      string `json:"email"`
	EmployeeID string `json:"employee_id"`
	Login      string `json:"login"`
	Phone      string `json:"phone"`
	Mobile     string `json:"mobile"`
	Stamp
}

func (m *Manager) recordID() uint64      { return m.ID }
func (m *Manager) setRecordID(id uint64) { m.ID = id }
func (m *Manager) stamp() *Stamp         { return &m.Stamp }

// ManagerFields are the settable fields of a manager, in export order.
var ManagerFields = []string{"name", "email", "employee_id", "login", "phone", "mobile"}

var managers = &entity[Manager, *Manager]{
	kind: "manager",
	indexes: []index[Manager]{
		{name: "email", unique: true,
			values: func(m *Manager) [][]byte { _, k, _ := NormalizeEmail("email", m.Email); return stringValue(k) },
			clash: func(_ []byte, owner uint64) error {
				return conflict("email is already used by manager %d", owner)
			}},
		{name: "employee", unique: true,
			values: func(m *Manager) [][]byte { return stringValue(m.EmployeeID) },
			clash: func(v []byte, owner uint64) error {
				return conflict("employee id %q is already used by manager %d", v, owner)
			}},
		{name: "login", unique: true,
			values: func(m *Manager) [][]byte { return stringValue(fold(m.Login)) },
			clash: func(v []byte, owner uint64) error {
				return conflict("login %q is already used by manager %d", v, owner)
			}},
	},
}

// SetField sets one manager field from its text form.
func (m *Manager) SetField(name, value string) error {
	var err error
	switch name {
	case "name":
		m.Name, err = cleanName("name", value)
	case "email":
		m.Email, _, err = NormalizeEmail("email", value)
	case "employee_id":
		m.EmployeeID, err = cleanLine("employee_id", value)
	case "login":
		m.Login, err = cleanLine("login", value)
		if err == nil && strings.ContainsAny(m.Login, " @") {
			err = invalid("login", "%q may not contain spaces or '@'", m.Login)
		}
	case "phone":
		m.Phone, err = cleanLine("phone", value)
	case "mobile":
		m.Mobile, err = cleanLine("mobile", value)
	default:
		return invalid(name, "is not a manager field (fields: %s)", strings.Join(ManagerFields, ", "))
	}
	return err
}

// ManagerChange describes a create or an edit of a manager.
type ManagerChange struct {
	Set       []FieldValue
	IfVersion int64
}

func (c *ManagerChange) apply(m *Manager) error {
	for _, fv := range c.Set {
		if err := m.SetField(fv.Field, fv.Value); err != nil {
			return err
		}
	}
	if m.Name == "" {
		return invalid("name", "is required")
	}
	return nil
}

// CreateManager validates and stores a new manager.
func (tx *Tx) CreateManager(c ManagerChange) (*Manager, error) { return tx.createManager(0, c) }

// createManager creates a manager under a fresh id (id 0) or under id.
func (tx *Tx) createManager(id uint64, c ManagerChange) (*Manager, error) {
	m := &Manager{ID: id}
	if err := c.apply(m); err != nil {
		return nil, err
	}
	if err := managers.insert(tx.st, m, tx.now); err != nil {
		return nil, err
	}
	return m, tx.record("manager", m.ID, "created", 0, nil, m)
}

// EditManager applies a change to the manager named by ref.
func (tx *Tx) EditManager(ref string, c ManagerChange) (*Manager, error) {
	old, err := tx.Manager(ref)
	if err != nil {
		return nil, err
	}
	if err := checkVersion("manager", old.ID, &old.Stamp, c.IfVersion); err != nil {
		return nil, err
	}
	m := *old
	if err := c.apply(&m); err != nil {
		return nil, err
	}
	changes, err := diff(old, &m)
	if err != nil || len(changes) == 0 {
		return &m, err
	}
	if err := managers.update(tx.st, old, &m, tx.now); err != nil {
		return nil, err
	}
	return &m, tx.recordChanges("manager", m.ID, "updated", 0, old, &m, changes)
}

// DeleteManager deletes a manager. One who still manages accounts is
// refused unless unassign is set, which first clears those accounts'
// manager.
func (tx *Tx) DeleteManager(ref string, unassign bool) (*Manager, error) {
	m, err := tx.Manager(ref)
	if err != nil {
		return nil, err
	}
	managed, err := collectIDs(func(fn func(uint64) error) error {
		return accounts.ids(tx.st, "manager", idBytes(m.ID), fn)
	})
	if err != nil {
		return nil, err
	}
	if len(managed) > 0 && !unassign {
		return nil, conflict("manager %d still manages %d account(s) (%s); use --unassign to clear them first",
			m.ID, len(managed), idList(managed, 10))
	}
	for _, id := range managed {
		old, err := accounts.get(tx.st, id)
		if err != nil {
			return nil, err
		}
		a := old.clone()
		a.ManagerID = 0
		if err := tx.saveAccount(old, a); err != nil {
			return nil, err
		}
	}
	if err := managers.remove(tx.st, m); err != nil {
		return nil, err
	}
	return m, tx.record("manager", m.ID, "deleted", 0, m, nil)
}

// Manager resolves a manager reference: an id, an email, "emp:EMPLOYEE_ID"
// or a login.
func (tx *Tx) Manager(ref string) (*Manager, error) {
	id, err := tx.ManagerID(ref)
	if err != nil {
		return nil, err
	}
	return managers.get(tx.st, id)
}

// ManagerID resolves a manager reference (see Manager) to an id.
func (tx *Tx) ManagerID(ref string) (uint64, error) {
	ref = strings.TrimSpace(ref)
	var id uint64
	var err error
	switch {
	case ref == "":
		return 0, invalid("manager", "empty manager reference")
	case isDigits(ref):
		id = parseID(ref)
		if ok, err := managers.exists(tx.st, id); err != nil || !ok {
			return 0, orNotFound(err, "manager %s not found", ref)
		}
		return id, nil
	case strings.HasPrefix(ref, "emp:"):
		id, err = managers.lookup(tx.st, "employee", []byte(strings.TrimSpace(ref[4:])))
	case strings.Contains(ref, "@"):
		_, key, eerr := NormalizeEmail("manager", ref)
		if eerr != nil {
			return 0, eerr
		}
		id, err = managers.lookup(tx.st, "email", []byte(key))
	default:
		id, err = managers.lookup(tx.st, "login", []byte(fold(ref)))
	}
	if err != nil || id == 0 {
		return 0, orNotFound(err, "manager %q not found", ref)
	}
	return id, nil
}

// ListManagers calls fn with every manager in id order after the given id.
func (tx *Tx) ListManagers(after uint64, fn func(*Manager) error) error {
	return managers.scan(tx.st, after, false, fn)
}
