package transfer_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/transfer"
)

// writeBigCSV writes n accounts to a file, with a bad row at each of the
// given data row numbers (1-based), and returns its path.
func writeBigCSV(t *testing.T, n int, bad map[int]string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "name,domains,external_id,status,tags")
	for i := 1; i <= n; i++ {
		if row, ok := bad[i]; ok {
			fmt.Fprintln(w, row)
			continue
		}
		fmt.Fprintf(w, "Company %d,c%d.example.com,ext-%d,active,a;b\n", i, i, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBigFileWithThreeBadRows: a 100,000-row file with 3 bad rows imports
// nothing by default and names the 3 lines; with ContinueOnError it lands
// the 99,997 others and the errors file holds the 3 rows with reasons.
func TestBigFileWithThreeBadRows(t *testing.T) {
	n := 100000
	if testing.Short() || raceEnabled {
		n = 10000
	}
	bad := map[int]string{
		17:    "Bad One,not a domain,ext-bad-1,active,",
		n / 2: "Bad Two,two.example.com,ext-bad-2,sleeping,",
		n - 1: ",three.example.com,ext-bad-3,active,",
	}
	path := writeBigCSV(t, n, bad)
	d := newDesk(t)
	run := func(opts transfer.Options) (*transfer.Result, error) {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		src, err := transfer.NewReader(f, transfer.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		opts.Kind, opts.File = transfer.Accounts, path
		opts.Mapper = mustMapper(t, transfer.Accounts, transfer.MapOptions{})
		return transfer.Import(context.Background(), d, src, opts)
	}
	wantLines := []string{
		`line 18, column 2 (domains): "not a domain" is not a valid domain name`,
		fmt.Sprintf(`line %d, column 4 (status): "sleeping" is not one of active, inactive`, n/2+1),
		fmt.Sprintf(`line %d, column 1 (name): is required`, n),
	}
	res, err := run(transfer.Options{})
	if !errors.Is(err, transfer.ErrRejected) {
		t.Fatalf("default run: err = %v", err)
	}
	var got []string
	for _, re := range res.Rejected {
		got = append(got, re.Error())
	}
	if strings.Join(got, "\n") != strings.Join(wantLines, "\n") {
		t.Errorf("rejected:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantLines, "\n"))
	}
	if res.Job.Status != desk.JobFailed || countAccounts(t, d) != 0 {
		t.Fatalf("default run landed rows: job %+v, %d accounts", res.Job, countAccounts(t, d))
	}

	errPath := filepath.Join(t.TempDir(), "bad.csv")
	ef, err := transfer.CreateAtomic(errPath)
	if err != nil {
		t.Fatal(err)
	}
	sink := transfer.NewErrorsFile(ef, []string{"name", "domains", "external_id", "status", "tags"}, ',')
	res, err = run(transfer.Options{ContinueOnError: true, Errors: sink})
	if !errors.Is(err, transfer.ErrRejected) {
		t.Fatalf("continue run: err = %v", err)
	}
	if err := sink.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ef.Commit(); err != nil {
		t.Fatal(err)
	}
	if res.Job.Created != n-3 || countAccounts(t, d) != n-3 {
		t.Errorf("continue run: job %+v, %d accounts, want %d", res.Job, countAccounts(t, d), n-3)
	}
	data, err := os.ReadFile(errPath)
	if err != nil {
		t.Fatal(err)
	}
	want := "name,domains,external_id,status,tags,error\n" +
		`Bad One,not a domain,ext-bad-1,active,,"""not a domain"" is not a valid domain name"` + "\n" +
		`Bad Two,two.example.com,ext-bad-2,sleeping,,"""sleeping"" is not one of active, inactive"` + "\n" +
		",three.example.com,ext-bad-3,active,,is required\n"
	if string(data) != want {
		t.Errorf("errors file:\n%s\nwant:\n%s", data, want)
	}
}

func countAccounts(t *testing.T, d *desk.Desk) int {
	t.Helper()
	n := 0
	if err := d.View(context.Background(), func(tx *desk.Tx) error {
		return tx.ListAccounts(desk.AccountFilter{}, func(*desk.Account) error { n++; return nil })
	}); err != nil {
		t.Fatal(err)
	}
	return n
}
