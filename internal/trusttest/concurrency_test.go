package trusttest

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The figures of TestConcurrentWriters (quoted in docs/reliability.md).
const (
	concWriters        = 8   // writer loops, each one deskctl process at a time
	concOpsPerWriter   = 200 // writes attempted by each writer
	concReaders        = 2   // reader loops, running until the writers end
	concSharedAccounts = 4   // accounts every writer edits (--if-version)
	concSharedContacts = 8   // contacts every writer moves and edits
	concClashNames     = 40  // account names several writers race to create
)

// Records as deskctl prints them with -o json, the fields the test reads.
type accountJSON struct {
	ID            uint64        `json:"id"`
	Name          string        `json:"name"`
	Domains       []string      `json:"domains"`
	PrimaryDomain string        `json:"primary_domain"`
	Description   string        `json:"description"`
	Version       int           `json:"version"`
	ContactCount  int           `json:"contact_count"`
	TicketCount   int           `json:"ticket_count"`
	Contacts      []contactJSON `json:"contacts"`
	Tickets       []ticketJSON  `json:"tickets"`
}

type contactJSON struct {
	ID        uint64 `json:"id"`
	Email     string `json:"email"`
	Title     string `json:"title"`
	AccountID uint64 `json:"account_id"`
	Version   int    `json:"version"`
}

type ticketJSON struct {
	ID        uint64 `json:"id"`
	Subject   string `json:"subject"`
	ContactID uint64 `json:"contact_id"`
	AccountID uint64 `json:"account_id"`
	Version   int    `json:"version"`
}

// claim is a successful write to a shared record: the version it produced
// and what it set. No two writes may claim one version (a lost update),
// and every version past 1 must be claimed by a logged write.
type claim struct {
	version   int
	text      string // the description (accounts) or title (contacts) set
	setsText  bool
	accountID uint64 // contacts: the account after the write
	writer    int
}

// writerLog is what one writer did: its successful writes, and the exit
// code of every attempt by operation.
type writerLog struct {
	accounts []string               // names of the accounts it created
	contacts map[string]uint64      // email → account of the contacts it created
	tickets  map[uint64]ticketJSON  // tickets it created, by id
	claims   map[string][]claim     // shared record → its writes
	outcomes map[string]map[int]int // operation → exit code → count
	ids      map[string]uint64      // shared record → id (from the writer's own reads)
	failures []string               // unexpected results
	writes   int                    // successful writes (each is one activity log entry)
}

func newWriterLog() *writerLog {
	return &writerLog{
		contacts: map[string]uint64{},
		tickets:  map[uint64]ticketJSON{},
		claims:   map[string][]claim{},
		outcomes: map[string]map[int]int{},
		ids:      map[string]uint64{},
	}
}

func (l *writerLog) outcome(op string, code int) {
	if l.outcomes[op] == nil {
		l.outcomes[op] = map[int]int{}
	}
	l.outcomes[op][code]++
}

func (l *writerLog) fail(format string, args ...any) {
	if len(l.failures) < 20 {
		l.failures = append(l.failures, fmt.Sprintf(format, args...))
	}
}

func sharedAccount(i int) string { return fmt.Sprintf("Shared %d", i) }
func sharedContact(i int) string { return fmt.Sprintf("c%d@shared.example", i) }

// TestConcurrentWriters starts concWriters writer loops and concReaders
// reader loops on one bbolt store, each running real deskctl processes one
// after another, so that up to ten processes contend for the store at any
// moment. Writers create accounts (some racing for the same names),
// contacts and tickets, move shared contacts between shared accounts with
// --move, and edit shared accounts and contacts with --if-version read
// from a `show -o json` just before; one attempt in eight uses --timeout
// 1ms, so some give up on the lock. Every attempt must exit 0, 4 (a name
// taken, a stale version) or 6 (busy), with the documented message.
// Readers list and export all along and check that every output parses and
// is consistent in itself. Afterwards the store must hold exactly the
// writes that exited 0 — every record, every version of the shared
// records claimed by exactly one logged write (no lost update), one
// activity log entry per write — and db check must be clean.
func TestConcurrentWriters(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(memDir(t), "store", "deskctl.db")
	sh := newShell(t, dir, db)
	start := time.Now()

	for i := 0; i < concSharedAccounts; i++ {
		sh.must("account", "create", "--name", sharedAccount(i), "--domain", fmt.Sprintf("s%d.example", i), "-q")
	}
	for k := 0; k < concSharedContacts; k++ {
		sh.must("contact", "create", "--email", sharedContact(k), "--account", sharedAccount(k%concSharedAccounts), "-q")
	}
	setupWrites := concSharedAccounts + concSharedContacts

	logs := make([]*writerLog, concWriters)
	var writersDone atomic.Bool
	var wg sync.WaitGroup
	for w := range concWriters {
		logs[w] = newWriterLog()
		wg.Add(1)
		go func() {
			defer wg.Done()
			runWriter(sh, w, logs[w])
		}()
	}
	readerStats := make([]readerStat, concReaders)
	var rwg sync.WaitGroup
	for r := range concReaders {
		rwg.Add(1)
		go func() {
			defer rwg.Done()
			readerStats[r] = runReader(sh, r, &writersDone)
		}()
	}
	wg.Wait()
	writersDone.Store(true)
	rwg.Wait()
	elapsed := time.Since(start)

	for w, l := range logs {
		for _, f := range l.failures {
			t.Errorf("writer %d: %s", w, f)
		}
	}
	for r, st := range readerStats {
		for _, f := range st.failures {
			t.Errorf("reader %d: %s", r, f)
		}
	}

	// The figures.
	outcomes := map[string]map[int]int{}
	writes := setupWrites
	for _, l := range logs {
		writes += l.writes
		for op, codes := range l.outcomes {
			if outcomes[op] == nil {
				outcomes[op] = map[int]int{}
			}
			for c, n := range codes {
				outcomes[op][c] += n
			}
		}
	}
	ops := make([]string, 0, len(outcomes))
	for op := range outcomes {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	t.Logf("%d writers × %d write attempts, %d readers, %v", concWriters, concOpsPerWriter, concReaders, elapsed.Round(time.Second))
	for _, op := range ops {
		t.Logf("  %-16s exit 0: %4d  exit 4: %4d  exit 6: %4d", op, outcomes[op][0], outcomes[op][4], outcomes[op][6])
	}
	for r, st := range readerStats {
		t.Logf("  reader %d: %d lists, %d exports, %d shows checked, %d busy", r, st.lists, st.exports, st.shows, st.busy)
	}

	verifyStore(t, sh, logs, writes)
}

// runWriter makes concOpsPerWriter write attempts, chosen at random
// (seeded by the writer's number, so a failure replays the same mix).
func runWriter(sh *shell, w int, l *writerLog) {
	rng := rand.New(rand.NewSource(int64(20261124 + w)))
	var ownAccounts []string // names
	var ownContacts []string // emails
	for i := 0; i < concOpsPerWriter; i++ {
		var timeout []string
		if rng.Intn(8) == 0 {
			timeout = []string{"--timeout", "1ms"}
		}
		switch p := rng.Intn(100); {
		case p < 14 || len(ownAccounts) == 0: // an account of its own
			name := fmt.Sprintf("W%d A%d", w, i)
			r := sh.run(append([]string{"account", "create", "--name", name, "--domain", fmt.Sprintf("w%da%d.example", w, i), "-q"}, timeout...)...)
			if l.check("account create", r, 0, 6) && r.code == 0 {
				l.accounts = append(l.accounts, name)
				ownAccounts = append(ownAccounts, name)
				l.writes++
			}
		case p < 24: // race the others for a name
			name := fmt.Sprintf("Clash %d", rng.Intn(concClashNames))
			r := sh.run(append([]string{"account", "create", "--name", name, "-q"}, timeout...)...)
			if l.check("account clash", r, 0, 4, 6) && r.code == 0 {
				l.accounts = append(l.accounts, name)
				l.writes++
			}
			if r.code == 4 && !strings.Contains(r.stderr, "deskctl: ") {
				l.fail("clash without a message: %v", r)
			}
		case p < 40: // a contact of its own, in one of its accounts
			acct := ownAccounts[rng.Intn(len(ownAccounts))]
			email := fmt.Sprintf("w%dc%d@example.org", w, i)
			r := sh.run(append([]string{"contact", "create", "--email", email, "--account", acct, "-o", "json"}, timeout...)...)
			if l.check("contact create", r, 0, 6) && r.code == 0 {
				var c contactJSON
				if err := json.Unmarshal([]byte(r.stdout), &c); err != nil || c.AccountID == 0 {
					l.fail("contact create output %q: %v", r.stdout, err)
					continue
				}
				l.contacts[email] = c.AccountID
				ownContacts = append(ownContacts, email)
				l.writes++
			}
		case p < 56: // a ticket, for a shared contact or one of its own
			contact := sharedContact(rng.Intn(concSharedContacts))
			if len(ownContacts) > 0 && rng.Intn(2) == 0 {
				contact = ownContacts[rng.Intn(len(ownContacts))]
			}
			subject := fmt.Sprintf("w%d t%d", w, i)
			r := sh.run(append([]string{"ticket", "create", "--contact", contact, "--subject", subject, "-o", "json"}, timeout...)...)
			if l.check("ticket create", r, 0, 6) && r.code == 0 {
				var tk ticketJSON
				if err := json.Unmarshal([]byte(r.stdout), &tk); err != nil || tk.ID == 0 || tk.Subject != subject {
					l.fail("ticket create output %q: %v", r.stdout, err)
					continue
				}
				l.tickets[tk.ID] = tk
				l.writes++
			}
		case p < 70: // move a shared contact to a shared account
			contact := sharedContact(rng.Intn(concSharedContacts))
			acct := sharedAccount(rng.Intn(concSharedAccounts))
			r := sh.run(append([]string{"contact", "associate", contact, "--account", acct, "--move", "-o", "json"}, timeout...)...)
			if !l.check("contact move", r, 0, 6) || r.code != 0 {
				continue
			}
			if strings.Contains(r.stderr, "already belongs to account") {
				continue // nothing to do, nothing written
			}
			var cs []contactJSON
			if err := json.Unmarshal([]byte(r.stdout), &cs); err != nil || len(cs) != 1 {
				l.fail("contact associate output %q: %v", r.stdout, err)
				continue
			}
			l.claims[contact] = append(l.claims[contact], claim{version: cs[0].Version, accountID: cs[0].AccountID, writer: w})
			l.writes++
		case p < 85: // edit a shared account at the version just read
			acct := sharedAccount(rng.Intn(concSharedAccounts))
			show := sh.run("account", "show", acct, "-o", "json")
			var a accountJSON
			if !l.check("account show", show, 0, 6) || show.code != 0 {
				continue
			}
			if err := json.Unmarshal([]byte(show.stdout), &a); err != nil {
				l.fail("account show output: %v", err)
				continue
			}
			l.ids[acct] = a.ID
			desc := fmt.Sprintf("edited by w%d at %d", w, i)
			r := sh.run(append([]string{"account", "edit", acct, "--if-version", fmt.Sprint(a.Version), "--description", desc, "-o", "json"}, timeout...)...)
			if !l.check("account edit", r, 0, 4, 6) {
				continue
			}
			switch r.code {
			case 0:
				var after accountJSON
				if err := json.Unmarshal([]byte(r.stdout), &after); err != nil || after.Version != a.Version+1 || after.Description != desc {
					l.fail("account edit --if-version %d exited 0 with version %d, description %q (%v); want version %d, %q", a.Version, after.Version, after.Description, err, a.Version+1, desc)
					continue
				}
				l.claims[acct] = append(l.claims[acct], claim{version: after.Version, text: desc, setsText: true, writer: w})
				l.writes++
			case 4:
				if !strings.Contains(r.stderr, "version") {
					l.fail("stale edit without a version message: %v", r)
				}
			}
		default: // edit a shared contact at the version just read
			contact := sharedContact(rng.Intn(concSharedContacts))
			show := sh.run("contact", "show", contact, "-o", "json")
			if !l.check("contact show", show, 0, 6) || show.code != 0 {
				continue
			}
			var c contactJSON
			if err := json.Unmarshal([]byte(show.stdout), &c); err != nil {
				l.fail("contact show output: %v", err)
				continue
			}
			l.ids[contact] = c.ID
			title := fmt.Sprintf("title by w%d at %d", w, i)
			r := sh.run(append([]string{"contact", "edit", contact, "--if-version", fmt.Sprint(c.Version), "--title", title, "-o", "json"}, timeout...)...)
			if !l.check("contact edit", r, 0, 4, 6) {
				continue
			}
			switch r.code {
			case 0:
				var after contactJSON
				if err := json.Unmarshal([]byte(r.stdout), &after); err != nil || after.Version != c.Version+1 || after.Title != title {
					l.fail("contact edit --if-version %d exited 0 with version %d, title %q (%v); want version %d, %q", c.Version, after.Version, after.Title, err, c.Version+1, title)
					continue
				}
				l.claims[contact] = append(l.claims[contact], claim{version: after.Version, text: title, setsText: true, accountID: after.AccountID, writer: w})
				l.writes++
			case 4:
				if !strings.Contains(r.stderr, "version") {
					l.fail("stale edit without a version message: %v", r)
				}
			}
		}
	}
}

// check records the outcome of r under op and reports whether its exit
// code is one of allowed, with the message that code documents.
func (l *writerLog) check(op string, r result, allowed ...int) bool {
	l.outcome(op, r.code)
	if !slices.Contains(allowed, r.code) {
		l.fail("%s: unexpected exit: %v", op, r)
		return false
	}
	if r.code == 6 && !strings.Contains(r.stderr, "another deskctl process holds the store") {
		l.fail("%s: exit 6 without the busy message: %v", op, r)
		return false
	}
	if r.code != 0 && (strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ")) {
		l.fail("%s: stack trace: %v", op, r)
		return false
	}
	return true
}

type readerStat struct {
	lists, exports, shows, busy int
	failures                    []string
}

func (st *readerStat) fail(format string, args ...any) {
	if len(st.failures) < 20 {
		st.failures = append(st.failures, fmt.Sprintf(format, args...))
	}
}

// runReader lists, exports and shows until the writers are done, checking
// that each output parses and holds together: ids ascending and unique,
// names unique, the list never shrinking (nothing is deleted here), an
// account's details listing exactly its contacts and their tickets.
func runReader(sh *shell, r int, done *atomic.Bool) readerStat {
	var st readerStat
	rng := rand.New(rand.NewSource(int64(7 + r)))
	lastList, lastExport := 0, 0
	for i := 0; !done.Load() || i < 3; i++ {
		time.Sleep(time.Duration(5+rng.Intn(10)) * time.Millisecond)
		switch i % 3 {
		case 0:
			res := sh.run("account", "list", "-o", "json", "--limit", "0")
			if !st.ok(res) {
				continue
			}
			var as []accountJSON
			if err := json.Unmarshal([]byte(res.stdout), &as); err != nil {
				st.fail("account list -o json does not parse: %v\n%s", err, res.stdout)
				continue
			}
			st.lists++
			names := map[string]bool{}
			for j, a := range as {
				if j > 0 && a.ID <= as[j-1].ID {
					st.fail("account list: id %d after %d", a.ID, as[j-1].ID)
				}
				if key := strings.ToLower(a.Name); names[key] {
					st.fail("account list: name %q twice", a.Name)
				} else {
					names[key] = true
				}
				if a.Version < 1 || (len(a.Domains) > 0 && a.PrimaryDomain != a.Domains[0]) {
					st.fail("account list: inconsistent record %+v", a)
				}
			}
			if len(as) < lastList {
				st.fail("account list shrank from %d to %d", lastList, len(as))
			}
			lastList = len(as)
		case 1:
			res := sh.run("export", "accounts")
			if !st.ok(res) {
				continue
			}
			rows, err := csv.NewReader(strings.NewReader(res.stdout)).ReadAll()
			if err != nil || len(rows) == 0 {
				st.fail("export accounts does not parse: %v\n%s", err, res.stdout)
				continue
			}
			st.exports++
			idCol := slices.Index(rows[0], "id")
			if idCol < 0 {
				st.fail("export accounts: no id column in %v", rows[0])
				continue
			}
			seen := map[string]bool{}
			for _, row := range rows[1:] {
				if seen[row[idCol]] {
					st.fail("export accounts: id %s twice", row[idCol])
				}
				seen[row[idCol]] = true
			}
			if len(rows)-1 < lastExport {
				st.fail("export shrank from %d to %d rows", lastExport, len(rows)-1)
			}
			lastExport = len(rows) - 1
		case 2:
			res := sh.run("account", "show", sharedAccount(rng.Intn(concSharedAccounts)), "-o", "json")
			if !st.ok(res) {
				continue
			}
			var a accountJSON
			if err := json.Unmarshal([]byte(res.stdout), &a); err != nil {
				st.fail("account show -o json does not parse: %v\n%s", err, res.stdout)
				continue
			}
			st.shows++
			if a.ContactCount != len(a.Contacts) || a.TicketCount != len(a.Tickets) {
				st.fail("account show %s: counts %d/%d, lists %d/%d", a.Name, a.ContactCount, a.TicketCount, len(a.Contacts), len(a.Tickets))
			}
			mine := map[uint64]bool{}
			for _, c := range a.Contacts {
				mine[c.ID] = true
				if c.AccountID != a.ID {
					st.fail("account show %d lists contact %d of account %d", a.ID, c.ID, c.AccountID)
				}
			}
			for _, tk := range a.Tickets {
				if tk.AccountID != a.ID || !mine[tk.ContactID] {
					st.fail("account show %d lists ticket %d of contact %d, account %d", a.ID, tk.ID, tk.ContactID, tk.AccountID)
				}
			}
		}
	}
	return st
}

// ok checks a reader's exit: 0, or 6 with the busy message.
func (st *readerStat) ok(r result) bool {
	switch {
	case r.code == 0:
		return true
	case r.code == 6 && strings.Contains(r.stderr, "another deskctl process holds the store"):
		st.busy++
		return false
	}
	st.fail("unexpected exit: %v", r)
	return false
}

// verifyStore compares the store with the writers' logs.
func verifyStore(t *testing.T, sh *shell, logs []*writerLog, writes int) {
	t.Helper()
	var accounts []accountJSON
	var contacts []contactJSON
	var tickets []ticketJSON
	for _, q := range []struct {
		noun string
		into any
	}{{"account", &accounts}, {"contact", &contacts}, {"ticket", &tickets}} {
		r := sh.must(q.noun, "list", "-o", "json", "--limit", "0")
		if err := json.Unmarshal([]byte(r.stdout), q.into); err != nil {
			t.Fatalf("%s list: %v", q.noun, err)
		}
	}

	// Accounts: the shared ones and exactly those created with exit 0.
	want := map[string]int{}
	for i := 0; i < concSharedAccounts; i++ {
		want[sharedAccount(i)]++
	}
	for _, l := range logs {
		for _, n := range l.accounts {
			want[n]++
		}
	}
	have := map[string]accountJSON{}
	for _, a := range accounts {
		have[a.Name] = a
		if want[a.Name] == 0 {
			t.Errorf("account %q is in the store, but no write of it exited 0", a.Name)
		}
	}
	for n, count := range want {
		if count > 1 {
			t.Errorf("account %q: %d creations exited 0", n, count)
		}
		if _, ok := have[n]; !ok {
			t.Errorf("account %q: created with exit 0, missing from the store", n)
		}
	}

	// Contacts: the shared ones and the created ones, in their accounts.
	byEmail := map[string]contactJSON{}
	for _, c := range contacts {
		byEmail[c.Email] = c
	}
	wantContacts := concSharedContacts
	for _, l := range logs {
		wantContacts += len(l.contacts)
		for email, acct := range l.contacts {
			if c, ok := byEmail[email]; !ok {
				t.Errorf("contact %s: created with exit 0, missing from the store", email)
			} else if c.AccountID != acct {
				t.Errorf("contact %s: in account %d, created in %d", email, c.AccountID, acct)
			}
		}
	}
	if len(contacts) != wantContacts {
		t.Errorf("%d contacts in the store, %d created with exit 0", len(contacts), wantContacts)
	}

	// Tickets: exactly those created with exit 0, on their contacts.
	wantTickets := map[uint64]ticketJSON{}
	for _, l := range logs {
		for id, tk := range l.tickets {
			if _, dup := wantTickets[id]; dup {
				t.Errorf("ticket id %d handed out twice", id)
			}
			wantTickets[id] = tk
		}
	}
	contactAccount := map[uint64]uint64{}
	for _, c := range contacts {
		contactAccount[c.ID] = c.AccountID
	}
	for _, tk := range tickets {
		w, ok := wantTickets[tk.ID]
		switch {
		case !ok:
			t.Errorf("ticket %d (%s) is in the store, but no write of it exited 0", tk.ID, tk.Subject)
		case w.Subject != tk.Subject || w.ContactID != tk.ContactID:
			t.Errorf("ticket %d: %q of contact %d, created as %q of contact %d", tk.ID, tk.Subject, tk.ContactID, w.Subject, w.ContactID)
		case tk.AccountID != contactAccount[tk.ContactID]:
			t.Errorf("ticket %d: account %d, its contact's is %d", tk.ID, tk.AccountID, contactAccount[tk.ContactID])
		}
	}
	if len(tickets) != len(wantTickets) {
		t.Errorf("%d tickets in the store, %d created with exit 0", len(tickets), len(wantTickets))
	}

	// Shared records: versions 2..final each claimed by exactly one write
	// that exited 0, and the fields of the last one in the store.
	claims := map[string][]claim{}
	for _, l := range logs {
		for ref, cs := range l.claims {
			claims[ref] = append(claims[ref], cs...)
		}
	}
	edits := 0
	for i := 0; i < concSharedAccounts; i++ {
		name := sharedAccount(i)
		a := have[name]
		last := checkClaims(t, name, a.Version, claims[name])
		edits += len(claims[name])
		if last != nil && a.Description != last.text {
			t.Errorf("%s: description %q, the last edit (version %d) set %q", name, a.Description, last.version, last.text)
		}
	}
	for k := 0; k < concSharedContacts; k++ {
		email := sharedContact(k)
		c := byEmail[email]
		last := checkClaims(t, email, c.Version, claims[email])
		edits += len(claims[email])
		if last != nil && last.accountID != c.AccountID {
			t.Errorf("%s: in account %d, the last write (version %d) left it in %d", email, c.AccountID, last.version, last.accountID)
		}
		var lastTitle *claim
		for j := range claims[email] {
			if cl := &claims[email][j]; cl.setsText && (lastTitle == nil || cl.version > lastTitle.version) {
				lastTitle = cl
			}
		}
		if lastTitle != nil && c.Title != lastTitle.text {
			t.Errorf("%s: title %q, the last edit (version %d) set %q", email, c.Title, lastTitle.version, lastTitle.text)
		}
	}
	t.Logf("store: %d accounts, %d contacts, %d tickets; %d versions of shared records, each claimed once", len(accounts), len(contacts), len(tickets), edits)

	// One activity log entry per write that exited 0, and a clean check.
	r := sh.run("db", "check", "-o", "json")
	var rep struct {
		OK       bool           `json:"ok"`
		Records  map[string]int `json:"records"`
		Problems []string       `json:"problems"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 0 || !rep.OK {
		t.Fatalf("db check: %v (%v)", r, err)
	}
	if n := rep.Records["log"]; n != writes {
		t.Errorf("activity log: %d entries, %d writes exited 0 (records %v)", n, writes, rep.Records)
	}
}

// checkClaims checks the versions claimed on one shared record against its
// final version, and returns the claim of the final version (nil if none).
func checkClaims(t *testing.T, ref string, final int, cs []claim) *claim {
	t.Helper()
	byVersion := map[int]*claim{}
	for i := range cs {
		c := &cs[i]
		if prev, dup := byVersion[c.version]; dup {
			t.Errorf("%s: version %d claimed by two writes that exited 0 (writers %d and %d): a lost update", ref, c.version, prev.writer, c.writer)
		}
		byVersion[c.version] = c
	}
	for v := 2; v <= final; v++ {
		if byVersion[v] == nil {
			t.Errorf("%s: version %d in the store, but no logged write produced it", ref, v)
		}
	}
	for v := range byVersion {
		if v > final || v < 2 {
			t.Errorf("%s: a write claimed version %d, the store has %d", ref, v, final)
		}
	}
	return byVersion[final]
}
