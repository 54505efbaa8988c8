package desk

import (
	"slices"
	"strconv"
	"strings"
)

// Account statuses.
const (
	StatusActive   = "active"
	StatusInactive = "inactive"
)

// CRM statuses (Thena's "CRM sync status").
var crmStatuses = []string{crmUnmapped, "pending", "synced", "failed"}

// crmUnmapped is the CRM status of an account no CRM knows yet.
const crmUnmapped = "unmapped"

// Account is an organization. Its JSON form is the stable schema of every
// output and of `export`; docs/json.md documents each field.
type Account struct {
	ID           uint64            `json:"id"`
	Name         string            `json:"name"`
	Domains      []string          `json:"domains"`
	ExternalID   string            `json:"external_id"`
	Status       string            `json:"status"`
	ParentID     Ref               `json:"parent_id"`
	ManagerID    Ref               `json:"manager_id"`
	Phone        string            `json:"phone"`
	Email        string            `json:"email"`
	Website      string            `json:"website"`
	Description  string            `json:"description"`
	Tags         []string          `json:"tags"`
	Fields       map[string]string `json:"fields"`
	CRMID        string            `json:"crm_id"`
	CRMStatus    string            `json:"crm_status"`
	LogoURL      string            `json:"logo_url"`
	SlackChannel string            `json:"slack_channel"`
	Stamp
}

func (a *Account) recordID() uint64      { return a.ID }
func (a *Account) setRecordID(id uint64) { a.ID = id }
func (a *Account) stamp() *Stamp         { return &a.Stamp }

// PrimaryDomain is the first domain, or "".
func (a *Account) PrimaryDomain() string {
	if len(a.Domains) == 0 {
		return ""
	}
	return a.Domains[0]
}

// AccountFields are the settable fields of an account, in export column
// order. Custom fields are set as "field.NAME".
var AccountFields = []string{
	"name", "domains", "external_id", "status", "parent_id", "manager_id",
	"phone", "email", "website", "description", "tags", "crm_id",
	"crm_status", "logo_url", "slack_channel",
}

var accounts = &entity[Account, *Account]{
	kind: "account",
	indexes: []index[Account]{
		{name: "name", unique: true,
			values: func(a *Account) [][]byte { return stringValue(foldName(a.Name)) },
			clash: func(v []byte, owner uint64) error {
				return conflict("account name %q is already taken by account %d (names ignore case and spacing)", v, owner)
			}},
		{name: "domain", unique: true,
			values: func(a *Account) [][]byte {
				out := make([][]byte, 0, len(a.Domains))
				for _, d := range a.Domains {
					_, key, _ := NormalizeDomain(d)
					out = append(out, []byte(key))
				}
				return out
			},
			clash: func(v []byte, owner uint64) error {
				return conflict("domain %s already belongs to account %d", v, owner)
			}},
		{name: "ext", unique: true,
			values: func(a *Account) [][]byte { return stringValue(a.ExternalID) },
			clash: func(v []byte, owner uint64) error {
				return conflict("external id %q is already used by account %d", v, owner)
			}},
		{name: "parent", values: func(a *Account) [][]byte { return idValue(uint64(a.ParentID)) }},
		{name: "manager", values: func(a *Account) [][]byte { return idValue(uint64(a.ManagerID)) }},
	},
	tallies: []tally[Account]{{name: "fields", values: func(a *Account) [][]byte { return keyValues(a.Fields) }}},
}

// newAccount returns an account with the defaults of a new record.
func newAccount() *Account {
	return &Account{Status: StatusActive, CRMStatus: crmUnmapped, Domains: []string{}, Tags: []string{}, Fields: map[string]string{}}
}

// SetField sets one field from its text form, the form flags and CSV cells
// use: lists are ';'-separated, ids are decimal, "" clears an optional
// field, and "field.NAME" sets (or with "" removes) a custom field. Values
// are normalised and validated here, once, for every entry point.
func (a *Account) SetField(name, value string) error {
	var err error
	if custom, ok := customFieldName(name); ok {
		return setCustomField(a.Fields, custom, value)
	}
	switch name {
	case "name":
		a.Name, err = cleanName("name", value)
	case "domains":
		a.Domains = a.Domains[:0]
		for _, d := range SplitList(value) {
			if err = a.addDomain(d); err != nil {
				return err
			}
		}
	case "external_id":
		a.ExternalID, err = cleanLine("external_id", value)
	case "status":
		a.Status, err = oneOf("status", value, StatusActive, StatusInactive)
	case "parent_id":
		a.ParentID, err = parseRef("parent_id", value)
	case "manager_id":
		a.ManagerID, err = parseRef("manager_id", value)
	case "phone":
		a.Phone, err = cleanLine("phone", value)
	case "email":
		a.Email, _, err = NormalizeEmail("email", value)
	case "website":
		a.Website, err = cleanLine("website", value)
	case "description":
		a.Description = trimText(value)
		err = checkText("description", a.Description, maxLongLen, true)
	case "tags":
		a.Tags = a.Tags[:0]
		for _, t := range SplitList(value) {
			if err = a.AddTag(t); err != nil {
				return err
			}
		}
	case "crm_id":
		a.CRMID, err = cleanLine("crm_id", value)
	case "crm_status":
		if strings.TrimSpace(value) == "" {
			value = crmUnmapped
		}
		a.CRMStatus, err = oneOf("crm_status", value, crmStatuses...)
	case "logo_url":
		a.LogoURL, err = cleanURL("logo_url", value)
	case "slack_channel":
		a.SlackChannel, err = cleanLine("slack_channel", value)
	default:
		return invalid(name, "is not an account field (fields: %s, field.NAME)", strings.Join(AccountFields, ", "))
	}
	return err
}

func (a *Account) addDomain(d string) error {
	display, key, err := NormalizeDomain(d)
	if err != nil {
		return err
	}
	for _, have := range a.Domains {
		if _, k, _ := NormalizeDomain(have); k == key {
			return nil
		}
	}
	a.Domains = append(a.Domains, display)
	return nil
}

func (a *Account) removeDomain(d string) error {
	_, key, err := NormalizeDomain(d)
	if err != nil {
		return err
	}
	for i, have := range a.Domains {
		if _, k, _ := NormalizeDomain(have); k == key {
			a.Domains = slices.Delete(a.Domains, i, i+1)
			return nil
		}
	}
	return invalid("domains", "account %d has no domain %s", a.ID, d)
}

// AddTag adds a tag to the account's set (kept sorted).
func (a *Account) AddTag(t string) error {
	t, err := cleanTag(t)
	if err != nil {
		return err
	}
	if i, found := slices.BinarySearch(a.Tags, t); !found {
		a.Tags = slices.Insert(a.Tags, i, t)
	}
	return nil
}

func (a *Account) removeTag(t string) {
	t = squeezeSpaces(t)
	if i, found := slices.BinarySearch(a.Tags, t); found {
		a.Tags = slices.Delete(a.Tags, i, i+1)
	}
}

// clone returns a deep copy, so that edits can be compared with the
// original for the activity log.
func (a *Account) clone() *Account {
	c := *a
	c.Domains = slices.Clone(a.Domains)
	c.Tags = slices.Clone(a.Tags)
	c.Fields = cloneMap(a.Fields)
	if c.Domains == nil {
		c.Domains = []string{}
	}
	if c.Tags == nil {
		c.Tags = []string{}
	}
	return &c
}

func cloneMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// customFieldName recognises "field.NAME" (and "fields.NAME").
func customFieldName(name string) (string, bool) {
	for _, p := range []string{"field.", "fields."} {
		if rest, ok := strings.CutPrefix(name, p); ok {
			return rest, true
		}
	}
	return "", false
}

func setCustomField(fields map[string]string, name, value string) error {
	name, err := cleanFieldName(name)
	if err != nil {
		return err
	}
	value = strings.TrimSpace(value)
	if value == "" {
		delete(fields, name)
		return nil
	}
	if err := checkText("field."+name, value, maxLongLen, true); err != nil {
		return err
	}
	fields[name] = value
	return nil
}

func parseRef(field, s string) (Ref, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" {
		return 0, nil
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, invalid(field, "%q is not an id", s)
	}
	return Ref(n), nil
}
