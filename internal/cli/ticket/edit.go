package ticket

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// EditOptions are the inputs of `ticket edit`.
type EditOptions struct {
	Factory   *cmdutil.Factory
	ID        uint64
	Fields    ticketFlags
	Contact   string
	IfVersion int64
	DryRun    bool
}

// NewCmdEdit returns `ticket edit`.
func NewCmdEdit(f *cmdutil.Factory, runF func(*EditOptions) error) *cobra.Command {
	opts := &EditOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "edit <id> [flags]",
		Short: "Change a ticket's fields or its contact",
		Long: `Change the fields given as flags; the others keep their values.

A ticket has no account of its own: --contact C gives it to another
contact, and so to that contact's account. This is the only way to change
a ticket's account; the new contact's account must be active (exit 4). With
--if-version N the edit is refused (exit 4) unless the ticket is still at
version N.`,
		Example: `  $ deskctl ticket edit 42 --status resolved
  $ deskctl ticket edit 42 --contact bob@globex.com --if-version 2
  $ git log -1 --format=%B | deskctl ticket edit 42 --description -`,
		Args: cmdutil.ExactArgs(1, "a ticket id is required"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			opts.ID = id
			fl := cmd.Flags()
			if !fl.Changed("subject") && !fl.Changed("description") && !fl.Changed("status") &&
				!fl.Changed("priority") && !fl.Changed("contact") {
				return cmdutil.FlagErrorf("nothing to change: give at least one of --subject, --description, --status, --priority or --contact")
			}
			if runF != nil {
				return runF(opts)
			}
			return editRun(cmd.Context(), opts)
		},
	}
	opts.Fields.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&opts.Contact, "contact", "", "give the ticket to this `contact` (and so to its account)")
	fl.Int64Var(&opts.IfVersion, "if-version", 0, "refuse the edit unless the ticket is at `version`")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "validate and show the result, write nothing")
	return cmd
}

func editRun(ctx context.Context, opts *EditOptions) error {
	f := opts.Factory
	p, err := f.Printer("ticket", detailColumns)
	if err != nil {
		return err
	}
	description, err := readDescription(f, opts.Fields.Description)
	if err != nil {
		return err
	}
	ch := desk.TicketChange{Set: opts.Fields.set(description), Contact: opts.Contact, IfVersion: opts.IfVersion}
	var before, after *desk.TicketView
	if _, err := f.Update(ctx, opts.DryRun, func(tx *desk.Tx) (err error) {
		if before, err = tx.Ticket(opts.ID); err != nil {
			return err
		}
		after, err = tx.EditTicket(opts.ID, ch)
		return err
	}); err != nil {
		return err
	}
	moved := ""
	if after.AccountID != before.AccountID {
		moved = fmt.Sprintf(", now in account %d", after.AccountID)
		if after.AccountID == 0 {
			moved = ", now without an account"
		}
	}
	f.Done(opts.DryRun, "updated ticket %d, now at version %d%s", after.ID, after.Version, moved)
	return p.One(after)
}
