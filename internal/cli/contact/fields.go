package contact

import (
	"github.com/spf13/pflag"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// fieldFlags are the flags that set contact fields, shared by create and
// edit: the text fields, --field and --account.
type fieldFlags struct {
	cmdutil.FieldFlags
	account string
}

// textFlags maps a flag name to the contact field it sets.
var textFlags = []cmdutil.TextFlag{
	{Flag: "name", Field: "name", Help: "contact `name` (default: the part of the email before @)"},
	{Flag: "email", Field: "email", Help: "email `address` (unique, case ignored)"},
	{Flag: "phone", Field: "phone", Help: "phone `number`"},
	{Flag: "mobile", Field: "mobile", Help: "mobile `number`"},
	{Flag: "title", Field: "title", Help: "job `title`"},
	{Flag: "external-id", Field: "external_id", Help: "`id` of the contact in another system (unique)"},
}

func (ff *fieldFlags) register(fs *pflag.FlagSet) {
	ff.Register(fs, textFlags, true)
	fs.StringVar(&ff.account, "account", "", "the contact's `account` (id, name, @domain or ext:ID; \"\" for none)")
}

// given reports whether any field flag was given.
func (ff *fieldFlags) given() bool { return ff.Given() || ff.Changed("account") }

// changes turns the given flags into field changes. The account reference
// is resolved inside the write transaction.
func (ff *fieldFlags) changes(tx *desk.Tx) ([]desk.FieldValue, error) {
	return ff.Ref(ff.Changes(), "account", "account_id", ff.account, tx.AccountID)
}
