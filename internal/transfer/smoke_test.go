package transfer_test

import (
	"testing"

	"github.com/deskctl/deskctl/internal/transfer"
)

func TestSmoke(t *testing.T) {
	d := newDesk(t)
	res, err := importText(t, d, "Account Name;Domain;field.Region\nAcme;acme.com;eu\nBeta;beta.io;us\nGamma;not a domain;x\n",
		transfer.ReadOptions{}, transfer.Options{Kind: transfer.Accounts, ContinueOnError: true})
	t.Logf("%+v %v", res.Job, err)
	for _, r := range res.Rejected {
		t.Log(r)
	}
	t.Log(exportText(t, d, transfer.ExportOptions{Kind: transfer.Accounts}))
	t.Log(exportText(t, d, transfer.ExportOptions{Kind: transfer.Accounts, Format: "jsonl"}))
}
