package cmdutil

import (
	"context"
	"fmt"
	"sync"

	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
)

// AnnotationNoConfig, set to "true" in a command's Annotations, tells the
// root command not to read the configuration before running it: commands
// such as completion must work even when the config file is broken.
const AnnotationNoConfig = "deskctl/no-config"

// Factory hands commands their dependencies. Everything costly is a lazy
// function, called from a command's run function only, so that --help,
// flag errors and completion never read the config file or open the store.
// Tests replace the functions.
type Factory struct {
	// IOStreams are the streams of this invocation.
	IOStreams *iostreams.IOStreams

	// Config returns the resolved configuration. The default reads it
	// once and returns the same value (or error) on every call.
	Config func() (*Config, error)

	// Desk opens the store and the domain on top of it: read-only when
	// write is false (bbolt readers share the lock), read-write otherwise,
	// waiting up to Config.Timeout for the lock. The caller closes the
	// returned Desk.
	Desk func(ctx context.Context, write bool) (*desk.Desk, error)

	// Args is the command line (without the program name), for handing a
	// command over to deskctl-etcd (HandOverIfEtcd).
	Args []string

	flags globalFlags
}

// New returns the factory of a real invocation. The root command must call
// RegisterGlobalFlags before Config is used.
func New(ios *iostreams.IOStreams) *Factory {
	f := &Factory{IOStreams: ios}
	f.Config = sync.OnceValues(f.loadConfig)
	f.Desk = f.openDesk
	return f
}

// OutputOptions returns the output options of the global flags: format,
// --fields, --no-header, --jq, and colour from the streams. It rejects
// --jq with a format other than json or jsonl, as a usage error, before
// any work is done.
func (f *Factory) OutputOptions() (output.Options, error) {
	cfg, err := f.Config()
	if err != nil {
		return output.Options{}, err
	}
	opts := output.Options{
		Format:   cfg.Output,
		Fields:   cfg.Fields,
		NoHeader: cfg.NoHeader,
		JQ:       cfg.JQ,
		Color:    f.IOStreams.ColorEnabled(),
	}
	if opts.JQ != "" && opts.Format != output.FormatJSON && opts.Format != output.FormatJSONL {
		return output.Options{}, FlagErrorWrap(fmt.Errorf("%w, not %s", output.ErrJQFormat, opts.Format))
	}
	return opts, nil
}
