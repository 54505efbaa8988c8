package contact

import (
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// fieldFlags are the flags that set contact fields, shared by create and
// edit. Only the flags the user gave become changes.
type fieldFlags struct {
	fs      *pflag.FlagSet
	values  map[string]*string // field → flag value, for plain text fields
	custom  []string           // k=v
	account string
}

// textFlags maps a flag name to the contact field it sets.
var textFlags = []struct{ flag, field, help string }{
	{"name", "name", "contact `name` (default: the part of the email before @)"},
	{"email", "email", "email `address` (unique, case ignored)"},
	{"phone", "phone", "phone `number`"},
	{"mobile", "mobile", "mobile `number`"},
	{"title", "title", "job `title`"},
	{"external-id", "external_id", "`id` of the contact in another system (unique)"},
}

func (ff *fieldFlags) register(fs *pflag.FlagSet) {
	ff.fs, ff.values = fs, map[string]*string{}
	for _, t := range textFlags {
		ff.values[t.field] = fs.String(t.flag, "", t.help)
	}
	fs.StringArrayVar(&ff.custom, "field", nil, "set custom field `key=value` (repeatable; an empty value removes it)")
	fs.StringVar(&ff.account, "account", "", "the contact's `account` (id, name, @domain or ext:ID; \"\" for none)")
}

// given reports whether any field flag was given.
func (ff *fieldFlags) given() bool {
	for _, t := range textFlags {
		if ff.fs.Changed(t.flag) {
			return true
		}
	}
	return ff.fs.Changed("field") || ff.fs.Changed("account")
}

// changes turns the given flags into field changes. The account reference
// is resolved inside the write transaction.
func (ff *fieldFlags) changes(tx *desk.Tx) ([]desk.FieldValue, error) {
	var set []desk.FieldValue
	for _, t := range textFlags {
		if ff.fs.Changed(t.flag) {
			set = append(set, desk.FieldValue{Field: t.field, Value: *ff.values[t.field]})
		}
	}
	for _, kv := range ff.custom {
		k, v, _ := strings.Cut(kv, "=")
		set = append(set, desk.FieldValue{Field: "field." + k, Value: v})
	}
	if ff.fs.Changed("account") {
		id := ""
		if strings.TrimSpace(ff.account) != "" {
			n, err := tx.AccountID(ff.account)
			if err != nil {
				return nil, err
			}
			id = strconv.FormatUint(n, 10)
		}
		set = append(set, desk.FieldValue{Field: "account_id", Value: id})
	}
	return set, nil
}

// check rejects malformed flag values before the store is opened.
func (ff *fieldFlags) check() error {
	for _, kv := range ff.custom {
		if k, _, ok := strings.Cut(kv, "="); !ok || strings.TrimSpace(k) == "" {
			return cmdutil.FlagErrorf("--field %q: want key=value", kv)
		}
	}
	return nil
}
