package account

import (
	"errors"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/output"
)

func TestNewCmdStats(t *testing.T) {
	called := false
	if err := cmdtest.Execute(NewCmdStats(cmdtest.ParseFactory(t), func(*StatsOptions) error { called = true; return nil })); err != nil || !called {
		t.Errorf("stats: err = %v, called = %v", err, called)
	}
	err := cmdtest.Execute(NewCmdStats(cmdtest.ParseFactory(t), func(*StatsOptions) error { return nil }), "extra")
	if !errors.Is(err, cmdutil.ErrUsage) {
		t.Errorf("stats extra: err = %v, want a usage error", err)
	}
}

func TestStatsRun(t *testing.T) {
	e := newEnv(t)
	e.Manager("name", "Mia", "login", "mia")
	e.Account("name", "Acme Ltd", "manager_id", "1", "crm_id", "0012")
	e.Account("name", "Acme EU", "parent_id", "1")
	e.Account("name", "Globex", "status", "inactive")
	before := e.StoreBytes()
	if err := e.Run(NewCmdStats(e.f, nil)); err != nil {
		t.Fatal(err)
	}
	want := "total           3\nactive          2\ninactive        1\nwith_manager    1\nmapped_to_crm   1\nsub_accounts    1\n"
	assertResult(t, e, nil, nil, "", want, "")
	e.cfg.Output = output.FormatJSONL
	if err := e.Run(NewCmdStats(e.f, nil)); err != nil {
		t.Fatal(err)
	}
	want = `{"total":3,"active":2,"inactive":1,"with_manager":1,"mapped_to_crm":1,"sub_accounts":1}` + "\n"
	assertResult(t, e, nil, nil, "", want, "")
	if string(e.StoreBytes()) != string(before) {
		t.Error("stats changed the store")
	}
}
