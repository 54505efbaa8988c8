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

func accountValue(a *desk.Account, field string) cell {
	switch field {
	case "id":
		return ownID(a.ID)
	case "name":
		return str(a.Name)
	case "domains":
		return list(a.Domains)
	case "external_id":
		return str(a.ExternalID)
	case "status":
		return str(a.Status)
	case "parent_id":
		return ref(a.ParentID)
	case "manager_id":
		return ref(a.ManagerID)
	case "phone":
		return str(a.Phone)
	case "email":
		return str(a.Email)
	case "website":
		return str(a.Website)
	case "description":
		return str(a.Description)
	case "tags":
		return list(a.Tags)
	case "crm_id":
		return str(a.CRMID)
	case "crm_status":
		return str(a.CRMStatus)
	case "logo_url":
		return str(a.LogoURL)
	case "slack_channel":
		return str(a.SlackChannel)
	}
	return cell{}
}

func contactValue(c *desk.Contact, field string) cell {
	switch field {
	case "id":
		return ownID(c.ID)
	case "name":
		return str(c.Name)
	case "email":
		return str(c.Email)
	case "phone":
		return str(c.Phone)
	case "mobile":
		return str(c.Mobile)
	case "title":
		return str(c.Title)
	case "external_id":
		return str(c.ExternalID)
	case "account_id":
		return ref(c.AccountID)
	}
	return cell{}
}

func ticketValue(t *desk.Ticket, field string) cell {
	switch field {
	case "id":
		return ownID(t.ID)
	case "subject":
		return str(t.Subject)
	case "description":
		return str(t.Description)
	case "status":
		return str(t.Status)
	case "priority":
		return str(t.Priority)
	case "contact_id":
		return ref(t.ContactID)
	}
	return cell{}
}

func managerValue(m *desk.Manager, field string) cell {
	switch field {
	case "id":
		return ownID(m.ID)
	case "name":
		return str(m.Name)
	case "email":
		return str(m.Email)
	case "employee_id":
		return str(m.EmployeeID)
	case "login":
		return str(m.Login)
	case "phone":
		return str(m.Phone)
	case "mobile":
		return str(m.Mobile)
	}
	return cell{}
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

// jsonValue is a cell's JSON value.
func (c cell) jsonValue() any {
	switch c.kind {
	case cellString:
		return c.text
	case cellList:
		if c.list == nil {
			return []string{}
		}
		return c.list
	case cellRef:
		return desk.Ref(c.id)
	case cellID:
		return c.id
	}
	return nil
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
