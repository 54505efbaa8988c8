package account

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// EditOptions are the inputs of `account edit`.
type EditOptions struct {
	Factory       *cmdutil.Factory
	Ref           string
	Fields        fieldFlags
	AddDomains    []string
	RemoveDomains []string
	AddTags       []string
	RemoveTags    []string
	Unset         []string
	IfVersion     int64
	DryRun        bool
}

// NewCmdEdit returns `account edit`.
func NewCmdEdit(f *cmdutil.Factory, runF func(*EditOptions) error) *cobra.Command {
	opts := &EditOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "edit {<id> | <name> | @<domain> | ext:<id>} [flags]",
		Short: "Change an account's fields",
		Long: `Change the fields given as flags; the others keep their values. With
--if-version N the edit is refused (exit 4) unless the account is still at
version N, so that a script never overwrites a change it has not seen.`,
		Example: `  $ deskctl account edit 1 --add-domain acme.io --add-tag vip
  $ deskctl account edit @acme.com --manager mia --field tier=gold --if-version 3
  $ deskctl account edit "Acme Ltd" --unset phone --unset field.tier`,
		Args: cmdutil.ExactArgs(1, "an account is required: an id, a name, @domain or ext:ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if err := opts.Fields.Check(); err != nil {
				return err
			}
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
	opts.Fields.register(cmd.Flags(), true)
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.AddDomains, "add-domain", nil, "add a `domain` (repeatable)")
	fl.StringArrayVar(&opts.RemoveDomains, "remove-domain", nil, "remove a `domain` (repeatable)")
	fl.StringArrayVar(&opts.AddTags, "add-tag", nil, "add a `tag` (repeatable)")
	fl.StringArrayVar(&opts.RemoveTags, "remove-tag", nil, "remove a `tag` (repeatable)")
	fl.StringArrayVar(&opts.Unset, "unset", nil, "clear a `field` (e.g. phone, parent_id, field.tier; repeatable)")
	fl.Int64Var(&opts.IfVersion, "if-version", 0, "refuse the edit unless the account is at `version`")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "validate and show the result, write nothing")
	return cmd
}

func editRun(ctx context.Context, opts *EditOptions) error {
	f := opts.Factory
	p, err := f.CheckedPrinter("account", defaultColumns, NewRecord(&desk.Account{}))
	if err != nil {
		return err
	}
	var a *desk.Account
	var before int64
	if _, err := f.Update(ctx, opts.DryRun, func(tx *desk.Tx) error {
		old, err := tx.Account(opts.Ref)
		if err != nil {
			return err
		}
		before = old.Version
		set, err := opts.Fields.changes(tx)
		if err != nil {
			return err
		}
		for _, field := range opts.Unset {
			set = append(set, desk.FieldValue{Field: field})
		}
		a, err = tx.EditAccount(opts.Ref, desk.AccountChange{
			Set: set, AddDomains: opts.AddDomains, RemoveDomains: opts.RemoveDomains,
			AddTags: opts.AddTags, RemoveTags: opts.RemoveTags, IfVersion: opts.IfVersion,
		})
		return err
	}); err != nil {
		return err
	}
	if a.Version == before {
		f.Done(opts.DryRun, "left account %d (%s) unchanged at version %d", a.ID, a.Name, a.Version)
	} else {
		f.Done(opts.DryRun, "updated account %d (%s), now at version %d", a.ID, a.Name, a.Version)
	}
	return p.One(NewRecord(a))
}
