package transfer_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/transfer"
)

// TestImportShrinksTransactionsUnderMemoryPressure: while the heap at the
// end of a transaction is above the limit, the next ones take half the
// rows, and the import still lands every row; with a small heap the
// transactions keep the batch size.
func TestImportShrinksTransactionsUnderMemoryPressure(t *testing.T) {
	var text strings.Builder
	text.WriteString("name,domains\n")
	for i := range 2000 {
		fmt.Fprintf(&text, "Company %d,c%d.com\n", i, i)
	}
	for _, tc := range []struct {
		heap uint64
		txs  int
	}{
		// 1,000 rows per batch: one transaction each.
		{heap: transfer.HeapHigh / 4, txs: 2},
		// 1,000 rows, then 500 and 2×250 (the floor) for the second batch.
		{heap: transfer.HeapHigh + 1, txs: 4},
	} {
		t.Run(fmt.Sprint(tc.heap), func(t *testing.T) {
			txs := 0
			defer transfer.SetHeapSampler(func() uint64 { txs++; return tc.heap })()
			d := newDesk(t)
			res, err := importText(t, d, text.String(), transfer.ReadOptions{}, transfer.Options{Kind: transfer.Accounts, BatchSize: 1000})
			if err != nil {
				t.Fatal(err)
			}
			if res.Job.Created != 2000 || len(strings.Split(accountNames(t, d), ",")) != 2000 {
				t.Errorf("created %d; accounts listed: %d", res.Job.Created, len(strings.Split(accountNames(t, d), ",")))
			}
			if txs != tc.txs {
				t.Errorf("%d transactions, want %d", txs, tc.txs)
			}
		})
	}
}
