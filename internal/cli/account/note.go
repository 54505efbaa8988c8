package account

import (
	"context"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// NewCmdNote returns the `account note` group.
func NewCmdNote(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "note <command>",
		Short: "Add and list an account's notes",
	}
	cmd.AddCommand(NewCmdNoteAdd(f, nil), NewCmdNoteList(f, nil))
	return cmd
}

// NoteAddOptions are the inputs of `account note add`.
type NoteAddOptions struct {
	Factory *cmdutil.Factory
	Ref     string
	Body    string
	DryRun  bool
}

// NewCmdNoteAdd returns `account note add`.
func NewCmdNoteAdd(f *cmdutil.Factory, runF func(*NoteAddOptions) error) *cobra.Command {
	opts := &NoteAddOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "add <account> {--body <text> | --body -}",
		Short: "Attach a note to an account",
		Example: `  $ deskctl account note add 1 --body "Renewal call on Friday"
  $ printf 'Long\nnote' | deskctl account note add @acme.com --body -`,
		Args: cmdutil.ExactArgs(1, "an account is required"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if !cmd.Flags().Changed("body") {
				return cmdutil.FlagErrorf("--body is required (use --body - to read it from stdin)")
			}
			if opts.Body == "-" {
				b, err := io.ReadAll(f.IOStreams.In)
				if err != nil {
					return err
				}
				opts.Body = strings.TrimRight(string(b), "\n")
			}
			if runF != nil {
				return runF(opts)
			}
			return noteAddRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Body, "body", "", "the note's `text`, or - for stdin")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "validate, write nothing")
	return cmd
}

func noteAddRun(ctx context.Context, opts *NoteAddOptions) error {
	f := opts.Factory
	p, err := f.CheckedPrinter("note", cmdutil.DefaultColumns["note"], &desk.Note{})
	if err != nil {
		return err
	}
	var n *desk.Note
	if _, err := f.Update(ctx, opts.DryRun, func(tx *desk.Tx) (err error) {
		n, err = tx.AddNote(opts.Ref, opts.Body)
		return err
	}); err != nil {
		return err
	}
	f.Done(opts.DryRun, "added note %d to account %d", n.ID, n.AccountID)
	return p.One(n)
}

// NoteListOptions are the inputs of `account note list`.
type NoteListOptions struct {
	Factory *cmdutil.Factory
	Ref     string
}

// NewCmdNoteList returns `account note list`.
func NewCmdNoteList(f *cmdutil.Factory, runF func(*NoteListOptions) error) *cobra.Command {
	opts := &NoteListOptions{Factory: f}
	return &cobra.Command{
		Use:     "list <account>",
		Aliases: []string{"ls"},
		Short:   "List an account's notes, oldest first",
		Example: "  $ deskctl account note list @acme.com -o jsonl",
		Args:    cmdutil.ExactArgs(1, "an account is required"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if runF != nil {
				return runF(opts)
			}
			return noteListRun(cmd.Context(), opts)
		},
	}
}

func noteListRun(ctx context.Context, opts *NoteListOptions) error {
	p, err := opts.Factory.CheckedPrinter("note", cmdutil.DefaultColumns["note"], &desk.Note{})
	if err != nil {
		return err
	}
	w, err := p.List()
	if err != nil {
		return err
	}
	err = opts.Factory.View(ctx, func(tx *desk.Tx) error {
		return tx.Notes(opts.Ref, func(n *desk.Note) error { return w.Write(n) })
	})
	return w.Finish(err)
}
