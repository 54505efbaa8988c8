// Command floor measures what the import of an accounts CSV costs the
// store alone: for each row it makes the key-value operations deskctl's
// import makes — the three unique index lookups and writes (name, domain,
// external id), the record, the activity log entry and its per-account
// index — in transactions of 5,000 rows through internal/store/bolt, in a
// journal unit that holds the index entries back and journals appended
// keys as tails, as an import does (journal.Unit.Hold, Tails), with none
// of the domain's work: no validation or normalisation beyond
// lower-casing the name, no savepoints, no id counters. bench/run.sh reports it beside the import it bounds: what is
// left between the two is the domain's and the import's own work.
//
//	floor -db x.db accounts.csv
package main

import (
	"context"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
	"github.com/deskctl/deskctl/internal/store/journal"
)

// Sizes of what deskctl stores per account in the benchmark's data
// (schema 3): the record's value, the log entry's, and the index entries'
// owner ids, big-endian without leading zeros.
const (
	batch     = 5000
	recordLen = 100
	logLen    = 22
	ownerLen  = 3
)

func main() {
	path := flag.String("db", "floor.db", "the store `file` to create")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: floor -db FILE accounts.csv")
		os.Exit(2)
	}
	if err := run(*path, flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

func run(path, input string) error {
	in, err := os.Open(input)
	if err != nil {
		return err
	}
	defer in.Close()
	r := csv.NewReader(in)
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil { // header: name, domains, external_id, ...
		return err
	}
	db, err := bolt.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	db.ReserveRoom([][]byte{[]byte("rec/account/")}) // as desk.Open does
	ctx := context.Background()
	unit, err := journal.Begin(ctx, db, 1, "floor")
	if err != nil {
		return err
	}
	unit.Hold(desk.HeldIndexBytes, "ix/account/")
	unit.Tails("rec/account/", "rec/log/", "ix/log/account/", "ix/account/")
	record, entry := make([]byte, recordLen), make([]byte, logLen)
	var id uint64
	for done := false; !done; {
		err := unit.Update(ctx, func(tx store.Tx) error {
			for range batch {
				row, err := r.Read()
				if err == io.EOF {
					done = true
					return nil
				} else if err != nil {
					return err
				}
				id++
				key := binary.BigEndian.AppendUint64(nil, id)
				owner := key[len(key)-ownerLen:]
				for _, k := range []string{"ix/account/name/" + strings.ToLower(row[0]), "ix/account/domain/" + row[1], "ix/account/ext/" + row[2]} {
					if _, err := tx.Get([]byte(k)); !errors.Is(err, store.ErrNotFound) {
						return fmt.Errorf("%s: taken or unreadable (%v)", k, err)
					}
					if err := tx.Put([]byte(k), owner); err != nil {
						return err
					}
				}
				for _, kv := range [][2][]byte{
					{append([]byte("rec/account/"), key...), record},
					{append([]byte("rec/log/"), key...), entry},
					{append(append(append([]byte("ix/log/account/"), key...), 0), key...), nil},
				} {
					if err := tx.Put(kv[0], kv[1]); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return unit.Commit(ctx, nil)
}
