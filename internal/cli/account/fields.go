package account

import (
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// fieldFlags are the flags that set account fields, shared by create and
// edit. Only the flags the user gave become changes.
type fieldFlags struct {
	fs      *pflag.FlagSet
	values  map[string]*string // field → flag value, for plain text fields
	domains []string
	tags    []string
	custom  []string // k=v
	parent  string
	manager string
	forEdit bool
}

// textFlags maps a flag name to the account field it sets.
var textFlags = []struct{ flag, field, help string }{
	{"name", "name", "account `name` (unique, case and spacing ignored)"},
	{"external-id", "external_id", "`id` of the account in another system (unique)"},
	{"status", "status", "`status`: active or inactive"},
	{"phone", "phone", "phone `number`"},
	{"email", "email", "email `address`"},
	{"website", "website", "website `url`"},
	{"description", "description", "free `text`"},
	{"crm-id", "crm_id", "`id` of the company in the CRM"},
	{"crm-status", "crm_status", "CRM sync `status`: unmapped, pending, synced or failed"},
	{"logo-url", "logo_url", "`url` of the account's logo"},
	{"slack-channel", "slack_channel", "Slack `channel` of the account"},
}

func (ff *fieldFlags) register(fs *pflag.FlagSet, forEdit bool) {
	ff.fs, ff.forEdit, ff.values = fs, forEdit, map[string]*string{}
	for _, t := range textFlags {
		ff.values[t.field] = fs.String(t.flag, "", t.help)
	}
	if forEdit {
		fs.StringArrayVar(&ff.domains, "domains", nil, "replace all domains with this `list` (';'-separated, primary first)")
	} else {
		fs.StringArrayVar(&ff.domains, "domain", nil, "a `domain` of the account (repeatable; the first is the primary)")
		fs.StringArrayVar(&ff.tags, "tag", nil, "a `tag` (repeatable)")
	}
	fs.StringArrayVar(&ff.custom, "field", nil, "set custom field `key=value` (repeatable; an empty value removes it)")
	fs.StringVar(&ff.parent, "parent", "", "parent `account` (id, name, @domain or ext:ID; \"\" for none)")
	fs.StringVar(&ff.manager, "manager", "", "account `manager` (id, email, login or emp:ID; \"\" for none)")
}

// changes turns the given flags into field changes. References to the
// parent and the manager are resolved inside the write transaction.
func (ff *fieldFlags) changes(tx *desk.Tx) ([]desk.FieldValue, error) {
	var set []desk.FieldValue
	for _, t := range textFlags {
		if ff.fs.Changed(t.flag) {
			set = append(set, desk.FieldValue{Field: t.field, Value: *ff.values[t.field]})
		}
	}
	if ff.fs.Changed("domain") || ff.fs.Changed("domains") {
		set = append(set, desk.FieldValue{Field: "domains", Value: strings.Join(ff.domains, ";")})
	}
	if ff.fs.Changed("tag") {
		set = append(set, desk.FieldValue{Field: "tags", Value: strings.Join(ff.tags, ";")})
	}
	for _, kv := range ff.custom {
		k, v, _ := strings.Cut(kv, "=")
		set = append(set, desk.FieldValue{Field: "field." + k, Value: v})
	}
	if ff.fs.Changed("parent") {
		id, err := resolveOptional(ff.parent, tx.AccountID)
		if err != nil {
			return nil, err
		}
		set = append(set, desk.FieldValue{Field: "parent_id", Value: id})
	}
	if ff.fs.Changed("manager") {
		id, err := resolveOptional(ff.manager, tx.ManagerID)
		if err != nil {
			return nil, err
		}
		set = append(set, desk.FieldValue{Field: "manager_id", Value: id})
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

func resolveOptional(ref string, resolve func(string) (uint64, error)) (string, error) {
	if strings.TrimSpace(ref) == "" {
		return "", nil
	}
	id, err := resolve(ref)
	return strconv.FormatUint(id, 10), err
}
