package transfer

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
)

// DumpVersion is the version of the `export all` format.
const DumpVersion = 1

// dumpHeader is the first line of a dump.
type dumpHeader struct {
	Type    string `json:"type"`
	Version int    `json:"version"`
	Schema  int    `json:"schema"`
}

// dumpLine is what every dump line says about itself.
type dumpLine struct {
	Type string `json:"type"`
	Kind string `json:"kind"` // counter lines
	Last uint64 `json:"last"` // counter lines
}

// ExportAll writes the whole store as JSON Lines, in one read transaction:
// a header line {"type":"deskctl","version":1,"schema":N}, then every
// record of every kind (desk.DumpKinds order, id order within a kind) as
// stored — ids, versions, timestamps — with a leading "type" member, then
// one {"type":"counter","kind":K,"last":N} line per id counter, so that a
// restored store hands out the same next ids. It returns the number of
// lines written per type.
func ExportAll(ctx context.Context, d *desk.Desk, w io.Writer) (map[string]int, error) {
	counts := map[string]int{}
	bw := bufio.NewWriterSize(w, 64<<10)
	err := d.View(ctx, func(tx *desk.Tx) error {
		head, _ := json.Marshal(dumpHeader{Type: "deskctl", Version: DumpVersion, Schema: desk.SchemaVersion})
		bw.Write(head)
		bw.WriteByte('\n')
		for _, kind := range desk.DumpKinds {
			prefix := `{"type":` + strconv.Quote(kind) + `,`
			if err := tx.Dump(kind, func(raw []byte) error {
				if len(raw) < 2 || raw[0] != '{' {
					return fmt.Errorf("%s record is not a JSON object", kind)
				}
				counts[kind]++
				bw.WriteString(prefix)
				bw.Write(raw[1:])
				return bw.WriteByte('\n')
			}); err != nil {
				return err
			}
		}
		return tx.Counters(func(kind string, last uint64) error {
			counts["counter"]++
			line, _ := json.Marshal(dumpLine{Type: "counter", Kind: kind, Last: last})
			bw.Write(line)
			return bw.WriteByte('\n')
		})
	})
	if err != nil {
		return nil, err
	}
	return counts, bw.Flush()
}

// RestoreOptions configure ImportAll.
type RestoreOptions struct {
	BatchSize int
	Progress  func(lines int, bytes int64)
}

// ImportAll restores a dump written by ExportAll into an empty store,
// exactly: ids, versions, timestamps, the log, the import jobs and the id
// counters. Every record is validated (its fields must read back through
// the domain's own SetField unchanged) and, once all are in, the whole
// store is checked (desk.Check: indexes, references, parent cycles). Like
// an import it lands in journaled batches as one unit: any bad line rolls
// everything back. It returns the number of lines restored per type.
func ImportAll(ctx context.Context, d *desk.Desk, r io.Reader, opts RestoreOptions) (map[string]int, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	cr := &countingReader{r: r}
	br := bufio.NewReaderSize(cr, 64<<10)
	if err := readDumpHeader(br); err != nil {
		return nil, err
	}
	rj, err := d.BeginRestore(ctx)
	if err != nil {
		return nil, err
	}
	counts, err := restoreLines(ctx, rj, br, cr, opts)
	if err == nil {
		err = rj.Flush(ctx)
	}
	if err == nil {
		err = checkRestored(ctx, d)
	}
	bg := context.WithoutCancel(ctx)
	if err != nil {
		if rerr := rj.Rollback(bg); rerr != nil {
			return nil, fmt.Errorf("%w (and rolling back failed: %v)", err, rerr)
		}
		return nil, err
	}
	return counts, rj.Commit(bg)
}

func readDumpHeader(br *bufio.Reader) error {
	line, err := br.ReadBytes('\n')
	if err != nil && len(line) == 0 {
		return inputError(0, "the input is empty: not a deskctl dump (`deskctl export all` writes one)")
	}
	var h dumpHeader
	if json.Unmarshal(line, &h) != nil || h.Type != "deskctl" {
		return inputError(1, `not a deskctl dump: the first line must be {"type":"deskctl",...} as `+"`deskctl export all`"+` writes it`)
	}
	if h.Version != DumpVersion {
		return inputError(1, "dump format version %d; this deskctl reads version %d", h.Version, DumpVersion)
	}
	if h.Schema < desk.OldestDumpSchema || h.Schema > desk.SchemaVersion {
		return inputError(1, "the dump is of store schema %d; this deskctl restores schemas %d to %d (dump it again with a deskctl of the same version)", h.Schema, desk.OldestDumpSchema, desk.SchemaVersion)
	}
	return nil
}

type dumpRecord struct {
	line int
	head dumpLine
	raw  []byte
}

func restoreLines(ctx context.Context, rj *desk.RestoreJob, br *bufio.Reader, cr *countingReader, opts RestoreOptions) (map[string]int, error) {
	counts := map[string]int{}
	lineNo, total := 1, 0
	var recs []dumpRecord
	maxRecs := opts.BatchSize
	flush := func() error {
		for len(recs) > 0 {
			n := min(len(recs), maxRecs)
			err := restoreChunk(ctx, rj, recs[:n])
			if errors.Is(err, store.ErrTooLarge) && n > 1 {
				maxRecs = max(n/2, 1) // see importer.run
				continue
			}
			if err != nil {
				return err
			}
			for _, rec := range recs[:n] {
				counts[rec.head.Type]++
			}
			total += n
			recs = recs[n:]
		}
		if opts.Progress != nil {
			opts.Progress(total, cr.n.Load())
		}
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		raw, err := br.ReadBytes('\n')
		if len(raw) > 0 {
			lineNo++
			rec, verr := parseDumpLine(lineNo, raw)
			if verr != nil {
				return nil, verr
			}
			if rec != nil {
				recs = append(recs, *rec)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(recs) >= opts.BatchSize {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return counts, nil
}

// restoreChunk restores records in one journaled transaction.
func restoreChunk(ctx context.Context, rj *desk.RestoreJob, recs []dumpRecord) error {
	return rj.Batch(ctx, func(tx *desk.Tx) error {
		for _, rec := range recs {
			var err error
			if rec.head.Type == "counter" {
				err = tx.RestoreCounter(rec.head.Kind, rec.head.Last)
			} else {
				err = tx.Restore(rec.head.Type, rec.raw)
			}
			if err != nil && (errors.Is(err, desk.ErrInvalid) || errors.Is(err, desk.ErrConflict)) {
				return restoreError(rec.line, err)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func restoreError(line int, err error) error {
	return &classified{class: ErrInput, msg: (&RowError{Line: line, Err: err}).Error()}
}
