// Command gen writes the benchmark dataset: accounts.csv,
// accounts-shuffled.csv, contacts.csv, links.csv and tickets.csv in DIR.
//
//	go run ./bench/gen -dir /tmp/bench -accounts 1000000 -contacts 2000000 -tickets 2000000
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/deskctl/deskctl/internal/gen"
)

func main() {
	dir := flag.String("dir", ".", "output directory")
	accounts := flag.Int("accounts", 1000000, "accounts")
	contacts := flag.Int("contacts", 2000000, "contacts")
	tickets := flag.Int("tickets", 2000000, "tickets")
	seed := flag.Uint64("seed", 1, "seed of the shuffled order")
	flag.Parse()
	sizes := gen.Sizes{Accounts: *accounts, Contacts: *contacts, Tickets: *tickets, FreeMailEvery: 10}
	files := []struct {
		name  string
		write func(*gen.Writer, *os.File) error
		order bool
	}{
		{"accounts.csv", func(g *gen.Writer, f *os.File) error { return g.Accounts(f) }, false},
		{"accounts-shuffled.csv", func(g *gen.Writer, f *os.File) error { return g.Accounts(f) }, true},
		{"contacts.csv", func(g *gen.Writer, f *os.File) error { return g.Contacts(f) }, false},
		{"links.csv", func(g *gen.Writer, f *os.File) error { return g.Links(f) }, false},
		{"tickets.csv", func(g *gen.Writer, f *os.File) error { return g.Tickets(f) }, false},
	}
	for _, file := range files {
		f, err := os.Create(filepath.Join(*dir, file.name))
		if err == nil {
			err = file.write(gen.New(sizes, file.order, *seed), f)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}
