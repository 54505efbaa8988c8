package manager

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/output"
)

// checkOutput fails, before the store is opened, when -o, --fields, --jq
// or the configured columns of entity cannot print records shaped like
// sample, so that a typo in --fields is a usage error (exit 2) that
// changed nothing rather than an error printed after a write committed.
// (The account package has the same function; it belongs in cmdutil.)
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

// closeList finishes a list after the listing returned err, without the
// "no managers found" notice when the listing failed.
func closeList(w *cmdutil.ListWriter, err error) error {
	if err != nil {
		_ = w.Abort()
		return err
	}
	return w.Close()
}
