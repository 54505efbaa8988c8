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

// The row functions fill dst (one cell per column) with a record's
// columns in Columns(kind) order. One function per kind, not one per
// column: a call per cell was a quarter of a million-row export's time.
// TestRowsFollowColumns holds each to its kind's columns.

func accountRow(a *desk.Account, dst []cell) {
	dst[0] = ownID(a.ID)
	dst[1] = str(a.Name)
	dst[2] = list(a.Domains)
	dst[3] = str(a.ExternalID)
	dst[4] = str(a.Status)
	dst[5] = ref(a.ParentID)
	dst[6] = ref(a.ManagerID)
	dst[7] = str(a.Phone)
	dst[8] = str(a.Email)
	dst[9] = str(a.Website)
	dst[10] = str(a.Description)
	dst[11] = list(a.Tags)
	dst[12] = str(a.CRMID)
	dst[13] = str(a.CRMStatus)
	dst[14] = str(a.LogoURL)
	dst[15] = str(a.SlackChannel)
}

func contactRow(c *desk.Contact, dst []cell) {
	dst[0] = ownID(c.ID)
	dst[1] = str(c.Name)
	dst[2] = str(c.Email)
	dst[3] = str(c.Phone)
	dst[4] = str(c.Mobile)
	dst[5] = str(c.Title)
	dst[6] = str(c.ExternalID)
	dst[7] = ref(c.AccountID)
}

func ticketRow(t *desk.Ticket, dst []cell) {
	dst[0] = ownID(t.ID)
	dst[1] = str(t.Subject)
	dst[2] = str(t.Description)
	dst[3] = str(t.Status)
	dst[4] = str(t.Priority)
	dst[5] = ref(t.ContactID)
}

func managerRow(m *desk.Manager, dst []cell) {
	dst[0] = ownID(m.ID)
	dst[1] = str(m.Name)
	dst[2] = str(m.Email)
	dst[3] = str(m.EmployeeID)
	dst[4] = str(m.Login)
	dst[5] = str(m.Phone)
	dst[6] = str(m.Mobile)
}

// linkRow reads a link's two columns from its contact.
func linkRow(c *desk.Contact, dst []cell) {
	dst[0] = ref(c.AccountID)
	dst[1] = ref(desk.Ref(c.ID))
}

// rowReader returns kind's row function for records handed over as any
// (the type its row function takes).
func rowReader(kind Kind) func(rec any, dst []cell) {
	switch kind {
	case Accounts:
		return func(rec any, dst []cell) { accountRow(rec.(*desk.Account), dst) }
	case Contacts:
		return func(rec any, dst []cell) { contactRow(rec.(*desk.Contact), dst) }
	case Tickets:
		return func(rec any, dst []cell) { ticketRow(rec.(*desk.Ticket), dst) }
	case Managers:
		return func(rec any, dst []cell) { managerRow(rec.(*desk.Manager), dst) }
	case Links:
		return func(rec any, dst []cell) { linkRow(rec.(*desk.Contact), dst) }
	}
	return nil
}

// rowCells returns the cells of rec's columns (rec of kind's type).
func rowCells(kind Kind, rec any) []cell {
	cells := make([]cell, len(Columns(kind)))
	rowReader(kind)(rec, cells)
	return cells
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
