package manager

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// EditOptions are the inputs of `manager edit`.
type EditOptions struct {
	Factory   *cmdutil.Factory
	Ref       string
	Fields    cmdutil.FieldFlags
	Unset     []string
	IfVersion int64
	DryRun    bool
}

// NewCmdEdit returns `manager edit`.
func NewCmdEdit(f *cmdutil.Factory, runF func(*EditOptions) error) *cobra.Command {
	opts := &EditOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "edit {<id> | <email> | emp:<employee-id> | <login>} [flags]",
		Short: "Change a manager's fields",
		Long: `Change the fields given as flags; the others keep their values. An empty
value (--phone "") or --unset clears an optional field; the name cannot be
cleared. With --if-version N the edit is refused (exit 4) unless the
manager is still at version N.`,
		Example: `  $ deskctl manager edit mia --phone "+44 20 7946 0000"
  $ deskctl manager edit 3 --email mia.wong@example.com --if-version 2
  $ deskctl manager edit emp:E-042 --unset mobile`,
		Args: cmdutil.ExactArgs(1, refHelp),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			// --if-version alone counts: it checks the version and writes
			// nothing, so a script can assert that nothing changed.
			if !cmdutil.ChangedOwnFlags(cmd, "dry-run") {
				return cmdutil.FlagErrorf("nothing to change: give at least one field flag")
			}
			if runF != nil {
				return runF(opts)
			}
			return editRun(cmd.Context(), opts)
		},
	}
	opts.Fields.Register(cmd.Flags(), textFlags, false)
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Unset, "unset", nil, "clear a `field` (email, employee_id, login, phone, mobile; repeatable)")
	fl.Int64Var(&opts.IfVersion, "if-version", 0, "refuse the edit unless the manager is at `version`")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "validate and show the result, write nothing")
	return cmd
}

func editRun(ctx context.Context, opts *EditOptions) error {
	f := opts.Factory
	p, err := f.CheckedPrinter("manager", defaultColumns, &desk.Manager{})
	if err != nil {
		return err
	}
	set := opts.Fields.Changes()
	for _, field := range opts.Unset {
		set = append(set, desk.FieldValue{Field: field})
	}
	var m *desk.Manager
	var before int64
	if _, err := f.Update(ctx, opts.DryRun, func(tx *desk.Tx) error {
		old, err := tx.Manager(opts.Ref)
		if err != nil {
			return err
		}
		before = old.Version
		m, err = tx.EditManager(opts.Ref, desk.ManagerChange{Set: set, IfVersion: opts.IfVersion})
		return err
	}); err != nil {
		return err
	}
	if m.Version == before {
		f.Done(opts.DryRun, "left manager %d (%s) unchanged at version %d", m.ID, m.Name, m.Version)
	} else {
		f.Done(opts.DryRun, "updated manager %d (%s), now at version %d", m.ID, m.Name, m.Version)
	}
	return p.One(m)
}
