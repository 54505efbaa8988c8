package importcmd

import (
	"errors"
	"fmt"
	"time"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
	"github.com/deskctl/deskctl/internal/transfer"
)

// Summary is the result of an import as `-o json` prints it on stdout.
type Summary struct {
	Job          uint64        `json:"job"`
	Kind         string        `json:"kind"`
	File         string        `json:"file"`
	Status       string        `json:"status"`
	DryRun       bool          `json:"dry_run"`
	Read         int           `json:"read"`
	Created      int           `json:"created"`
	Updated      int           `json:"updated"`
	Unchanged    int           `json:"unchanged"`
	Skipped      int           `json:"skipped"`
	Rejected     int           `json:"rejected"`
	ErrorsFile   string        `json:"errors_file"`
	Elapsed      float64       `json:"elapsed_seconds"`
	RejectedRows []RejectedRow `json:"rejected_rows"`
}

// RejectedRow is one rejected row in the summary (the first 20).
type RejectedRow struct {
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Field  string `json:"field"`
	Error  string `json:"error"`
}

func newSummary(opts *Options, res *transfer.Result, elapsed time.Duration) *Summary {
	j := res.Job
	s := &Summary{Job: j.ID, Kind: j.Kind, File: j.File, Status: j.Status, DryRun: opts.DryRun,
		Read: j.Read, Created: j.Created, Updated: j.Updated, Unchanged: j.Unchanged, Skipped: j.Skipped,
		Rejected: j.Rejected, ErrorsFile: opts.ErrorsFile, RejectedRows: []RejectedRow{}}
	s.Elapsed = elapsed.Round(time.Millisecond).Seconds()
	for _, re := range res.Rejected {
		s.RejectedRows = append(s.RejectedRows, RejectedRow{Line: re.Line, Column: re.Column, Field: re.Field, Error: re.Reason()})
	}
	return s
}

// report prints the rejected rows and the one-line summary on stderr, and
// the summary object on stdout with -o json or jsonl.
func report(opts *Options, res *transfer.Result, elapsed time.Duration, err error) error {
	ios := opts.IO
	j := res.Job
	for _, re := range res.Rejected {
		fmt.Fprintln(ios.ErrOut, re.Error())
	}
	if more := j.Rejected - len(res.Rejected); more > 0 {
		where := ""
		if opts.ErrorsFile != "" {
			where = fmt.Sprintf(" (every rejected row is in %s)", opts.ErrorsFile)
		}
		fmt.Fprintf(ios.ErrOut, "... and %d more rejected rows%s\n", more, where)
	}
	from := opts.File
	if from == "-" {
		from = "standard input"
	}
	switch {
	case errors.Is(err, transfer.ErrNotRolledBack):
		ios.Infof("import of %s from %s failed and is not rolled back yet: none of it is committed, and the next deskctl command that opens the store rolls it back (on etcd: deskctl import recover) (job %d)", j.Kind, from, j.ID)
	case errors.Is(err, transfer.ErrRejected) && !opts.ContinueOnError && !opts.DryRun:
		// The error says it all: nothing was imported.
	case opts.DryRun:
		ios.Infof("dry run of %s from %s: would create %d, update %d, leave %d unchanged, skip %d; %d rejected (job %d; nothing was written)",
			j.Kind, from, j.Created, j.Updated, j.Unchanged, j.Skipped, j.Rejected, j.ID)
	case j.Status == desk.JobDone || (j.Status == desk.JobFailed && opts.ContinueOnError && errors.Is(err, transfer.ErrRejected)):
		ios.Infof("imported %s from %s: %d created, %d updated, %d unchanged, %d skipped, %d rejected (job %d)",
			j.Kind, from, j.Created, j.Updated, j.Unchanged, j.Skipped, j.Rejected, j.ID)
	case j.Status == desk.JobRolledBack:
		ios.Infof("import of %s from %s interrupted after %d rows: rolled back, nothing was imported (job %d)", j.Kind, from, j.Read, j.ID)
	default:
		ios.Infof("import of %s from %s failed: nothing was imported (job %d)", j.Kind, from, j.ID)
	}
	oo, oerr := opts.OutputOptions()
	if oerr != nil {
		return oerr
	}
	if oo.Format == output.FormatJSON || oo.Format == output.FormatJSONL {
		return output.One(ios.Out, oo, nil, newSummary(opts, res, elapsed))
	}
	return nil
}
