package account

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
)

// checkOutput fails, before the store is opened, when -o, --fields, --jq
// or the configured columns of entity cannot print records shaped like
// sample: a typo in --fields is then a usage error (exit 2) that changed
// nothing. Without it a write command would commit first and fail only
// when printing the result, exiting 2 for a write that landed; and a list
// would check --fields against its first record only, so a typo would pass
// unnoticed on an empty result.
func checkOutput(f *cmdutil.Factory, entity string, builtin []string, sample any) error {
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	opts, err := f.OutputOptions()
	if err != nil {
		return err
	}
	opts.Available = jsonKeys(sample)
	_, err = output.NewList(io.Discard, opts, cfg.ColumnsFor(entity, builtin))
	return err
}

// jsonKeys returns the top-level keys of v's JSON object, in order.
func jsonKeys(v any) []string {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // {
		return nil
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return keys
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return keys
		}
		keys = append(keys, tok.(string))
	}
	return keys
}

// sampleRecord is an empty account as printed, for checkOutput.
func sampleRecord() Record { return NewRecord(&desk.Account{}) }

// closeList finishes a list after the listing returned err. On error the
// list is flushed without ListWriter.Close's "no accounts found" notice,
// which would be false: nothing was found because nothing was looked at.
func closeList(w *cmdutil.ListWriter, err error) error {
	if err != nil {
		_ = w.Abort()
		return err
	}
	return w.Close()
}
