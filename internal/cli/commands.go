package cli

import (
	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/account"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/contact"
	"github.com/deskctl/deskctl/internal/cli/db"
	"github.com/deskctl/deskctl/internal/cli/export"
	"github.com/deskctl/deskctl/internal/cli/importcmd"
	"github.com/deskctl/deskctl/internal/cli/logcmd"
	"github.com/deskctl/deskctl/internal/cli/manager"
	"github.com/deskctl/deskctl/internal/cli/ticket"
)

// nouns are the constructors of the noun commands, in the order `deskctl
// --help` lists them. To add a noun:
//
//  1. create internal/cli/<noun>/ with <noun>.go holding
//     NewCmd<Noun>(f *cmdutil.Factory) *cobra.Command — a group command
//     with no Run — and one file per verb (NewCmdCreate(f, runF) ...);
//  2. add its constructor to this list.
//
// A group needs no Run of its own: finishTree gives it one that prints its
// help when called bare and exits 2 on an unknown subcommand.
var nouns = []func(*cmdutil.Factory) *cobra.Command{
	account.NewCmdAccount,
	manager.NewCmdManager,
	contact.NewCmdContact,
	ticket.NewCmdTicket,
	importcmd.NewCmdImport,
	export.NewCmdExport,
	logcmd.NewCmdLog,
	db.NewCmdDB,
}
