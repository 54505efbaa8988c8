package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/gen"
	"github.com/deskctl/deskctl/internal/store/etcd/etcdtest"
)

// TestEtcdLimits checks etcd.max_txn_ops and etcd.max_request_bytes end
// to end: a merge that moves many contacts is one transaction, too large
// for etcd's default of 128 operations. With the defaults deskctl refuses
// it before sending anything and names the settings; with the cluster's
// raised limits in the environment (or config) it goes through.
func TestEtcdLimits(t *testing.T) {
	t.Parallel()
	srv := startEtcd(t, etcdtest.Config{MaxTxnOps: 4096, MaxRequestBytes: 8 << 20})
	cfg := etcdConfig(srv, "limits")
	const n = 60
	fns := []func(*desk.Tx) error{createAccount("Old", "old.example"), createAccount("New", "new.example")}
	for i := range n {
		fns = append(fns, createContact(fmt.Sprintf("c%d@old.example", i)))
	}
	seed(t, cfg, fns...)

	small := newMachine(t, cfg.String())
	r := small.wantExit(1, "exceeds the etcd limits of 128 operations and 1572864 bytes", "account", "merge", "Old", "New", "--yes")
	if !strings.Contains(r.stderr, "--max-txn-ops") {
		t.Errorf("the message does not name the cluster's flags: %v", r)
	}
	if got := small.must("contact", "list", "--account", "Old", "-o", "jsonl", "--jq", ".id"); strings.Count(got.stdout, "\n") != n {
		t.Errorf("a refused merge moved contacts:\n%v", got)
	}

	big := newMachine(t, cfg.String(), "DESKCTL_ETCD_MAX_TXN_OPS=4096", "DESKCTL_ETCD_MAX_REQUEST_BYTES=8388608")
	big.must("account", "merge", "Old", "New", "--yes")
	if got := big.must("contact", "list", "--account", "New", "-o", "jsonl", "--jq", ".id"); strings.Count(got.stdout, "\n") != n {
		t.Errorf("after the merge, New has:\n%v", got)
	}
	checkDataset(t, cfg)
}

// TestEtcdImportRollbackStock imports a file whose last row is bad into a
// cluster with etcd's default limits: the import must be rolled back whole
// (exit 5, no row left, no open import), as on the file. A rollback
// replays the import's journal in transactions that must fit the limits as
// the import's own batches do: the journal halves its step whenever the
// backend says a transaction is too large.
func TestEtcdImportRollbackStock(t *testing.T) {
	t.Parallel()
	srv := startEtcd(t, etcdtest.Config{})
	m := newMachine(t, "etcd://"+srv.Endpoint+"/stock")
	file := filepath.Join(m.home(), "accounts.csv")
	var b strings.Builder
	if err := gen.New(gen.Sizes{Accounts: 600}, false, 1).Accounts(&b); err != nil {
		t.Fatal(err)
	}
	b.WriteString("Bad,not a domain,,,,\n")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	r := m.run("import", "accounts", file)
	if r.code != 5 || !strings.Contains(r.stderr, `"not a domain" is not a valid domain name`) {
		t.Fatalf("want exit 5 for the bad row; got %v", r)
	}
	if r := m.must("account", "list", "-o", "jsonl"); r.stdout != "" || r.stderr != "" {
		t.Errorf("after the rolled-back import: %v", r)
	}
}
