package desk

import (
	"strings"
)

// Contact is a person. It belongs to at most one account at a time (rule 1).
type Contact struct {
	ID         uint64            `json:"id"`
	Name       string            `json:"name"`
	Email      string            `json:"email"`
	Phone      string            `json:"phone"`
	Mobile     string            `json:"mobile"`
	Title      string            `json:"title"`
	ExternalID string            `json:"external_id"`
	Fields     map[string]string `json:"fields"`
	AccountID  Ref               `json:"account_id"`
	Stamp
}

func (c *Contact) recordID() uint64      { return c.ID }
func (c *Contact) setRecordID(id uint64) { c.ID = id }
func (c *Contact) stamp() *Stamp         { return &c.Stamp }

// ContactFields are the settable fields of a contact, in export order.
var ContactFields = []string{"name", "email", "phone", "mobile", "title", "external_id", "account_id"}

var contacts = &entity[Contact, *Contact]{
	kind: "contact",
	indexes: []index[Contact]{
		{name: "email", unique: true,
			values: func(c *Contact) [][]byte { _, k, _ := NormalizeEmail("email", c.Email); return stringValue(k) },
			clash: func(_ []byte, owner uint64) error {
				return conflict("email is already used by contact %d", owner)
			}},
		{name: "ext", unique: true,
			values: func(c *Contact) [][]byte { return stringValue(c.ExternalID) },
			clash: func(v []byte, owner uint64) error {
				return conflict("external id %q is already used by contact %d", v, owner)
			}},
		{name: "account", values: func(c *Contact) [][]byte { return idValue(uint64(c.AccountID)) }},
	},
	tallies: []tally[Contact]{{name: "fields", values: func(c *Contact) [][]byte { return keyValues(c.Fields) }}},
}

func newContact() *Contact { return &Contact{Fields: map[string]string{}} }

// SetField sets one contact field from its text form (see Account.SetField).
func (c *Contact) SetField(name, value string) error {
	var err error
	if custom, ok := customFieldName(name); ok {
		return setCustomField(c.Fields, custom, value)
	}
	switch name {
	case "name":
		c.Name, err = cleanName("name", value)
	case "email":
		c.Email, _, err = NormalizeEmail("email", value)
	case "phone":
		c.Phone, err = cleanLine("phone", value)
	case "mobile":
		c.Mobile, err = cleanLine("mobile", value)
	case "title":
		c.Title, err = cleanLine("title", value)
	case "external_id":
		c.ExternalID, err = cleanLine("external_id", value)
	case "account_id":
		c.AccountID, err = parseRef("account_id", value)
	default:
		return invalid(name, "is not a contact field (fields: %s, field.NAME)", strings.Join(ContactFields, ", "))
	}
	return err
}

func (c *Contact) clone() *Contact {
	d := *c
	d.Fields = cloneMap(c.Fields)
	return &d
}

// Ticket is a request raised by a contact. It never stores an account: its
// account is its contact's, computed when read (rule 2).
type Ticket struct {
	ID          uint64 `json:"id"`
	Subject     string `json:"subject"`
	Description string `json:"description"`
	Status      string `json:"status"`
	Priority    string `json:"priority"`
	ContactID   Ref    `json:"contact_id"`
	Stamp
}

func (t *Ticket) recordID() uint64      { return t.ID }
func (t *Ticket) setRecordID(id uint64) { t.ID = id }
func (t *Ticket) stamp() *Stamp         { return &t.Stamp }

// TicketFields are the settable fields of a ticket, in export order.
var TicketFields = []string{"subject", "description", "status", "priority", "contact_id"}

// Ticket statuses and priorities.
var (
	TicketStatuses   = []string{"open", "pending", "resolved", "closed"}
	TicketPriorities = []string{"low", "normal", "high", "urgent"}
)

var tickets = &entity[Ticket, *Ticket]{
	kind: "ticket",
	indexes: []index[Ticket]{
		{name: "contact", values: func(t *Ticket) [][]byte { return idValue(uint64(t.ContactID)) }},
	},
}

func newTicket() *Ticket { return &Ticket{Status: "open", Priority: "normal"} }

// SetField sets one ticket field from its text form.
func (t *Ticket) SetField(name, value string) error {
	var err error
	switch name {
	case "subject":
		t.Subject, err = cleanName("subject", value)
		if err == nil && len([]rune(t.Subject)) > maxNameLen {
			err = invalid("subject", "is too long")
		}
	case "description":
		t.Description = trimText(value)
		err = checkText("description", t.Description, maxLongLen, true)
	case "status":
		t.Status, err = oneOf("status", value, TicketStatuses...)
	case "priority":
		t.Priority, err = oneOf("priority", value, TicketPriorities...)
	case "contact_id":
		t.ContactID, err = parseRef("contact_id", value)
	case "account_id":
		return invalid("account_id", "a ticket's account is its contact's: change the contact (ticket edit --contact) to change it")
	default:
		return invalid(name, "is not a ticket field (fields: %s)", strings.Join(TicketFields, ", "))
	}
	return err
}

// TicketView is a ticket as shown: with its derived, read-only account.
type TicketView struct {
	*Ticket
	AccountID Ref `json:"account_id"`
}

// Note is free text attached to an account (LiveVox's notes tab).
type Note struct {
	ID        uint64 `json:"id"`
	AccountID Ref    `json:"account_id"`
	Body      string `json:"body"`
	Author    string `json:"author"`
	Stamp
}

func (n *Note) recordID() uint64      { return n.ID }
func (n *Note) setRecordID(id uint64) { n.ID = id }
func (n *Note) stamp() *Stamp         { return &n.Stamp }

var notes = &entity[Note, *Note]{
	kind: "note",
	indexes: []index[Note]{
		{name: "account", values: func(n *Note) [][]byte { return idValue(uint64(n.AccountID)) }},
	},
}
