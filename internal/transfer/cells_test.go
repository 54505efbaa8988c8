package transfer

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/deskctl/deskctl/internal/desk"
)

// TestRowsFollowColumns holds each kind's row function to its columns:
// for a record whose every field holds a value of its own (filled by
// reflection, so a field added later gets one too), the cell at each
// column must be what encoding/json writes for the record's field of that
// name. A row that swaps, skips or repeats a field fails.
func TestRowsFollowColumns(t *testing.T) {
	for kind, rec := range map[Kind]any{
		Accounts: &desk.Account{}, Contacts: &desk.Contact{}, Tickets: &desk.Ticket{}, Managers: &desk.Manager{},
	} {
		fillDistinct(reflect.ValueOf(rec).Elem(), new(int))
		raw, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		var byName map[string]json.RawMessage
		if err := json.Unmarshal(raw, &byName); err != nil {
			t.Fatal(err)
		}
		rw, err := newRecordWriter(&bytes.Buffer{}, ExportOptions{Kind: kind, Format: FormatJSONL}, nil)
		if err != nil {
			t.Fatal(err)
		}
		cells := rowCells(kind, rec)
		for i, col := range Columns(kind) {
			want, ok := byName[col]
			if !ok {
				t.Fatalf("%s: column %q is no field of the record's JSON", kind, col)
			}
			if got := rw.appendJSON(nil, cells[i]); string(got) != string(want) {
				t.Errorf("%s: column %d (%s) holds %s, the record's %s is %s", kind, i, col, got, col, want)
			}
		}
	}
	c := &desk.Contact{ID: 7, AccountID: 3}
	if cells := rowCells(Links, c); cellText(cells[0]) != "3" || cellText(cells[1]) != "7" {
		t.Errorf("link row %v, want account 3, contact 7", cells)
	}
}

// fillDistinct gives every string, list, number and reference field of v
// a value no other field has.
func fillDistinct(v reflect.Value, n *int) {
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if !f.CanSet() {
			continue
		}
		*n++
		switch f.Kind() {
		case reflect.String:
			f.SetString(v.Type().Field(i).Name)
		case reflect.Slice:
			if f.Type().Elem().Kind() == reflect.String {
				f.Set(reflect.ValueOf([]string{v.Type().Field(i).Name, "x"}))
			}
		case reflect.Uint64:
			f.SetUint(uint64(*n))
		case reflect.Struct:
			if f.Type() != reflect.TypeOf(desk.Stamp{}) {
				fillDistinct(f, n)
			}
		}
	}
}
