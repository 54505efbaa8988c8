package ticket

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// NewCmdTicket returns the ticket command group.
func NewCmdTicket(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ticket <command>",
		Short: "Create, find and edit tickets",
		Long: `A ticket is a request raised by a contact: a subject, a description, a
status and a priority. Its account is always its contact's account, shown
as the read-only account_id; change the contact to change it.

A ticket is named by its id.`,
	}
	cmd.AddCommand(
		NewCmdCreate(f, nil),
		NewCmdList(f, nil),
		NewCmdShow(f, nil),
		NewCmdEdit(f, nil),
	)
	return cmd
}

// defaultColumns are the table and csv columns unless config
// `columns.ticket` or --fields say otherwise.
var defaultColumns = cmdutil.DefaultColumns["ticket"]

// detailColumns are the rows of show, create and edit on a table.
var detailColumns = append(append([]string{}, defaultColumns...),
	"description", "created_at", "updated_at", "version")

// parseID parses a ticket id argument: a positive number, optionally
// written #12.
func parseID(s string) (uint64, error) {
	id, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	if err != nil || id == 0 {
		return 0, cmdutil.FlagErrorf("invalid ticket id %q: a ticket is named by its number", s)
	}
	return id, nil
}

// ticketFlags are the flags that set ticket fields, shared by create and
// edit. Only the flags the user gave become changes.
type ticketFlags struct {
	cmd         *cobra.Command
	Subject     string
	Description string
	Status      string
	Priority    string
}

func (tf *ticketFlags) register(cmd *cobra.Command) {
	tf.cmd = cmd
	fl := cmd.Flags()
	fl.StringVar(&tf.Subject, "subject", "", "one-line `summary` of the request")
	fl.StringVar(&tf.Description, "description", "", "the request in full; - reads it from stdin")
	fl.StringVar(&tf.Status, "status", "", "`status`: open, pending, resolved or closed")
	fl.StringVar(&tf.Priority, "priority", "", "`priority`: low, normal, high or urgent")
}

// set returns the changes of the given flags; description is the text to
// use for --description (after reading stdin).
func (tf *ticketFlags) set(description string) []desk.FieldValue {
	fl := tf.cmd.Flags()
	var set []desk.FieldValue
	for _, x := range []struct{ flag, value string }{
		{"subject", tf.Subject}, {"description", description},
		{"status", tf.Status}, {"priority", tf.Priority},
	} {
		if fl.Changed(x.flag) {
			set = append(set, desk.FieldValue{Field: x.flag, Value: x.value})
		}
	}
	return set
}

// changed reports whether the flag name was given.
func (tf *ticketFlags) changed(name string) bool { return tf.cmd.Flags().Changed(name) }
