package cli

import (
	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/completion"
	"github.com/deskctl/deskctl/internal/cli/version"
)

func init() {
	// Run every PersistentPreRunE from the root down, not only the
	// nearest one, so that a noun defining its own hook cannot skip the
	// root's checks (required flags as usage errors, config loading).
	cobra.EnableTraverseRunHooks = true
}

// NewCmdRoot returns the deskctl command tree, ready to execute.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	ios := f.IOStreams
	root := &cobra.Command{
		Use:   "deskctl <command> <subcommand> [flags]",
		Short: "Keep a help desk's accounts, contacts and tickets",
		Long: `deskctl keeps a help desk's customer accounts, their contacts and the
tickets those contacts raise in one embedded store, and moves them in and
out in bulk. Data goes to stdout, messages to stderr; the exit code says
what happened (see "deskctl help exit-codes").`,
		Example: `  $ deskctl account create --name "Acme Ltd" --domain acme.com
  $ deskctl account list --search acme -o jsonl
  $ deskctl account show @acme.com`,
		Version:           version.Get().String(),
		SilenceErrors:     true,
		SilenceUsage:      true,
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return preRun(f, cmd)
		},
	}
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetVersionTemplate("deskctl {{.Version}}\n")
	root.SetUsageTemplate(usageTemplate)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return cmdutil.FlagErrorWrap(err)
	})
	f.RegisterGlobalFlags(root.PersistentFlags())
	// Declared here so cobra does not take -v for it: -v is too precious
	// a shorthand to spend on the version.
	root.Flags().Bool("version", false, "print the version of deskctl")

	root.AddCommand(
		version.NewCmdVersion(f, nil),
		completion.NewCmdCompletion(f, nil),
		newHelpTopic("exit-codes", "Exit codes and the JSON error object", exitCodeDocs),
	)
	for _, newCmd := range nouns {
		root.AddCommand(newCmd(f))
	}
	root.SetHelpCommand(newCmdHelp())
	finishTree(root)
	return root
}

// preRun runs before every command: flag checks cobra would otherwise
// report as plain errors become usage errors, and the configuration is read
// (a bad -o or config value fails before any work starts).
func preRun(f *cmdutil.Factory, cmd *cobra.Command) error {
	if err := cmd.ValidateRequiredFlags(); err != nil {
		return cmdutil.FlagErrorWrap(err)
	}
	if err := cmd.ValidateFlagGroups(); err != nil {
		return cmdutil.FlagErrorWrap(err)
	}
	if skipConfig(cmd) {
		return nil
	}
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	// Before the command reads anything: an etcd store is deskctl-etcd's.
	if err := cmdutil.HandOverIfEtcd(cfg, f.Args); err != nil {
		return err
	}
	f.IOStreams.SetQuiet(cfg.Quiet)
	return nil
}

// skipConfig reports whether cmd runs without reading the configuration:
// shell completion must keep working with a broken config file.
func skipConfig(cmd *cobra.Command) bool {
	switch cmd.Name() {
	case cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd:
		return true
	}
	return cmd.Annotations[cmdutil.AnnotationNoConfig] == "true"
}

// usageTemplate is deskctl's usage text: groups show "<command>" rather
// than a usage line of their own, and help topics are listed last.
const usageTemplate = `Usage:{{if .HasAvailableSubCommands}}
  {{.CommandPath}} <command> [flags]{{else}}
  {{.UseLine}}{{end}}{{if gt (len .Aliases) 0}}

Aliases:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Examples:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Commands:{{range .Commands}}{{if .IsAvailableCommand}}
  {{rpad .Name .NamePadding}} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flags:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Global flags:
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasHelpSubCommands}}

Help topics:{{range .Commands}}{{if .IsAdditionalHelpTopicCommand}}
  {{rpad .Name .NamePadding}} {{.Short}} ("{{.Root.Name}} help {{.Name}}"){{end}}{{end}}{{end}}{{if .HasAvailableSubCommands}}

Use "{{.CommandPath}} <command> --help" for more about a command.{{end}}
`
