package desk

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
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
		if err := decodeRecord(raw, got); err != nil {
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
	switch rec.(type) {
	case *Account:
		return storedJSON[Account](raw)
	case *Contact:
		return storedJSON[Contact](raw)
	case *Ticket:
		return storedJSON[Ticket](raw)
	default:
		return storedJSON[LogEntry](raw)
	}
}

// A store written before the binary encoding holds JSON records, which
// still decode.
func TestCodecReadsJSON(t *testing.T) {
	a := &Account{ID: 1, Name: "Old", Domains: []string{"old.com"}, Tags: []string{}, Fields: map[string]string{}, Status: "active",
		Stamp: Stamp{CreatedAt: codecNow, UpdatedAt: codecNow, Version: 1}}
	raw, _ := json.Marshal(a)
	got, err := accounts.decode(raw)
	if err != nil || !reflect.DeepEqual(got, a) {
		t.Errorf("decode JSON = %+v, %v; want %+v", got, err, a)
	}
	if js, err := storedJSON[Account](raw); err != nil || string(js) != string(raw) {
		t.Errorf("storedJSON of JSON = %s, %v", js, err)
	}
}

func TestCodecRejectsDamage(t *testing.T) {
	raw, _ := encodeRecord(codecCases()[0])
	for _, bad := range [][]byte{raw[:len(raw)-1], append(append([]byte{}, raw...), 99), {binMagic, 2, 200}} {
		if _, err := accounts.decode(bad); err == nil {
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
				if _, err := accounts.decode(c.raw); err != nil {
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

// The raw walk finds exactly the strings of every field a decode gives,
// for accounts and contacts: the custom field names an export's first
// pass reads from it, and the text a search tests.
func TestEachRawStringAgrees(t *testing.T) {
	for _, rec := range codecCases() {
		var wireOf func(byte) wire
		var want []string
		switch r := rec.(type) {
		case *Account:
			wireOf = accountWire
			want = append(append(append([]string{r.Name}, r.Domains...), r.ExternalID, r.Status, r.Phone, r.Email,
				r.Website, r.Description), r.Tags...)
			for _, k := range slices.Sorted(maps.Keys(r.Fields)) {
				want = append(want, k, r.Fields[k])
			}
			want = append(want, r.CRMID, r.CRMStatus, r.LogoURL, r.SlackChannel)
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
