package transfer

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/deskctl/deskctl/internal/desk"
)

// Kind is what an import reads or an export writes.
type Kind string

// The kinds of per-entity import and export.
const (
	Accounts Kind = "accounts"
	Contacts Kind = "contacts"
	Links    Kind = "links"
	Tickets  Kind = "tickets"
	Managers Kind = "managers"
)

// Kinds lists the per-entity kinds in the order a store is rebuilt.
var Kinds = []Kind{Managers, Accounts, Contacts, Links, Tickets}

// Columns returns the columns an import of kind reads and an export of
// kind writes, in export order; accounts and contacts also take
// "field.NAME" columns (custom fields). Tickets read "contact" (an id, an
// email or ext:ID) as well as contact_id.
func Columns(kind Kind) []string {
	switch kind {
	case Accounts:
		return append([]string{"id"}, desk.AccountFields...)
	case Contacts:
		return append([]string{"id"}, desk.ContactFields...)
	case Tickets:
		return append([]string{"id"}, desk.TicketFields...)
	case Managers:
		return append([]string{"id"}, desk.ManagerFields...)
	case Links:
		return []string{"account", "contact"}
	}
	return nil
}

// hasCustomFields reports whether kind takes field.NAME columns.
func hasCustomFields(kind Kind) bool { return kind == Accounts || kind == Contacts }

// extraTargets are columns a kind reads that export does not write.
var extraTargets = map[Kind][]string{Tickets: {"contact"}}

// aliases are the other names of a column that spreadsheets and other
// help desks' exports use, normalized (lower case, no spaces, '_' or '-').
// The list is kept short on purpose: each entry is a name seen in the
// wild that cannot mean anything else for that kind. "Account Name" for an
// account is handled by the prefix rule (see Mapper.Target), not here; for
// a contact it stays unknown, since it names another record.
var aliases = map[Kind]map[string]string{
	Accounts: {
		"company": "name", "companyname": "name", "organization": "name", "organisation": "name",
		"domain": "domains", "primarydomain": "domains", "domainnames": "domains",
		"parent": "parent_id", "parentaccount": "parent_id", "parentaccountid": "parent_id",
		"manager": "manager_id", "accountmanager": "manager_id", "accountmanagerid": "manager_id",
		"tag": "tags", "crmsyncstatus": "crm_status", "logo": "logo_url", "slack": "slack_channel",
		"phonenumber": "phone", "emailaddress": "email",
	},
	Contacts: {
		"fullname": "name", "emailaddress": "email", "phonenumber": "phone",
		"mobilephone": "mobile", "cellphone": "mobile", "jobtitle": "title",
		"account": "account_id",
	},
	Tickets: {
		"requester": "contact", "contactemail": "contact", "email": "contact",
		"body": "description", "state": "status",
	},
	Managers: {
		"fullname": "name", "emailaddress": "email", "employee": "employee_id",
		"employeenumber": "employee_id", "username": "login", "phonenumber": "phone",
		"mobilephone": "mobile",
	},
	Links: {
		"accountid": "account", "accountname": "account", "accountexternalid": "account", "company": "account",
		"contactid": "contact", "contactemail": "contact", "email": "contact", "contactexternalid": "contact",
	},
}

// errorColumn is the column the errors file adds; it is ignored on import
// so that a fixed errors file imports as it is.
const errorColumn = "error"

// normalize is the form column names are compared in: lower case without
// spaces, '_' or '-'.
func normalize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		if r != ' ' && r != '_' && r != '-' && r != '\t' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// customTarget recognises "field.NAME" and "fields.NAME" (any case of the
// prefix); NAME keeps its case.
func customTarget(name string) (string, bool) {
	name = strings.TrimSpace(name)
	for _, p := range []string{"field.", "fields."} {
		if len(name) > len(p) && strings.EqualFold(name[:len(p)], p) {
			return "field." + strings.TrimSpace(name[len(p):]), true
		}
	}
	return "", false
}

// singular is the entity prefix a column may carry ("Account Name").
func singular(kind Kind) string { return strings.TrimSuffix(string(kind), "s") }

// validColumns describes the columns of kind for messages.
func validColumns(kind Kind) string {
	cols := append(Columns(kind), extraTargets[kind]...)
	if hasCustomFields(kind) {
		cols = append(cols, "field.NAME")
	}
	return strings.Join(cols, ", ")
}

// fieldTarget resolves a column name without the user's mapping: a field
// name (ignoring case, spaces, '_' and '-'), a field.NAME column, the
// field with the entity's prefix ("Account Status"), or an alias.
func fieldTarget(kind Kind, name string) (string, bool) {
	if t, ok := customTarget(name); ok {
		return t, hasCustomFields(kind)
	}
	n := normalize(name)
	targets := append(Columns(kind), extraTargets[kind]...)
	find := func(n string) (string, bool) {
		i := slices.IndexFunc(targets, func(t string) bool { return normalize(t) == n })
		if i < 0 {
			return "", false
		}
		return targets[i], true
	}
	if t, ok := find(n); ok {
		return t, true
	}
	if rest, ok := strings.CutPrefix(n, singular(kind)); ok && rest != "" {
		if t, ok := find(rest); ok {
			return t, true
		}
	}
	t, ok := aliases[kind][n]
	return t, ok
}

// unknownColumns is the error for columns that map to nothing.
func unknownColumns(kind Kind, names []string) error {
	// A file of thousands of columns must not make a message of thousands
	// of names: the first ten say what is wrong.
	const maxNamed = 10
	quoted := make([]string, 0, min(len(names), maxNamed+1))
	for i, n := range names {
		if i == maxNamed {
			quoted = append(quoted, fmt.Sprintf("and %d more", len(names)-maxNamed))
			break
		}
		quoted = append(quoted, fmt.Sprintf("%q", shortName(n)))
	}
	word := "column"
	if len(names) > 1 {
		word = "columns"
	}
	return &classified{class: ErrInput,
		msg:  fmt.Sprintf("unknown %s %s for %s; the columns are: %s", word, strings.Join(quoted, ", "), kind, validColumns(kind)),
		hint: fmt.Sprintf(`rename a column with --map "%s=FIELD", or skip unknown columns with --ignore-unknown`, shortName(names[0]))}
}

// shortName cuts a column name for a message: a header cell of megabytes
// (a file that is not what it seems) must not make a message of megabytes.
func shortName(n string) string {
	const max = 64
	if len(n) <= max {
		return n
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(n[cut]) {
		cut--
	}
	return fmt.Sprintf("%s…(%d bytes)", n[:cut], len(n))
}
