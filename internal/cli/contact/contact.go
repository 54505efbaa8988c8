package contact

import (
	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
)

// refUsage is how a contact is named in Use lines.
const refUsage = "{<id> | <email> | ext:<external-id>}"

// refMissing is the usage error for a missing contact argument.
const refMissing = "a contact is required: an id, an email or ext:ID"

// NewCmdContact returns the contact command group.
func NewCmdContact(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "contact <command>",
		Short: "Create, find, edit, associate and delete contacts",
		Long: `A contact is a person who raises tickets: a name, an email (unique), phone,
mobile, title, an external id (unique), custom fields, and at most one
account. A ticket's account is always its contact's account, so moving a
contact moves its tickets with it.

A contact is named by its id, its email or ext:EXTERNAL_ID.`,
	}
	cmd.AddCommand(
		NewCmdCreate(f, nil),
		NewCmdList(f, nil),
		NewCmdShow(f, nil),
		NewCmdEdit(f, nil),
		NewCmdDelete(f, nil),
		NewCmdAssociate(f, nil),
		NewCmdDisassociate(f, nil),
		NewCmdTickets(f, nil),
	)
	return cmd
}

// defaultColumns are the table and csv columns unless config
// `columns.contact` or --fields say otherwise.
var defaultColumns = cmdutil.DefaultColumns["contact"]

// ticketColumns are the columns of the tickets listed by show and tickets.
var ticketColumns = cmdutil.DefaultColumns["ticket"]
