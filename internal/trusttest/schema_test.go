package trusttest

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/desk"
)

var (
	update      = flag.Bool("update", false, "write testdata/fixtures/schema<N>.db for the current schema N")
	fixtureBin  = flag.String("fixture-bin", "", "with -update: the deskctl that writes the fixture (default: this tree's)")
	fixtureName = flag.String("fixture-name", "", "with -update: the fixture's file name (default: schema<N>.db)")
)

// fixtureDir holds one small store per schema version deskctl has had,
// each written by the deskctl of that time with fixtureCommands.
var fixtureDir = filepath.Join("..", "..", "testdata", "fixtures")

// fixtureCommands make the fixture stores: every kind of record, a
// sub-account, a manager, an IDNA domain, custom fields, a note, an
// import job, the activity log of it all.
var fixtureCommands = [][]string{
	{"manager", "create", "--name", "Mia Manager", "--email", "mia@desk.example", "--login", "mia"},
	{"account", "create", "--name", "Acme Ltd", "--domain", "acme.example", "--domain", "bücher.example",
		"--tag", "vip", "--field", "tier=gold", "--external-id", "CRM-1", "--manager", "mia", "--description", "line one\nline two"},
	{"account", "create", "--name", "Acme EU", "--parent", "Acme Ltd", "--domain", "acme.eu"},
	{"import", "accounts", "accounts.csv"},
	{"contact", "create", "--email", "ann@acme.example", "--name", "Ann Lee", "--title", "CTO"},
	{"contact", "create", "--email", "bob@gmail.com", "--account", "Acme EU"},
	{"contact", "create", "--name", "Nobody Yet"},
	{"ticket", "create", "--contact", "ann@acme.example", "--subject", "Printer on fire", "--priority", "urgent"},
	{"ticket", "create", "--contact", "bob@gmail.com", "--subject", "Invoice"},
	{"account", "note", "add", "Acme Ltd", "--body", "Renewal in May"},
	{"account", "edit", "Globex", "--status", "inactive"},
	{"contact", "associate", "bob@gmail.com", "--account", "Acme Ltd", "--move"},
}

const fixtureCSV = "name,domains,phone\nGlobex,globex.example,+1 555 0100\nInitech,initech.example,\n"

// TestSchemaFixtures opens a copy of every checked-in fixture store,
// oldest schema first, with this deskctl: it must migrate it (a first
// write open), pass db check, list and show what the fixture holds, and
// take new writes. When SchemaVersion is bumped, run
//
//	go test ./internal/trusttest -run TestSchemaFixtures -update
//
// with the new deskctl to add schema<N>.db beside the older ones (which
// stay, so that every past schema keeps being opened), and commit it.
//
// The fixtures of one schema also pin the bbolt file layout under it:
// schema1-flat.db was written by deskctl at commit 80798d9, when every key
// lived in the one bucket "kv"; schema1.db by a deskctl of the bucket
// groups. A fixture of another layout is written by an older binary:
//
//	go test ./internal/trusttest -run TestSchemaFixtures -update \
//		-fixture-bin /path/to/old/deskctl -fixture-name schema1-flat.db
func TestSchemaFixtures(t *testing.T) {
	current := filepath.Join(fixtureDir, fmt.Sprintf("schema%d.db", desk.SchemaVersion))
	if *update {
		path := current
		if *fixtureName != "" {
			path = filepath.Join(fixtureDir, *fixtureName)
		}
		writeFixture(t, path)
	}
	fixtures, err := filepath.Glob(filepath.Join(fixtureDir, "schema*.db"))
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixture stores in %s (%v): run with -update", fixtureDir, err)
	}
	if _, err := os.Stat(current); err != nil {
		t.Errorf("no fixture of the current schema %d: run with -update and commit %s", desk.SchemaVersion, current)
	}
	for _, fx := range fixtures {
		t.Run(filepath.Base(fx), func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "deskctl.db")
			data, err := os.ReadFile(fx)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(db, data, 0o600); err != nil {
				t.Fatal(err)
			}
			sh := newShell(t, dir, db)
			check := sh.must("db", "check")
			if want := "ok: 4 accounts, 3 contacts, 2 tickets, 1 manager, 1 note, "; !strings.HasPrefix(check.stdout, want) {
				t.Errorf("db check: %q, want it to start %q", check.stdout, want)
			}
			for _, c := range []struct {
				args []string
				want string
			}{
				{[]string{"account", "list", "-o", "csv", "--fields", "name,status,parent_id,primary_domain", "--no-header"},
					"Acme Ltd,active,,acme.example\nAcme EU,active,1,acme.eu\nGlobex,inactive,,globex.example\nInitech,active,,initech.example\n"},
				{[]string{"contact", "list", "-o", "csv", "--fields", "email,name,account_id", "--no-header"},
					"ann@acme.example,Ann Lee,1\nbob@gmail.com,bob,1\n,Nobody Yet,\n"},
				{[]string{"ticket", "list", "-o", "csv", "--fields", "subject,priority,account_id", "--no-header"},
					"Printer on fire,urgent,1\nInvoice,normal,1\n"},
				{[]string{"account", "show", "@bücher.example", "-o", "json", "--jq", `[.name, .manager_id, (.tags | join(";")), .fields.tier, .description, .contact_count, .ticket_count] | @json`},
					`["Acme Ltd",1,"vip","gold","line one\nline two",2,2]` + "\n"},
				{[]string{"account", "note", "list", "Acme Ltd", "-o", "csv", "--fields", "body", "--no-header"}, "Renewal in May\n"},
				{[]string{"import", "history", "-o", "csv", "--fields", "kind,status", "--no-header"}, "accounts,done\n"},
			} {
				r := sh.run(c.args...)
				if r.code != 0 || r.stdout != c.want {
					t.Errorf("%v\nwant stdout:\n%s", r, c.want)
				}
			}
			// The custom field names come from their tally (schema 2),
			// which the migration built from the records.
			if r := sh.must("export", "accounts"); !strings.HasSuffix(strings.SplitN(r.stdout, "\n", 2)[0], ",field.tier") {
				t.Errorf("export accounts: the header has no field.tier column:\n%s", r.stdout)
			}
			// Reads never write, whatever the schema: an older store stays
			// as it was (readable by the deskctl that wrote it) until a
			// write migrates it.
			if now, err := os.ReadFile(db); err != nil || !bytes.Equal(now, data) {
				t.Errorf("read-only commands changed the store file (%v)", err)
			}
			// Values the fixture's unique index entries hold, in its own
			// form, are still taken.
			for _, args := range [][]string{
				{"account", "create", "--name", "ACME LTD"},
				{"account", "create", "--name", "Other", "--domain", "Acme.Example"},
				{"contact", "create", "--email", "Ann@acme.example"},
			} {
				if r := sh.run(args...); r.code != 4 || !strings.Contains(r.stderr, "already") {
					t.Errorf("%v: want exit 4, the value taken", r)
				}
			}
			sh.must("account", "create", "--name", "After Upgrade", "--domain", "after.example", "-q")
			sh.must("contact", "create", "--email", "new@after.example", "-q")
			if r := sh.must("db", "check"); !strings.HasPrefix(r.stdout, "ok: 5 accounts, 4 contacts") {
				t.Errorf("db check after new writes: %s", r.stdout)
			}
			if r := sh.must("export", "accounts"); !strings.HasSuffix(strings.SplitN(r.stdout, "\n", 2)[0], ",field.tier") {
				t.Errorf("export accounts after the migration: the header has no field.tier column:\n%s", r.stdout)
			}
			// Records of the fixture's encoding, rewritten in the current
			// one by an edit, and log entries of both read back alike.
			sh.must("account", "edit", "Globex", "--phone", "+1 555 0199", "-q")
			sh.must("account", "edit", "Acme Ltd", "--crm-status", "synced", "-q")
			for _, c := range []struct {
				args []string
				want string
			}{
				{[]string{"account", "list", "-o", "csv", "--fields", "name,status,crm_status,phone,version", "--no-header"},
					"Acme Ltd,active,synced,,2\nAcme EU,active,unmapped,,1\nGlobex,inactive,unmapped,+1 555 0199,3\nInitech,active,unmapped,,1\nAfter Upgrade,active,unmapped,,1\n"},
				{[]string{"log", "--account", "Acme Ltd", "-o", "csv", "--fields", "entity,entity_id,action,summary", "--no-header"},
					"account,1,created,\ncontact,1,created,\nticket,1,created,\nnote,1,created,\ncontact,2,associated,account_id: 2 → 1\naccount,1,updated,crm_status: unmapped → synced\n"},
			} {
				if r := sh.run(c.args...); r.code != 0 || r.stdout != c.want {
					t.Errorf("%v\nwant stdout:\n%s", r, c.want)
				}
			}
			if r := sh.must("db", "check"); !strings.HasPrefix(r.stdout, "ok: 5 accounts, 4 contacts") {
				t.Errorf("db check after the edits: %s", r.stdout)
			}
		})
	}
}

// writeFixture makes the fixture of the current schema with this deskctl.
func writeFixture(t *testing.T, path string) {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "deskctl.db")
	if err := os.WriteFile(filepath.Join(dir, "accounts.csv"), []byte(fixtureCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	sh := newShell(t, dir, db)
	if *fixtureBin != "" {
		sh.bin = *fixtureBin
	}
	for _, args := range fixtureCommands {
		sh.must(append(args, "-q")...)
	}
	sh.must("db", "check")
	// A compact copy: the backup holds the pages in use only.
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "fixture.db")
	sh.must("db", "backup", copyPath, "-q")
	data, err := os.ReadFile(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", path, len(data))
}
