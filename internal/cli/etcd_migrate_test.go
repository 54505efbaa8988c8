package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/gen"
	"github.com/deskctl/deskctl/internal/store/etcd/etcdtest"
)

// Limits of the cluster in the migration test, and of deskctl's config to
// match: those docs/etcd.md suggests for a team's cluster.
const (
	migrateTxnOps   = 20000
	migrateReqBytes = 32 << 20
)

// buildDataset fills m's default (bbolt) store with a generated dataset,
// through the importers, and then a little of everything the importers do
// not write: a manager, notes, edits, a deactivated account, a deleted
// contact (a gap in the ids).
func buildDataset(t *testing.T, m *machine) {
	t.Helper()
	dir := t.TempDir()
	g := gen.New(gen.Sizes{Accounts: 30, Contacts: 80, Tickets: 50, FreeMailEvery: 10}, true, 7)
	for name, write := range map[string]func(*os.File) error{
		"accounts.csv": func(f *os.File) error { return g.Accounts(f) },
		"contacts.csv": func(f *os.File) error { return g.Contacts(f) },
		"tickets.csv":  func(f *os.File) error { return g.Tickets(f) },
	} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		err = write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, kind := range []string{"accounts", "contacts", "tickets"} {
		m.must("import", kind, filepath.Join(dir, kind+".csv"))
	}
	a1, a2 := gen.AccountName(1), gen.AccountName(2)
	m.must("manager", "create", "--name", "Mia Wong", "--email", "mia@example.com", "--login", "mia")
	m.must("account", "edit", a1, "--manager", "mia", "--field", "tier=platinum", "--add-tag", "renewal")
	m.must("account", "note", "add", a1, "--body", "Renewal call on Friday.\nBring the contract.")
	m.must("account", "deactivate", a2)
	m.must("contact", "create", "--name", "Zoë Ünïcode", "--email", "zoe@gmail.com", "--title", "Ops, \"night\" shift")
	m.must("contact", "delete", gen.ContactEmail(61, g.AccountOf(61), false), "--yes") // no tickets: they go to contacts 1-50
	m.must("ticket", "edit", "1", "--status", "closed", "--priority", "urgent")
}

// TestEtcdMigration moves a dataset bbolt → etcd → bbolt with `export all`
// and `import all`, the migration path of docs/etcd.md, and compares the
// dumps byte for byte: nothing is ignored. Afterwards each store hands out
// the same next id.
func TestEtcdMigration(t *testing.T) {
	t.Parallel()
	srv := startEtcd(t, etcdtest.Config{MaxTxnOps: migrateTxnOps, MaxRequestBytes: migrateReqBytes})
	src := newMachine(t, "")
	buildDataset(t, src)
	dump1 := filepath.Join(src.home(), "dump.jsonl")
	src.must("export", "all", "--format", "jsonl", "--file", dump1)

	t.Run("team cluster", func(t *testing.T) {
		team := newMachine(t, "etcd://"+srv.Endpoint+"/migrated",
			fmt.Sprintf("DESKCTL_ETCD_MAX_TXN_OPS=%d", migrateTxnOps),
			fmt.Sprintf("DESKCTL_ETCD_MAX_REQUEST_BYTES=%d", migrateReqBytes))
		team.must("import", "all", dump1)
		dump2 := filepath.Join(team.home(), "dump.jsonl")
		team.must("export", "all", "--format", "jsonl", "--file", dump2)
		sameFile(t, "bbolt", dump1, "etcd", dump2)
		if r := team.must("db", "check"); r.stderr != "" {
			t.Errorf("db check: %v", r)
		}

		back := newMachine(t, "")
		back.must("import", "all", dump2)
		dump3 := filepath.Join(back.home(), "dump.jsonl")
		back.must("export", "all", "--format", "jsonl", "--file", dump3)
		sameFile(t, "bbolt", dump1, "bbolt after etcd", dump3)

		// The id counters came along: the next account has the same
		// id everywhere.
		var ids []string
		for _, m := range []*machine{src, team, back} {
			ids = append(ids, m.must("account", "create", "--name", "Next One", "-o", "json", "--jq", ".id").stdout)
		}
		if ids[0] != ids[1] || ids[0] != ids[2] {
			t.Errorf("next account ids differ (bbolt, etcd, bbolt again): %q", ids)
		}
	})

	// deskctl with etcd's default limits (128 operations and 1.5 MiB per
	// transaction), as on a stock cluster: the client enforces them
	// before sending, so the server's raised limits play no part.
	t.Run("stock cluster", func(t *testing.T) {
		stock := newMachine(t, "etcd://"+srv.Endpoint+"/stock")
		stock.must("import", "all", dump1)
		dump2 := filepath.Join(stock.home(), "dump.jsonl")
		stock.must("export", "all", "--file", dump2)
		sameFile(t, "bbolt", dump1, "etcd", dump2)
		if r := stock.must("account", "list", "-L", "1"); r.stderr != "" {
			t.Errorf("the import left something behind: %v", r)
		}
	})
}

// sameFile fails t unless the files a and b hold the same bytes, showing
// the first line that differs.
func sameFile(t *testing.T, aName, a, bName, b string) {
	t.Helper()
	ab, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	bb, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(ab, bb) {
		return
	}
	al, bl := strings.Split(string(ab), "\n"), strings.Split(string(bb), "\n")
	for i := range max(len(al), len(bl)) {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			t.Errorf("export all differs (%d and %d bytes), first at line %d:\n%s: %s\n%s: %s", len(ab), len(bb), i+1, aName, x, bName, y)
			return
		}
	}
}
