package transfer

import (
	"context"
	"io"
	"slices"

	"github.com/deskctl/deskctl/internal/desk"
)

// ExportOptions configure a per-entity export.
type ExportOptions struct {
	Kind Kind
	// Format is FormatCSV (default), FormatJSON or FormatJSONL.
	Format string
	// EscapeFormulas prefixes CSV cells that a spreadsheet would run as a
	// formula with "'" (see EscapeFormula).
	EscapeFormulas bool
	// The filters of the list commands, for the kinds they apply to
	// (links take Contacts.Account).
	Accounts desk.AccountFilter
	Contacts desk.ContactFilter
	Tickets  desk.TicketFilter
}

// exportRecord is one record as the writers see it: the record (of the
// type its kind's row function reads, see rowReader) and its custom
// fields.
type exportRecord struct {
	rec    any
	custom map[string]string // nil for kinds without custom fields
}

// Export writes the records of one kind to w with exactly the columns
// import reads: id, the kind's fields (Columns), then, for accounts and
// contacts, one field.NAME column per custom field name in use, sorted.
// It runs in one read transaction: for CSV the custom field names come
// first — from their tally without filters, else from a first pass over
// the records it selects (memory: the set of names) — then the records
// are streamed, never held. It returns the number of records written.
func Export(ctx context.Context, d *desk.Desk, w io.Writer, opts ExportOptions) (int, error) {
	if Columns(opts.Kind) == nil {
		return 0, optionError("unknown kind %q", opts.Kind)
	}
	switch opts.Format {
	case "":
		opts.Format = FormatCSV
	case FormatCSV, FormatJSON, FormatJSONL:
	default:
		return 0, optionError("unknown export format %q: use csv, json or jsonl", opts.Format)
	}
	n := 0
	err := d.View(ctx, func(tx *desk.Tx) error {
		var custom []string
		if opts.Format == FormatCSV {
			var err error
			if custom, err = fieldNames(tx, opts); err != nil {
				return err
			}
		}
		rw, err := newRecordWriter(w, opts, custom)
		if err != nil {
			return err
		}
		aw := startAsync(rw)
		if err := each(tx, opts, func(r exportRecord) error {
			n++
			return aw.write(r)
		}); err != nil {
			aw.abort()
			return err
		}
		return aw.close()
	})
	return n, err
}

// fieldNames returns the custom field names of the records the export
// selects, sorted: one CSV column each.
func fieldNames(tx *desk.Tx, opts ExportOptions) ([]string, error) {
	switch opts.Kind {
	case Accounts:
		return tx.AccountFieldNames(opts.Accounts)
	case Contacts:
		return tx.ContactFieldNames(opts.Contacts)
	}
	return nil, nil
}

// each calls fn for every record the export selects, in id order.
func each(tx *desk.Tx, opts ExportOptions, fn func(exportRecord) error) error {
	switch opts.Kind {
	case Accounts:
		return tx.ListAccounts(opts.Accounts, func(a *desk.Account) error {
			return fn(exportRecord{rec: a, custom: orEmpty(a.Fields)})
		})
	case Contacts:
		return tx.ListContacts(opts.Contacts, func(c *desk.Contact) error {
			return fn(exportRecord{rec: c, custom: orEmpty(c.Fields)})
		})
	case Tickets:
		return tx.ListTickets(opts.Tickets, func(t *desk.TicketView) error {
			return fn(exportRecord{rec: t.Ticket})
		})
	case Managers:
		return tx.ListManagers(0, func(m *desk.Manager) error {
			return fn(exportRecord{rec: m})
		})
	case Links:
		return tx.ListContacts(opts.Contacts, func(c *desk.Contact) error {
			if c.AccountID == 0 {
				return nil
			}
			return fn(exportRecord{rec: c})
		})
	}
	return optionError("unknown kind %q", opts.Kind)
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// ExportColumns returns the CSV header an export of kind writes for the
// given custom field names.
func ExportColumns(kind Kind, custom []string) []string {
	cols := slices.Clone(Columns(kind))
	for _, c := range custom {
		cols = append(cols, "field."+c)
	}
	return cols
}
