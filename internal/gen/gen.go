// Package gen writes deterministic datasets — accounts, contacts, links and
// tickets as CSV in deskctl's import columns — for the benchmarks and for
// tests that need realistic volume. The same seed and sizes always give the
// same bytes.
//
// # Caveats
//
// Names and domains are derived from the record number, so they are unique
// by construction; uniqueness clashes are the tests' business, not the
// generator's.
package gen

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
)

// Sizes says how many records of each kind to write.
type Sizes struct {
	Accounts int
	Contacts int
	Tickets  int
	// FreeMailEvery makes every n-th contact use a free-mail address, which
	// no account owns; 0 means never.
	FreeMailEvery int
}

var (
	words = []string{"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka", "Tyrell", "Cyberdyne",
		"Soylent", "Aperture", "Vandelay", "Gringotts", "Oscorp", "Monarch", "Pied", "Piper", "Dunder", "Mifflin"}
	suffixes   = []string{"Ltd", "Inc", "GmbH", "SA", "BV", "LLC", "Group", "Labs", "Partners", "Holdings"}
	tlds       = []string{"com", "io", "net", "org", "de", "fr", "co.uk"}
	tiers      = []string{"gold", "silver", "bronze"}
	priorities = []string{"low", "normal", "high", "urgent"}
	statuses   = []string{"open", "pending", "resolved", "closed"}
)

// AccountName is the name of account n (1-based); unique per n.
func AccountName(n int) string {
	return fmt.Sprintf("%s %s %s %d", words[n%len(words)], words[(n/len(words))%len(words)], suffixes[n%len(suffixes)], n)
}

// AccountDomain is the primary domain of account n.
func AccountDomain(n int) string {
	return fmt.Sprintf("%s%d.%s", lower(words[n%len(words)]), n, tlds[n%len(tlds)])
}

// AccountExternalID is the external id of account n.
func AccountExternalID(n int) string { return fmt.Sprintf("CRM-%08d", n) }

// ContactEmail is the email of contact n, at the domain of the account it
// belongs to (or at a free-mail domain).
func ContactEmail(n, account int, freeMail bool) string {
	if freeMail {
		return fmt.Sprintf("user%d@gmail.com", n)
	}
	return fmt.Sprintf("person%d@%s", n, AccountDomain(account))
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// Writer writes one dataset.
type Writer struct {
	sizes Sizes
	order []int // account numbers in file order (shuffled or not)
}

// New returns a writer for the sizes; shuffle permutes the account file's
// row order with the seed (the same records, another order).
func New(sizes Sizes, shuffle bool, seed uint64) *Writer {
	order := make([]int, sizes.Accounts)
	for i := range order {
		order[i] = i + 1
	}
	if shuffle {
		rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	return &Writer{sizes: sizes, order: order}
}

// AccountOf is the account that contact n belongs to.
func (g *Writer) AccountOf(contact int) int { return (contact-1)%g.sizes.Accounts + 1 }

func (g *Writer) freeMail(contact int) bool {
	return g.sizes.FreeMailEvery > 0 && contact%g.sizes.FreeMailEvery == 0
}

// Accounts writes name, domains, external_id, phone, tags and a custom field.
func (g *Writer) Accounts(w io.Writer) error {
	return writeCSV(w, []string{"name", "domains", "external_id", "phone", "tags", "field.tier"}, g.sizes.Accounts, func(i int) []string {
		n := g.order[i]
		tags := ""
		if n%3 == 0 {
			tags = "vip"
		}
		return []string{AccountName(n), AccountDomain(n), AccountExternalID(n), "+1 555 " + strconv.Itoa(1000000+n), tags, tiers[n%len(tiers)]}
	})
}

// Contacts writes name, email, external_id, title.
func (g *Writer) Contacts(w io.Writer) error {
	return writeCSV(w, []string{"name", "email", "external_id", "title"}, g.sizes.Contacts, func(i int) []string {
		n := i + 1
		return []string{"Person " + strconv.Itoa(n), ContactEmail(n, g.AccountOf(n), g.freeMail(n)), "P-" + strconv.Itoa(n), "Engineer"}
	})
}

// Links writes account (external id) and contact (email) for every contact.
func (g *Writer) Links(w io.Writer) error {
	return writeCSV(w, []string{"account", "contact"}, g.sizes.Contacts, func(i int) []string {
		n := i + 1
		a := g.AccountOf(n)
		return []string{AccountExternalID(a), ContactEmail(n, a, g.freeMail(n))}
	})
}

// Tickets writes subject, description, status, priority and contact
// (email), spread over the contacts.
func (g *Writer) Tickets(w io.Writer) error {
	return writeCSV(w, []string{"subject", "description", "status", "priority", "contact"}, g.sizes.Tickets, func(i int) []string {
		n := i + 1
		c := (n-1)%g.sizes.Contacts + 1
		return []string{"Request " + strconv.Itoa(n), "Cannot log in, again.\nSecond line, with \"quotes\".",
			statuses[n%len(statuses)], priorities[n%len(priorities)], ContactEmail(c, g.AccountOf(c), g.freeMail(c))}
	})
}

func writeCSV(w io.Writer, header []string, n int, row func(i int) []string) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	cw := csv.NewWriter(bw)
	if err := cw.Write(header); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := cw.Write(row(i)); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
