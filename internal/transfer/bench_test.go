package transfer_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/transfer"
)

// accountsCSV generates n accounts with most fields set.
func accountsCSV(n int) string {
	var b strings.Builder
	b.WriteString("name,domains,external_id,status,phone,email,website,description,tags,crm_id,crm_status,field.tier,field.region\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "Company %d,c%d.example.com,ext-%d,active,+1 555 %07d,info@c%d.example.com,https://c%d.example.com,\"Customer %d, since \"\"2020\"\"\",gold;vip,crm-%d,synced,t%d,eu\n",
			i, i, i, i, i, i, i, i, i%3)
	}
	return b.String()
}

// BenchmarkMapRows measures reading and mapping CSV rows (no store).
func BenchmarkMapRows(b *testing.B) {
	text := accountsCSV(10000)
	m, _ := transfer.NewMapper(transfer.Accounts, transfer.MapOptions{})
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		src, _ := transfer.NewReader(strings.NewReader(text), transfer.ReadOptions{})
		targets, _ := m.MapHeader(src.Header())
		n := 0
		for {
			row, err := src.Read()
			if err != nil {
				break
			}
			n += len(transfer.FieldValues(row, targets))
		}
	}
}

// BenchmarkImportAccounts imports 100,000 accounts into a fresh bbolt store
// per iteration, at several batch sizes.
func BenchmarkImportAccounts(b *testing.B) {
	text := accountsCSV(100000)
	for _, size := range benchSizes {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				d := newDesk(b)
				m, _ := transfer.NewMapper(transfer.Accounts, transfer.MapOptions{})
				src, _ := transfer.NewReader(strings.NewReader(text), transfer.ReadOptions{})
				b.StartTimer()
				res, err := transfer.Import(context.Background(), d, src, transfer.Options{Kind: transfer.Accounts, Mapper: m, File: "bench.csv", BatchSize: size})
				if err != nil || res.Job.Created != 100000 {
					b.Fatal(err, res.Job)
				}
			}
		})
	}
}

// benchSizes are the batch sizes compared (DefaultBatchSize was chosen
// from this curve).
var benchSizes = []int{1000, 5000}

// BenchmarkExportAccounts exports 100,000 accounts to CSV and to JSON
// Lines, discarding the output.
func BenchmarkExportAccounts(b *testing.B) {
	d := newDesk(b)
	if _, err := importText(b, d, accountsCSV(100000), transfer.ReadOptions{}, transfer.Options{Kind: transfer.Accounts}); err != nil {
		b.Fatal(err)
	}
	for _, format := range []string{transfer.FormatCSV, transfer.FormatJSONL} {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n, err := transfer.Export(context.Background(), d, io.Discard, transfer.ExportOptions{Kind: transfer.Accounts, Format: format})
				if err != nil || n != 100000 {
					b.Fatal(n, err)
				}
			}
		})
	}
}
