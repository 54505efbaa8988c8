package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
)

// rerunStore runs every Update function twice: first in a transaction that
// it rolls back, then for real. That is what the etcd backend does when a
// concurrent writer on another machine commits between a transaction's
// reads and its commit (the store contract allows any backend to do it).
// A command that keeps state across runs of its function — appending to
// a list declared outside it, counting — then prints or does things twice
// on etcd only, and only under contention, where no script sees it.
type rerunStore struct{ store.Store }

var errRerun = errors.New("rerun")

func (s rerunStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errRerun
	})
	if !errors.Is(err, errRerun) {
		return err
	}
	return s.Store.Update(ctx, fn)
}

// knownRerunBugs are the commands that still keep state across runs of
// their Update function ("noun verb" → where): on etcd, after a conflict,
// they would print their records twice, or a doubled count. The test logs
// them instead of failing, and fails once one is fixed, so that its entry
// goes with the fix. (The first five, found by this test, were fixed in
// contact associate/disassociate, account activate/deactivate and manager
// delete.)
var knownRerunBugs = map[string]string{}

// TestWritesRerun runs a story of every kind of write twice, side by side,
// on two stores: one plain, one whose Updates all run their function a
// second time. Every command must give the same exit code, stdout and
// stderr on both.
func TestWritesRerun(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	factory := func(db string, rerun bool) *cmdutil.Factory {
		ios, _, _, _ := iostreams.Test()
		f := cmdutil.New(ios)
		open := f.Desk
		f.Desk = func(ctx context.Context, write bool) (*desk.Desk, error) {
			d, err := open(ctx, write)
			if err != nil {
				return nil, err
			}
			var s store.Store = d.Store()
			if rerun {
				s = rerunStore{s}
			}
			return desk.Open(ctx, s, desk.Options{Actor: "tester", Now: func() time.Time { return now }})
		}
		return f
	}
	files := map[string]string{
		"accounts.csv": "name,domains,phone\nUmbrella,umbrella.example,555\nHooli,hooli.example,\n",
		"contacts.csv": "email,name\neve@umbrella.example,Eve\nfay@gmail.com,Fay\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	story := [][]string{
		{"account", "create", "--name", "Acme", "--domain", "acme.com"},
		{"account", "create", "--name", "Globex", "--domain", "globex.com", "--domain", "globex.org"},
		{"account", "create", "--name", "Initech"},
		{"account", "create", "--name", "acme"},
		{"manager", "create", "--name", "Mia Wong", "--email", "mia@example.com", "--login", "mia"},
		{"account", "edit", "Acme", "--phone", "555", "--manager", "mia"},
		{"account", "edit", "Globex", "--manager", "mia", "-o", "json"},
		{"contact", "create", "--name", "Ann", "--email", "ann@acme.com"},
		{"contact", "create", "--email", "bob@gmail.com"},
		{"contact", "create", "--email", "cy@gmail.com"},
		{"contact", "create", "--email", "di@gmail.com", "--account", "Globex"},
		{"contact", "associate", "bob@gmail.com", "cy@gmail.com", "--account", "Acme"},
		{"contact", "associate", "di@gmail.com", "--account", "Acme"},
		{"contact", "associate", "di@gmail.com", "--account", "Acme", "--move"},
		{"contact", "disassociate", "cy@gmail.com"},
		{"contact", "edit", "bob@gmail.com", "--title", "CTO"},
		{"ticket", "create", "--contact", "ann@acme.com", "--subject", "Printer on fire", "--priority", "high"},
		{"ticket", "create", "--email", "new@newco.example", "--name", "Nia", "--subject", "Quote", "--create-account"},
		{"ticket", "edit", "1", "--status", "resolved"},
		{"account", "note", "add", "Acme", "--body", "Renewal on Friday"},
		{"account", "deactivate", "Initech", "Globex"},
		{"account", "activate", "Globex", "Initech"},
		{"account", "merge", "Globex", "Acme", "--yes"},
		{"manager", "delete", "mia", "--yes"},
		{"manager", "delete", "mia", "--unassign", "--yes"},
		{"contact", "delete", "cy@gmail.com", "--yes"},
		{"account", "delete", "Initech", "--yes"},
		{"import", "accounts", filepath.Join(dir, "accounts.csv")},
		{"import", "contacts", filepath.Join(dir, "contacts.csv")},
		{"import", "accounts", filepath.Join(dir, "accounts.csv"), "--on-conflict", "update"},
		{"account", "list", "-o", "jsonl"},
		{"contact", "list", "-o", "jsonl"},
		{"ticket", "list", "-o", "jsonl"},
		{"log", "-o", "jsonl"},
		{"db", "check"},
	}
	plainDB, rerunDB := filepath.Join(dir, "plain.db"), filepath.Join(dir, "rerun.db")
	stillBroken := map[string]bool{}
	for _, args := range story {
		cmd := strings.Join(args[:2], " ")
		code, out, errOut := run(t, factory(plainDB, false), append([]string{"--db", plainDB}, args...)...)
		rcode, rout, rerrOut := run(t, factory(rerunDB, true), append([]string{"--db", rerunDB}, args...)...)
		if code == rcode && out == rout && errOut == rerrOut {
			continue
		}
		msg := fmt.Sprintf("deskctl %s: run once: exit %d\n%s%s\nrun twice: exit %d\n%s%s",
			strings.Join(args, " "), code, out, errOut, rcode, rout, rerrOut)
		if where, ok := knownRerunBugs[cmd]; ok {
			stillBroken[cmd] = true
			t.Logf("known bug (%s):\n%s", where, msg)
			continue
		}
		t.Error(msg)
	}
	for cmd := range knownRerunBugs {
		if !stillBroken[cmd] {
			t.Errorf("deskctl %s now gives the same answers when its Update runs twice: remove it from knownRerunBugs", cmd)
		}
	}
}
