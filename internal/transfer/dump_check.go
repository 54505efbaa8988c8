package transfer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/deskctl/deskctl/internal/desk"
)

// parseDumpLine reads one line of a dump and validates the record's fields
// with the domain's own SetField: a record whose fields do not read back
// unchanged (an invalid domain, an unknown status, a name with a control
// character) was not written by deskctl and is refused. Blank lines give
// nil.
func parseDumpLine(line int, raw []byte) (*dumpRecord, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, nil
	}
	if !utf8.Valid(raw) {
		return nil, inputError(line, "invalid UTF-8")
	}
	rec := &dumpRecord{line: line, raw: bytes.Clone(raw)}
	if err := json.Unmarshal(raw, &rec.head); err != nil {
		return nil, inputError(line, "invalid JSON: %v", err)
	}
	if rec.head.Type == "counter" {
		return rec, nil
	}
	if !slices.Contains(desk.DumpKinds, rec.head.Type) {
		return nil, inputError(line, "unknown type %q (%s, counter)", rec.head.Type, strings.Join(desk.DumpKinds, ", "))
	}
	if err := validateRecord(rec.head.Type, raw); err != nil {
		return nil, restoreError(line, err)
	}
	return rec, nil
}

// setter is a record that reads its fields from their text form.
type setter interface {
	SetField(name, value string) error
}

func validateRecord(kind string, raw []byte) error {
	switch kind {
	case "account":
		var a desk.Account
		if err := json.Unmarshal(raw, &a); err != nil {
			return err
		}
		fresh := &desk.Account{Fields: map[string]string{}}
		return roundTrip(Accounts, &a, a.Fields, fresh, fresh.Fields)
	case "contact":
		var c desk.Contact
		if err := json.Unmarshal(raw, &c); err != nil {
			return err
		}
		fresh := &desk.Contact{Fields: map[string]string{}}
		return roundTrip(Contacts, &c, c.Fields, fresh, fresh.Fields)
	case "ticket":
		var t desk.Ticket
		if err := json.Unmarshal(raw, &t); err != nil {
			return err
		}
		fresh := &desk.Ticket{}
		return roundTrip(Tickets, &t, nil, fresh, nil)
	case "manager":
		var m desk.Manager
		if err := json.Unmarshal(raw, &m); err != nil {
			return err
		}
		fresh := &desk.Manager{}
		return roundTrip(Managers, &m, nil, fresh, nil)
	case "note":
		var n desk.Note
		if err := json.Unmarshal(raw, &n); err != nil {
			return err
		}
		fresh := &desk.Note{}
		if err := fresh.SetField("body", n.Body); err != nil {
			return err
		}
		if fresh.Body != n.Body {
			return invalidField("body", "is not in the form deskctl stores")
		}
	}
	return nil // log entries and jobs: structure only (Restore decodes them)
}

// roundTrip sets every field of fresh from the text form of the dumped
// record (both of kind; custom and freshCustom are their custom fields)
// and requires the same text back.
func roundTrip(kind Kind, dumped any, custom map[string]string, fresh setter, freshCustom map[string]string) error {
	fields := Columns(kind)[1:] // after the id
	want := rowCells(kind, dumped)[1:]
	for i, f := range fields {
		if err := fresh.SetField(f, cellText(want[i])); err != nil {
			return err
		}
	}
	for _, k := range sortedKeys(custom) {
		if err := fresh.SetField("field."+k, custom[k]); err != nil {
			return err
		}
	}
	have := rowCells(kind, fresh)[1:]
	for i, f := range fields {
		if w, h := cellText(want[i]), cellText(have[i]); w != h {
			return invalidField(f, "%q is not in the form deskctl stores (%q)", w, h)
		}
	}
	if !maps.Equal(orEmpty(custom), orEmpty(freshCustom)) {
		return invalidField("fields", "custom fields are not in the form deskctl stores")
	}
	return nil
}

// checkRestored runs the store's integrity check over the restored data:
// references (parents, managers, contacts' accounts, tickets' contacts,
// notes' accounts), parent cycles and every index.
func checkRestored(ctx context.Context, d *desk.Desk) error {
	report, err := d.Check(ctx)
	if err != nil {
		return err
	}
	if report.OK() {
		return nil
	}
	problems := report.Problems
	more := ""
	if len(problems) > MaxListed {
		more = fmt.Sprintf("\n  ... and %d more", len(problems)-MaxListed)
		problems = problems[:MaxListed]
	}
	return &classified{class: ErrInput, msg: fmt.Sprintf("the dump is not consistent; nothing was restored:\n  %s%s",
		strings.Join(problems, "\n  "), more)}
}
