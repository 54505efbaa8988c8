package account

import (
	"strings"

	"github.com/spf13/pflag"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// fieldFlags are the flags that set account fields, shared by create and
// edit: the text fields, --field, the domains and tags, and the parent
// and manager references.
type fieldFlags struct {
	cmdutil.FieldFlags
	domains []string
	tags    []string
	parent  string
	manager string
}

// textFlags maps a flag name to the account field it sets.
var textFlags = []cmdutil.TextFlag{
	{Flag: "name", Field: "name", Help: "account `name` (unique, case and spacing ignored)"},
	{Flag: "external-id", Field: "external_id", Help: "`id` of the account in another system (unique)"},
	{Flag: "status", Field: "status", Help: "`status`: active or inactive"},
	{Flag: "phone", Field: "phone", Help: "phone `number`"},
	{Flag: "email", Field: "email", Help: "email `address`"},
	{Flag: "website", Field: "website", Help: "website `url`"},
	{Flag: "description", Field: "description", Help: "free `text`"},
	{Flag: "crm-id", Field: "crm_id", Help: "`id` of the company in the CRM"},
	{Flag: "crm-status", Field: "crm_status", Help: "CRM sync `status`: unmapped, pending, synced or failed"},
	{Flag: "logo-url", Field: "logo_url", Help: "`url` of the account's logo"},
	{Flag: "slack-channel", Field: "slack_channel", Help: "Slack `channel` of the account"},
}

func (ff *fieldFlags) register(fs *pflag.FlagSet, forEdit bool) {
	ff.Register(fs, textFlags, true)
	if forEdit {
		fs.StringArrayVar(&ff.domains, "domains", nil, "replace all domains with this `list` (';'-separated, primary first)")
	} else {
		fs.StringArrayVar(&ff.domains, "domain", nil, "a `domain` of the account (repeatable; the first is the primary)")
		fs.StringArrayVar(&ff.tags, "tag", nil, "a `tag` (repeatable)")
	}
	fs.StringVar(&ff.parent, "parent", "", "parent `account` (id, name, @domain or ext:ID; \"\" for none)")
	fs.StringVar(&ff.manager, "manager", "", "account `manager` (id, email, login or emp:ID; \"\" for none)")
}

// changes turns the given flags into field changes. References to the
// parent and the manager are resolved inside the write transaction.
func (ff *fieldFlags) changes(tx *desk.Tx) ([]desk.FieldValue, error) {
	set := ff.Changes()
	if ff.Changed("domain") || ff.Changed("domains") {
		set = append(set, desk.FieldValue{Field: "domains", Value: strings.Join(ff.domains, ";")})
	}
	if ff.Changed("tag") {
		set = append(set, desk.FieldValue{Field: "tags", Value: strings.Join(ff.tags, ";")})
	}
	set, err := ff.Ref(set, "parent", "parent_id", ff.parent, tx.AccountID)
	if err != nil {
		return nil, err
	}
	return ff.Ref(set, "manager", "manager_id", ff.manager, tx.ManagerID)
}
