package transfer

import (
	"strconv"
	"strings"

	"github.com/deskctl/deskctl/internal/desk"
)

// cell is the value of one field of a record as export writes it: a
// string, a list of strings, or an id (a reference, 0 = none, or the
// record's own id). CSV writes it in the text form the record's SetField
// reads back (lists joined with ';', ids in decimal, none as empty); JSON
// writes the JSON value (lists as arrays, none as null). A struct rather
// than an interface value: boxing every cell of a million-row export
// cost a fifth of its time in allocations.
type cell struct {
	kind cellKind
	text string
	list []string
	id   uint64
}

type cellKind byte

const (
	cellNone cellKind = iota // an unknown field
	cellString
	cellList
	cellRef // desk.Ref: 0 is none
	cellID  // the record's own id
)

func str(s string) cell    { return cell{kind: cellString, text: s} }
func list(l []string) cell { return cell{kind: cellList, list: l} }
func ref(r desk.Ref) cell  { return cell{kind: cellRef, id: uint64(r)} }
func ownID(id uint64) cell { return cell{kind: cellID, id: id} }

// cellsOf reads the columns of records of type T: one function per
// column name, looked up once per export rather than once per cell.
type cellsOf[T any] map[string]func(T) cell

// value reads one field of rec; an unknown field is an empty cell.
func (t cellsOf[T]) value(rec T, field string) cell {
	if read := t[field]; read != nil {
		return read(rec)
	}
	return cell{}
}

// row returns the function that reads the cells of columns of a record
// (of type T, handed over as any) into dst, one per column: the type is
// asserted once per record, each column's reader found once per export.
func (t cellsOf[T]) row(columns []string) func(rec any, dst []cell) {
	reads := make([]func(T) cell, len(columns))
	for i, c := range columns {
		if reads[i] = t[c]; reads[i] == nil {
			reads[i] = func(T) cell { return cell{} }
		}
	}
	return func(rec any, dst []cell) {
		r := rec.(T)
		for i, read := range reads {
			dst[i] = read(r)
		}
	}
}

var accountCells = cellsOf[*desk.Account]{
	"id":            func(a *desk.Account) cell { return ownID(a.ID) },
	"name":          func(a *desk.Account) cell { return str(a.Name) },
	"domains":       func(a *desk.Account) cell { return list(a.Domains) },
	"external_id":   func(a *desk.Account) cell { return str(a.ExternalID) },
	"status":        func(a *desk.Account) cell { return str(a.Status) },
	"parent_id":     func(a *desk.Account) cell { return ref(a.ParentID) },
	"manager_id":    func(a *desk.Account) cell { return ref(a.ManagerID) },
	"phone":         func(a *desk.Account) cell { return str(a.Phone) },
	"email":         func(a *desk.Account) cell { return str(a.Email) },
	"website":       func(a *desk.Account) cell { return str(a.Website) },
	"description":   func(a *desk.Account) cell { return str(a.Description) },
	"tags":          func(a *desk.Account) cell { return list(a.Tags) },
	"crm_id":        func(a *desk.Account) cell { return str(a.CRMID) },
	"crm_status":    func(a *desk.Account) cell { return str(a.CRMStatus) },
	"logo_url":      func(a *desk.Account) cell { return str(a.LogoURL) },
	"slack_channel": func(a *desk.Account) cell { return str(a.SlackChannel) },
}

var contactCells = cellsOf[*desk.Contact]{
	"id":          func(c *desk.Contact) cell { return ownID(c.ID) },
	"name":        func(c *desk.Contact) cell { return str(c.Name) },
	"email":       func(c *desk.Contact) cell { return str(c.Email) },
	"phone":       func(c *desk.Contact) cell { return str(c.Phone) },
	"mobile":      func(c *desk.Contact) cell { return str(c.Mobile) },
	"title":       func(c *desk.Contact) cell { return str(c.Title) },
	"external_id": func(c *desk.Contact) cell { return str(c.ExternalID) },
	"account_id":  func(c *desk.Contact) cell { return ref(c.AccountID) },
}

var ticketCells = cellsOf[*desk.Ticket]{
	"id":          func(t *desk.Ticket) cell { return ownID(t.ID) },
	"subject":     func(t *desk.Ticket) cell { return str(t.Subject) },
	"description": func(t *desk.Ticket) cell { return str(t.Description) },
	"status":      func(t *desk.Ticket) cell { return str(t.Status) },
	"priority":    func(t *desk.Ticket) cell { return str(t.Priority) },
	"contact_id":  func(t *desk.Ticket) cell { return ref(t.ContactID) },
}

var managerCells = cellsOf[*desk.Manager]{
	"id":          func(m *desk.Manager) cell { return ownID(m.ID) },
	"name":        func(m *desk.Manager) cell { return str(m.Name) },
	"email":       func(m *desk.Manager) cell { return str(m.Email) },
	"employee_id": func(m *desk.Manager) cell { return str(m.EmployeeID) },
	"login":       func(m *desk.Manager) cell { return str(m.Login) },
	"phone":       func(m *desk.Manager) cell { return str(m.Phone) },
	"mobile":      func(m *desk.Manager) cell { return str(m.Mobile) },
}

// linkCells reads a link's two columns from its contact.
var linkCells = cellsOf[*desk.Contact]{
	"account": func(c *desk.Contact) cell { return ref(c.AccountID) },
	"contact": func(c *desk.Contact) cell { return ref(desk.Ref(c.ID)) },
}

// cellText is a cell's CSV text.
func cellText(c cell) string {
	switch c.kind {
	case cellString:
		return c.text
	case cellList:
		return strings.Join(c.list, ";")
	case cellRef:
		if c.id == 0 {
			return ""
		}
		return strconv.FormatUint(c.id, 10)
	case cellID:
		return strconv.FormatUint(c.id, 10)
	}
	return ""
}

// EscapeFormula makes a cell safe to open in a spreadsheet: a cell
// starting with '=', '+', '-', '@', a tab or a carriage return is a
// formula (or can become one) to Excel, LibreOffice and Google Sheets, so
// it gets a leading apostrophe, which they show as text. The cell no
// longer reads back as it was: escaped exports are for people, not for
// import.
func EscapeFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
