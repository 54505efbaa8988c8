package transfer

import (
	"strconv"
	"strings"

	"github.com/deskctl/deskctl/internal/desk"
)

// The value of one field of a record as export writes it: a string, a
// list of strings, or an id (desk.Ref, 0 = none; uint64 for the record's
// own id). CSV writes it in the text form the record's SetField reads
// back (lists joined with ';', ids in decimal, none as empty); JSON writes
// the JSON value (lists as arrays, none as null).

func accountValue(a *desk.Account, field string) any {
	switch field {
	case "id":
		return a.ID
	case "name":
		return a.Name
	case "domains":
		return a.Domains
	case "external_id":
		return a.ExternalID
	case "status":
		return a.Status
	case "parent_id":
		return a.ParentID
	case "manager_id":
		return a.ManagerID
	case "phone":
		return a.Phone
	case "email":
		return a.Email
	case "website":
		return a.Website
	case "description":
		return a.Description
	case "tags":
		return a.Tags
	case "crm_id":
		return a.CRMID
	case "crm_status":
		return a.CRMStatus
	case "logo_url":
		return a.LogoURL
	case "slack_channel":
		return a.SlackChannel
	}
	return nil
}

func contactValue(c *desk.Contact, field string) any {
	switch field {
	case "id":
		return c.ID
	case "name":
		return c.Name
	case "email":
		return c.Email
	case "phone":
		return c.Phone
	case "mobile":
		return c.Mobile
	case "title":
		return c.Title
	case "external_id":
		return c.ExternalID
	case "account_id":
		return c.AccountID
	}
	return nil
}

func ticketValue(t *desk.Ticket, field string) any {
	switch field {
	case "id":
		return t.ID
	case "subject":
		return t.Subject
	case "description":
		return t.Description
	case "status":
		return t.Status
	case "priority":
		return t.Priority
	case "contact_id":
		return t.ContactID
	}
	return nil
}

func managerValue(m *desk.Manager, field string) any {
	switch field {
	case "id":
		return m.ID
	case "name":
		return m.Name
	case "email":
		return m.Email
	case "employee_id":
		return m.EmployeeID
	case "login":
		return m.Login
	case "phone":
		return m.Phone
	case "mobile":
		return m.Mobile
	}
	return nil
}

// cellText is a value's CSV text.
func cellText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []string:
		return strings.Join(x, ";")
	case desk.Ref:
		if x == 0 {
			return ""
		}
		return strconv.FormatUint(uint64(x), 10)
	case uint64:
		return strconv.FormatUint(x, 10)
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
