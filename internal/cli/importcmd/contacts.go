package importcmd

import (
	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/transfer"
)

// NewCmdContacts returns `deskctl import contacts`.
func NewCmdContacts(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f, transfer.Contacts)
	cmd := &cobra.Command{
		Use:   "contacts {<file> | -} [flags]",
		Short: "Import contacts from CSV or JSON Lines",
		Long: `Import contacts. The columns are those "deskctl export contacts" writes:
id, name, email, phone, mobile, title, external_id, account_id, and
field.NAME for custom fields.

A new contact without an account_id joins the account that owns its email's
domain (not for free-mail domains), unless --no-auto-account. With --key id
(the restore path) rows keep the account_id they carry and nothing is
associated by domain. Moving an existing contact to another account needs
--move.`,
		Example: `  $ deskctl import contacts contacts.csv
  $ deskctl import contacts people.jsonl --key external_id --on-conflict update --move
  $ deskctl import contacts contacts.csv --key id --on-conflict skip`,
	}
	upsertFlags(cmd, opts, desk.ContactKeys)
	cmd.Flags().BoolVar(&opts.Move, "move", false, "let a row move a contact that belongs to another account")
	cmd.Flags().BoolVar(&opts.NoAutoAccount, "no-auto-account", false, "do not associate new contacts with an account by email domain")
	return newKindCmd(opts, runF, cmd)
}
