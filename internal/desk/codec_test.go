package desk

import (
	"encoding/json"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

var codecNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// codecCases are records whose binary round trip must give the same JSON
// as the record itself: the JSON users see must not depend on the storage.
func codecCases() []any {
	zoned := time.Date(2025, 3, 1, 8, 30, 15, 123456789, time.FixedZone("", 2*3600))
	return []any{
		&Account{ID: 7, Name: "Ünïcode GmbH", Domains: []string{"a.com", "bücher.de"}, ExternalID: "CRM-1", Status: "active",
			ParentID: 3, ManagerID: 9, Phone: "+1", Email: "x@a.com", Website: "https://a.com", Description: "multi\nline",
			Tags: []string{"gold", "vip"}, Fields: map[string]string{"tier": "gold", "region": "eu"}, CRMID: "c", CRMStatus: "synced",
			LogoURL: "https://a.com/l.png", SlackChannel: "#a", Stamp: Stamp{CreatedAt: codecNow, UpdatedAt: zoned, Version: 4}},
		newAccount(),
		&Account{ID: 1, Name: "Bare", Domains: []string{}, Tags: []string{}, Fields: map[string]string{}, Stamp: Stamp{CreatedAt: codecNow, UpdatedAt: codecNow, Version: 1}},
		&Contact{ID: 2, Name: "Ann", Email: "ann@a.com", Phone: "1", Mobile: "2", Title: "CTO", ExternalID: "P-1",
			Fields: map[string]string{"k": "v"}, AccountID: 7, Stamp: Stamp{CreatedAt: codecNow, UpdatedAt: codecNow.Add(time.Hour), Version: 2}},
		newContact(),
		&Ticket{ID: 3, Subject: "Help", Description: "It broke.\n\"quoted\"", Status: "open", Priority: "high", ContactID: 2,
			Stamp: Stamp{CreatedAt: codecNow, UpdatedAt: codecNow, Version: 1}},
		newTicket(),
		&LogEntry{ID: 4, Time: codecNow, Actor: "ann", Entity: "account", EntityID: 7, Action: "updated", AccountID: 7,
			Changes: []Change{{Field: "name", Before: json.RawMessage(`"A"`), After: json.RawMessage(`"B"`)}, {Field: "x", Before: json.RawMessage("null"), After: json.RawMessage(`[]`)}},
			Detail:  "why", Stamp: Stamp{CreatedAt: codecNow, UpdatedAt: codecNow, Version: 1}},
		&LogEntry{ID: 5, Time: zoned, Changes: []Change{}, Stamp: Stamp{CreatedAt: codecNow, UpdatedAt: codecNow, Version: 1}},
		// What the compact form leaves out when it is the default, here
		// not the default: an account's entry with no account, names of
		// entities and actions without a code, empty statuses, version 0.
		&LogEntry{ID: 6, Time: codecNow, Entity: "account", EntityID: 9, Action: "created", Changes: []Change{},
			Stamp: Stamp{CreatedAt: codecNow, UpdatedAt: codecNow, Version: 1}},
		&LogEntry{ID: 7, Time: codecNow, Entity: "widget", EntityID: 9, Action: "frobbed", AccountID: 3, Changes: []Change{},
			Stamp: Stamp{CreatedAt: codecNow, UpdatedAt: codecNow, Version: 2}},
		&Account{ID: 8, Domains: []string{}, Tags: []string{}, Fields: map[string]string{}, Stamp: Stamp{CreatedAt: codecNow, UpdatedAt: codecNow}},
	}
}

func TestCodecRoundTripKeepsJSON(t *testing.T) {
	for _, rec := range codecCases() {
		raw, err := encodeRecord(rec)
		if err != nil {
			t.Fatal(err)
		}
		if raw[0] != binMagic {
			t.Fatalf("%T stored as %q, want binary", rec, raw)
		}
		got := reflect.New(reflect.TypeOf(rec).Elem()).Interface()
		if err := decodeRecord(rec.(record).recordID(), raw, got); err != nil {
			t.Fatalf("%T: decode: %v", rec, err)
		}
		want, _ := json.Marshal(rec)
		have, _ := json.Marshal(got)
		if string(want) != string(have) {
			t.Errorf("%T round trip:\n got %s\nwant %s", rec, have, want)
		}
		// The JSON of the stored form, for dumps, is the same.
		js, err := storedJSONOf(rec, raw)
		if err != nil || string(js) != string(want) {
			t.Errorf("%T dump JSON = %s, %v\nwant %s", rec, js, err, want)
		}
	}
}

func storedJSONOf(rec any, raw []byte) ([]byte, error) {
	id := rec.(record).recordID()
	switch rec.(type) {
	case *Account:
		return storedJSON[Account](id, raw)
	case *Contact:
		return storedJSON[Contact](id, raw)
	case *Ticket:
		return storedJSON[Ticket](id, raw)
	default:
		return storedJSON[LogEntry](id, raw)
	}
}

// A store written before the binary encoding holds JSON records, which
// still decode.
func TestCodecReadsJSON(t *testing.T) {
	a := &Account{ID: 1, Name: "Old", Domains: []string{"old.com"}, Tags: []string{}, Fields: map[string]string{}, Status: "active",
		Stamp: Stamp{CreatedAt: codecNow, UpdatedAt: codecNow, Version: 1}}
	raw, _ := json.Marshal(a)
	got, err := accounts.decode(1, raw)
	if err != nil || !reflect.DeepEqual(got, a) {
		t.Errorf("decode JSON = %+v, %v; want %+v", got, err, a)
	}
	if js, err := storedJSON[Account](1, raw); err != nil || string(js) != string(raw) {
		t.Errorf("storedJSON of JSON = %s, %v", js, err)
	}
}

// The compact form leaves out the id (the key's) and the defaults, which
// a million records would each repeat.
func TestCodecLeavesOutDefaults(t *testing.T) {
	a := benchAccount()
	raw, _ := encodeRecord(a)
	for _, s := range []string{StatusActive, crmUnmapped} {
		if strings.Contains(string(raw), s) {
			t.Errorf("the account's stored form %q holds %q", raw, s)
		}
	}
	// magic, then name (tag, length, 22 bytes), domains (tag, count,
	// length, 15), external id (tag, length, 12), phone (tag, length, 14),
	// tags (tag, count, length, 3), fields (tag, count, 2 × (length, 4 or
	// 6)), created (tag, 5 bytes of seconds, 1 of nanoseconds).
	if want := 1 + 24 + 18 + 14 + 16 + 6 + 14 + 7; len(raw) != want {
		t.Errorf("the bench account takes %d bytes, want %d: %q", len(raw), want, raw)
	}
	l := &LogEntry{ID: 1234, Time: codecNow, Actor: "root", Entity: "account", EntityID: 99, Action: "created", AccountID: 99,
		Changes: []Change{}, Stamp: Stamp{CreatedAt: codecNow, UpdatedAt: codecNow, Version: 1}}
	raw, _ = encodeRecord(l)
	// magic, actor (2 + 4), entity code, entity id, action code, created.
	if want := 1 + 6 + 2 + 2 + 2 + 7; len(raw) != want {
		t.Errorf("an account's create entry takes %d bytes, want %d: %q", len(raw), want, raw)
	}
	got, err := logEntries.decode(1234, raw)
	if err != nil || !reflect.DeepEqual(got, l) {
		t.Errorf("decode = %+v, %v; want %+v", got, err, l)
	}
	// A current value's id is its key's, whatever it holds.
	if a, err := accounts.decode(7, []byte("\x02\x01\x05\x02\x03Odd")); err != nil || a.ID != 7 {
		t.Errorf("decode under key 7 = %+v, %v", a, err)
	}
}

// Values a schema 2 store holds (binMagicV1: the id inside, every set
// field written; bytes from a store of that schema) decode as they did.
func TestCodecReadsSchema2(t *testing.T) {
	created := time.Unix(1795571527, 0).UTC()
	for _, c := range []struct {
		raw  string
		id   uint64
		want any
	}{
		{"\x01\x01\x01\x02\x11Globex Acme Inc 1\x03\x01\nglobex1.io\x04\fCRM-00000001\x05\x06active\b\x0e+1 555 1000001\r\x01\x04tier\x06silver\x0f\bunmapped<\x8e\xfd\xb1\xb0\r\x00>\x02", 1,
			&Account{ID: 1, Name: "Globex Acme Inc 1", Domains: []string{"globex1.io"}, ExternalID: "CRM-00000001", Status: StatusActive,
				Phone: "+1 555 1000001", Tags: []string{}, Fields: map[string]string{"tier": "silver"}, CRMStatus: crmUnmapped,
				Stamp: Stamp{CreatedAt: created, UpdatedAt: created, Version: 1}}},
		// No status: schema 2 had no defaults.
		{"\x01\x01\x02\x02\x04Bare>\x04", 2,
			&Account{ID: 2, Name: "Bare", Domains: []string{}, Tags: []string{}, Fields: map[string]string{}, Stamp: Stamp{Version: 2}}},
		{"\x01\x01\x01\x03\x04root\x04\aaccount\x05\x01\x06\acreated\a\x01<\x8e\xfd\xb1\xb0\r\x00>\x02", 1,
			&LogEntry{ID: 1, Time: created, Actor: "root", Entity: "account", EntityID: 1, Action: "created", AccountID: 1, Changes: []Change{},
				Stamp: Stamp{CreatedAt: created, UpdatedAt: created, Version: 1}}},
		// An account's entry without an account stays without one.
		{"\x01\x01\x03\x04\aaccount\x05\x01\x06\adeleted>\x02", 3,
			&LogEntry{ID: 3, Entity: "account", EntityID: 1, Action: "deleted", Changes: []Change{}, Stamp: Stamp{Version: 1}}},
		{"\x01\x01\x01\x02\bPerson 1\x03\x12person1@globex1.io\x06\bEngineer\a\x03P-1\t\x01<\x8e\xfd\xb1\xb0\r\x00>\x02", 1,
			&Contact{ID: 1, Name: "Person 1", Email: "person1@globex1.io", Title: "Engineer", ExternalID: "P-1", AccountID: 1, Fields: map[string]string{},
				Stamp: Stamp{CreatedAt: created, UpdatedAt: created, Version: 1}}},
		{"\x01\x01\x02\x02\tRequest 2\x04\bresolved\x05\x04high\x06\x02<\x8e\xfd\xb1\xb0\r\x00>\x02", 2,
			&Ticket{ID: 2, Subject: "Request 2", Status: "resolved", Priority: "high", ContactID: 2,
				Stamp: Stamp{CreatedAt: created, UpdatedAt: created, Version: 1}}},
	} {
		got := reflect.New(reflect.TypeOf(c.want).Elem()).Interface()
		if err := decodeRecord(c.id, []byte(c.raw), got); err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("decode %q = %+v, %v\nwant %+v", c.raw, got, err, c.want)
		}
	}
}

// An account's status is read from its stored bytes, defaults included.
func TestRawAccountStatus(t *testing.T) {
	active, _ := encodeRecord(benchAccount())
	inactive, _ := encodeRecord(&Account{Name: "Gone", Status: StatusInactive})
	for _, c := range []struct {
		raw    string
		status string
		ok     bool
	}{
		{string(active), StatusActive, true},
		{string(inactive), StatusInactive, true},
		{"\x01\x01\x01\x05\x08inactive", StatusInactive, true},
		{"\x01\x01\x01\x02\x04Bare", "", true},
		{"\x02\x05\x00\x02\x04Bare", "", true}, // an empty status, written as such
		{`{"status":"active"}`, "", false},
		{"\x02\x05\x09inact", "", false},
	} {
		if status, ok := rawAccountStatus([]byte(c.raw)); status != c.status || ok != c.ok {
			t.Errorf("rawAccountStatus(%q) = %q, %v; want %q, %v", c.raw, status, ok, c.status, c.ok)
		}
	}
}

// A unique index entry holds its owner's id in as few bytes as it takes;
// the 8 bytes schema 2 wrote read the same.
func TestOwnerBytes(t *testing.T) {
	for _, id := range []uint64{1, 255, 256, 1_000_000, 1 << 56, math.MaxUint64} {
		b := ownerBytes(id)
		if got := ownerID(b); got != id || len(b) == 0 || b[0] == 0 {
			t.Errorf("ownerBytes(%d) = %x, read back %d", id, b, got)
		}
		if got := ownerID(idBytes(id)); got != id {
			t.Errorf("ownerID of the 8 bytes of %d = %d", id, got)
		}
	}
	if n := len(ownerBytes(1_000_000)); n != 3 {
		t.Errorf("a million takes %d bytes, want 3", n)
	}
	for _, bad := range []string{"", "123456789"} {
		if got := ownerID([]byte(bad)); got != 0 {
			t.Errorf("ownerID(%q) = %d, want 0", bad, got)
		}
	}
}

func TestCodecRejectsDamage(t *testing.T) {
	raw, _ := encodeRecord(codecCases()[0])
	for _, bad := range [][]byte{raw[:len(raw)-1], append(append([]byte{}, raw...), 99), {binMagic, 2, 200}} {
		if _, err := accounts.decode(7, bad); err == nil {
			t.Errorf("decode(%q) = nil error", bad)
		}
	}
}

// benchAccount is an account as the benchmark dataset has them.
func benchAccount() *Account {
	return &Account{ID: 123456, Name: "Globex Acme Inc 123456", Domains: []string{"globex123456.io"}, ExternalID: "CRM-00123456",
		Status: "active", Phone: "+1 555 1123456", Tags: []string{"vip"}, Fields: map[string]string{"tier": "silver"},
		CRMStatus: "unmapped", Stamp: Stamp{CreatedAt: codecNow, UpdatedAt: codecNow, Version: 1}}
}

// BenchmarkRecordEncode compares the stored encodings of an account.
func BenchmarkRecordEncode(b *testing.B) {
	a := benchAccount()
	b.Run("binary", func(b *testing.B) {
		b.ReportAllocs()
		var raw []byte
		for b.Loop() {
			raw, _ = encodeRecord(a)
		}
		b.ReportMetric(float64(len(raw)), "bytes/record")
	})
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		var raw []byte
		for b.Loop() {
			raw, _ = json.Marshal(a)
		}
		b.ReportMetric(float64(len(raw)), "bytes/record")
	})
}

// BenchmarkRecordDecode compares decoding an account from each encoding.
func BenchmarkRecordDecode(b *testing.B) {
	bin, _ := encodeRecord(benchAccount())
	js, _ := json.Marshal(benchAccount())
	for _, c := range []struct {
		name string
		raw  []byte
	}{{"binary", bin}, {"json", js}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := accounts.decode(123456, c.raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// accountSearchRaw must agree with accountContains, the search on decoded
// accounts, whatever the text.
func TestAccountSearchRawAgrees(t *testing.T) {
	accs := []*Account{
		benchAccount(),
		{Name: "ÜBER Straße Gmbh", Domains: []string{"bücher.de", "xn--h.com"}, Email: "Info@Straße.de", Fields: map[string]string{"a": "b"}, Tags: []string{"t"}},
		{Name: "  odd   Spacing ", Email: "MiXeD@Case.COM"},
		{Name: "KELVIN \u212a sign", Domains: []string{"k.com"}},
		codecCases()[0].(*Account),
	}
	needles := []string{"", "acme", "ACME", "globex1234", "straße", "strasse", "über", "bücher", "info@", "mixed@case", "odd spacing",
		"odd   spacing", "k sign", "kelvin k", "crm", "silver", "vip", "555", "zzz", ".io", "é"}
	for _, a := range accs {
		raw, _ := encodeRecord(a)
		for _, n := range needles {
			needle := foldName(n)
			want := accountContains(a, needle)
			got, ok := accountSearchRaw(raw, needle)
			if !ok || got != want {
				t.Errorf("search %q in %q: raw = %v (ok %v), decoded = %v", n, a.Name, got, ok, want)
			}
		}
	}
	if _, ok := accountSearchRaw([]byte(`{"name":"x"}`), "x"); ok {
		t.Error("accountSearchRaw read a JSON record")
	}
}

// The raw walk finds exactly the strings of every field a decode gives
// (but the defaults, which are not stored),
// for accounts and contacts: the custom field names an export's first
// pass reads from it, and the text a search tests.
func TestEachRawStringAgrees(t *testing.T) {
	for _, rec := range codecCases() {
		var wireOf func(byte) wire
		var want []string
		switch r := rec.(type) {
		case *Account:
			wireOf = accountWire
			// Statuses at their defaults are left out of the stored form.
			status, crmStatus := r.Status, r.CRMStatus
			if status == StatusActive {
				status = ""
			}
			if crmStatus == crmUnmapped {
				crmStatus = ""
			}
			want = append(append(append([]string{r.Name}, r.Domains...), r.ExternalID, status, r.Phone, r.Email,
				r.Website, r.Description), r.Tags...)
			for _, k := range slices.Sorted(maps.Keys(r.Fields)) {
				want = append(want, k, r.Fields[k])
			}
			want = append(want, r.CRMID, crmStatus, r.LogoURL, r.SlackChannel)
		case *Contact:
			wireOf = contactWire
			want = []string{r.Name, r.Email, r.Phone, r.Mobile, r.Title, r.ExternalID}
			for _, k := range slices.Sorted(maps.Keys(r.Fields)) {
				want = append(want, k, r.Fields[k])
			}
		default:
			continue
		}
		raw, err := encodeRecord(rec)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		if !eachRawString(raw, wireOf, func(_ byte, _ int, b []byte) bool {
			got = append(got, string(b))
			return true
		}) {
			t.Fatalf("%T: the raw walk refused a record just encoded", rec)
		}
		want = slices.DeleteFunc(want, func(s string) bool { return s == "" })
		got = slices.DeleteFunc(got, func(s string) bool { return s == "" })
		if !slices.Equal(got, want) {
			t.Errorf("%T: raw walk gives %q, the decoded record %q", rec, got, want)
		}
	}
}

// rawString finds a string field, says when it is absent, and refuses
// what is not a binary record.
func TestRawString(t *testing.T) {
	raw, _ := encodeRecord(&Account{Name: "Acme", Status: StatusInactive, Stamp: Stamp{Version: 1}})
	if s, found, ok := rawString(raw, accountWire, 5); !ok || !found || string(s) != StatusInactive {
		t.Errorf("status = %q, %v, %v", s, found, ok)
	}
	if _, found, ok := rawString(raw, accountWire, 9); !ok || found {
		t.Errorf("the absent email: found %v, ok %v", found, ok)
	}
	if _, _, ok := rawString([]byte(`{"status":"active"}`), accountWire, 5); ok {
		t.Error("rawString read a JSON record")
	}
}

// contactWire gives the layout of each tag of the binary contact, as
// accountWire does for accounts: production reads contacts decoded.
func contactWire(tag byte) wire {
	switch tag {
	case 1, 9:
		return wireNumber
	case 8:
		return wireMap
	case 2, 3, 4, 5, 6, 7:
		return wireString
	}
	return stampWire(tag)
}
