package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/etcd"
	"github.com/deskctl/deskctl/internal/store/etcd/etcdtest"
)

// seed writes records into an etcd dataset in this process, through the
// domain, one transaction per call of fn: quicker than a deskctl process
// per record, and the same code path.
func seed(t *testing.T, cfg etcd.Config, fns ...func(tx *desk.Tx) error) {
	t.Helper()
	ctx := context.Background()
	s, err := etcd.Open(ctx, cfg, store.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	d, err := desk.Open(ctx, s, desk.Options{Actor: "seed"})
	if err != nil {
		s.Close()
		t.Fatal(err)
	}
	defer d.Close()
	for _, fn := range fns {
		if _, err := d.Update(ctx, fn); err != nil {
			t.Fatalf("seeding: %v", err)
		}
	}
}

func createAccount(name, domain string) func(tx *desk.Tx) error {
	return func(tx *desk.Tx) error {
		_, err := tx.CreateAccount(desk.AccountChange{
			Set:        []desk.FieldValue{{Field: "name", Value: name}},
			AddDomains: []string{domain},
		})
		return err
	}
}

func createContact(email string) func(tx *desk.Tx) error {
	return func(tx *desk.Tx) error {
		_, err := tx.CreateContact(desk.ContactChange{Set: []desk.FieldValue{{Field: "email", Value: email}}})
		return err
	}
}

// etcdConfig is the client configuration of dataset prefix on srv.
func etcdConfig(srv *etcdtest.Server, prefix string) etcd.Config {
	return etcd.Config{Endpoints: []string{srv.Endpoint}, Prefix: prefix}
}

// race starts one deskctl process per command at once, each from its own
// machine, and returns what each did, in the order given.
func race(t *testing.T, machines []*machine, cmds [][]string) []result {
	t.Helper()
	var wait []func() result
	for i, args := range cmds {
		m := machines[i%len(machines)]
		cmd, out, errOut := m.start(args...)
		wait = append(wait, func() result { return m.finish(cmd, out, errOut) })
	}
	results := make([]result, len(wait))
	for i, w := range wait {
		results[i] = w()
	}
	return results
}

// oneWins checks that exactly one of results exited 0 and every other one
// exited 4 (conflict) with a message containing msg. It returns the
// winner's index.
func oneWins(t *testing.T, what string, results []result, msg string) int {
	t.Helper()
	winner := -1
	for i, r := range results {
		switch {
		case r.code == 0 && winner < 0:
			winner = i
		case r.code == 4 && strings.Contains(r.stderr, msg):
		default:
			t.Errorf("%s: want one winner and exit 4 (%q) for the others, got:\n%v", what, msg, r)
		}
	}
	if winner < 0 {
		t.Errorf("%s: nobody won:\n%v", what, results)
	}
	return winner
}

// TestEtcdConcurrentProcesses runs real deskctl processes, from two
// "machines" (homes of their own), against one etcd dataset at the same
// time, and checks that the rule and the uniqueness of names and domains
// hold: for each race exactly one process wins, the others exit 4, and the
// dataset passes the integrity check.
func TestEtcdConcurrentProcesses(t *testing.T) {
	t.Parallel()
	srv := startEtcd(t, etcdtest.Config{})
	cfg := etcdConfig(srv, "race")
	url := cfg.String()
	const rounds, perRound = 3, 2
	fns := []func(*desk.Tx) error{createAccount("Alpha", "alpha.example"), createAccount("Beta", "beta.example")}
	for r := range rounds {
		for i := range perRound {
			fns = append(fns, createContact(fmt.Sprintf("r%dc%d@gmail.com", r, i)))
		}
	}
	seed(t, cfg, fns...)
	machines := []*machine{newMachine(t, url), newMachine(t, url)}

	for r := range rounds {
		var contacts []string
		for i := range perRound {
			contacts = append(contacts, fmt.Sprintf("r%dc%d@gmail.com", r, i))
		}
		associate := func(account string) []string {
			return append(append([]string{"contact", "associate"}, contacts...), "--account", account)
		}
		name, domain := fmt.Sprintf("Same %d", r), fmt.Sprintf("same%d.example", r)
		results := race(t, machines, [][]string{
			// The same contacts into two accounts, without --move.
			associate("Alpha"),
			associate("Beta"),
			// The same name, and the same domain under another name.
			{"account", "create", "--name", name},
			{"account", "create", "--name", name},
			{"account", "create", "--name", "Dom " + name, "--domain", domain},
			{"account", "create", "--name", "Other " + name, "--domain", domain},
		})
		w := oneWins(t, fmt.Sprintf("round %d: associate", r), results[0:2], "use --move")
		oneWins(t, fmt.Sprintf("round %d: same name", r), results[2:4], "already")
		oneWins(t, fmt.Sprintf("round %d: same domain", r), results[4:6], "already")

		// All the contacts went to the winner's account, none to the other.
		if w >= 0 {
			account := []string{"Alpha", "Beta"}[w]
			got := machines[1].must("contact", "list", "--account", account, "-o", "jsonl", "--jq", ".email")
			for _, c := range contacts {
				if !strings.Contains(got.stdout, c+"\n") {
					t.Errorf("round %d: %s is not in %s, which won:\n%s", r, c, account, got.stdout)
				}
			}
		}
	}

	// The winners, and only they, are there.
	list := machines[0].must("account", "list", "-o", "jsonl", "--jq", ".name")
	names := strings.Fields(strings.ReplaceAll(list.stdout, " ", "_"))
	want := []string{"Alpha", "Beta"}
	for r := range rounds {
		want = append(want, fmt.Sprintf("Same_%d", r))
	}
	for _, n := range want {
		if !slices.Contains(names, n) {
			t.Errorf("account %s is missing: %q", n, names)
		}
	}
	if len(names) != 2+2*rounds {
		t.Errorf("%d accounts, want %d: %q", len(names), 2+2*rounds, names)
	}
	machines[0].must("db", "check")
	checkDataset(t, cfg)
}

// pausingStore holds the first run of its first Update function, after
// the function has read and buffered its writes but before the commit,
// until arrive returns: two of them sharing a barrier make two writers
// read the same snapshot and then commit at once, every time.
type pausingStore struct {
	store.Store
	arrive func()
	once   sync.Once
}

func (s *pausingStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		err := fn(tx)
		s.once.Do(s.arrive)
		return err
	})
}

// barrier returns a function that blocks until n callers have called it,
// or, when one never comes (its command failed before writing), until a
// few seconds have passed.
func barrier(n int) func() {
	var wg sync.WaitGroup
	wg.Add(n)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	return func() {
		wg.Done()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
		}
	}
}

// runPaused runs each command of cmds in its own goroutine, through Run
// with a factory of its own whose store pauses at the barrier, and
// returns what each did.
func runPaused(t *testing.T, cfg etcd.Config, cmds [][]string) []result {
	t.Helper()
	arrive := barrier(len(cmds))
	results := make([]result, len(cmds))
	var wg sync.WaitGroup
	for i, args := range cmds {
		ios, _, out, errOut := iostreams.Test()
		f := cmdutil.New(ios)
		f.Desk = func(ctx context.Context, write bool) (*desk.Desk, error) {
			s, err := etcd.Open(ctx, cfg, store.Options{ReadOnly: !write, Timeout: 5 * time.Second})
			if err != nil {
				return nil, err
			}
			d, err := desk.Open(ctx, &pausingStore{Store: s, arrive: arrive}, desk.Options{Actor: "tester"})
			if err != nil {
				s.Close()
			}
			return d, err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			code := Run(context.Background(), f, args)
			results[i] = result{args: args, stdout: out.String(), stderr: errOut.String(), code: code}
		}()
	}
	wg.Wait()
	return results
}

// TestEtcdInterleavedWriters makes two writers read the same snapshot
// before either commits, so that the second commit always meets the
// first: the loser runs again on the new data and must then give exactly
// the answer it would have given had it run second.
func TestEtcdInterleavedWriters(t *testing.T) {
	isolate(t)
	srv := startEtcd(t, etcdtest.Config{})
	cfg := etcdConfig(srv, "interleaved")
	seed(t, cfg,
		createAccount("Alpha", "alpha.example"), createAccount("Beta", "beta.example"),
		createContact("ann@gmail.com"), createContact("bob@gmail.com"),
		createContact("cy@gmail.com"), createContact("di@gmail.com"))

	t.Run("same contacts", func(t *testing.T) {
		results := runPaused(t, cfg, [][]string{
			{"contact", "associate", "ann@gmail.com", "bob@gmail.com", "--account", "Alpha"},
			{"contact", "associate", "bob@gmail.com", "ann@gmail.com", "--account", "Beta"},
		})
		oneWins(t, "associate", results, "use --move")
	})
	t.Run("same name", func(t *testing.T) {
		results := runPaused(t, cfg, [][]string{
			{"account", "create", "--name", "Gamma"},
			{"account", "create", "--name", "gamma", "--domain", "gamma.example"},
		})
		oneWins(t, "create", results, "already")
	})
	// Writers that touch different records conflict only on what they
	// share (the activity log's sequence): the loser runs again and
	// succeeds, and prints what it would have printed the first time.
	t.Run("different contacts", func(t *testing.T) {
		results := runPaused(t, cfg, [][]string{
			{"contact", "associate", "cy@gmail.com", "--account", "Alpha", "-o", "jsonl", "--jq", ".email"},
			{"contact", "associate", "di@gmail.com", "--account", "Alpha", "-o", "jsonl", "--jq", ".email"},
		})
		for i, want := range []string{"cy@gmail.com\n", "di@gmail.com\n"} {
			if r := results[i]; r.code != 0 || r.stdout != want {
				t.Errorf("want exit 0 and stdout %q, got:\n%v", want, r)
			}
		}
	})
	t.Run("different accounts", func(t *testing.T) {
		results := runPaused(t, cfg, [][]string{
			{"account", "create", "--name", "Delta", "-o", "jsonl", "--jq", ".name"},
			{"account", "create", "--name", "Epsilon", "-o", "jsonl", "--jq", ".name"},
		})
		for i, want := range []string{"Delta\n", "Epsilon\n"} {
			if r := results[i]; r.code != 0 || r.stdout != want {
				t.Errorf("want exit 0 and stdout %q, got:\n%v", want, r)
			}
		}
	})
	checkDataset(t, cfg)
}
