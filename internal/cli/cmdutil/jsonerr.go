package cmdutil

import (
	"os"
	"strings"

	"github.com/deskctl/deskctl/internal/output"
)

// JSONErrors reports whether errors should also be written as a JSON object
// on stderr, that is whether the output format is json or jsonl. It works
// even when the configuration could not be read (the error being reported
// may be that very failure): it then looks at the -o flag and
// DESKCTL_OUTPUT directly.
func (f *Factory) JSONErrors() bool {
	var format string
	if cfg, err := f.Config(); err == nil {
		format = string(cfg.Output)
	} else if fl := f.flagLookup("output"); fl != nil && fl.Changed {
		format = fl.Value.String()
	} else {
		format = os.Getenv(EnvPrefix + "_OUTPUT")
	}
	switch output.Format(strings.ToLower(strings.TrimSpace(format))) {
	case output.FormatJSON, output.FormatJSONL:
		return true
	}
	return false
}
