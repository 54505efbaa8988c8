package transfer_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/transfer"
)

func TestMapHeader(t *testing.T) {
	for _, tc := range []struct {
		kind   transfer.Kind
		opts   transfer.MapOptions
		header string // '|'-separated
		want   string // '|'-separated targets, or "ERR:substring"
	}{
		{transfer.Accounts, transfer.MapOptions{}, "Account Name|Primary Domain|External-ID|field.Region|FIELD.tier|Parent_Id",
			"name|domains|external_id|field.Region|field.tier|parent_id"},
		{transfer.Accounts, transfer.MapOptions{}, "account_name|DOMAINS|Crm Status|slack-channel|ID", "name|domains|crm_status|slack_channel|id"},
		{transfer.Accounts, transfer.MapOptions{}, "Company|Domain|Account Manager|error", "name|domains|manager_id|"},
		{transfer.Accounts, transfer.MapOptions{}, "name|Colour|Size", `ERR:unknown columns "Colour", "Size" for accounts; the columns are: id, name,`},
		{transfer.Accounts, transfer.MapOptions{IgnoreUnknown: true}, "name|Colour", "name|"},
		{transfer.Accounts, transfer.MapOptions{}, "name|Name", `ERR:columns "name" and "Name" both map to name`},
		{transfer.Accounts, transfer.MapOptions{}, "Domain|Primary Domain", `ERR:both map to domains`},
		{transfer.Accounts, transfer.MapOptions{Map: map[string]string{"Firma": "name", "notes": "-"}}, "FIRMA|Notes", "name|"},
		{transfer.Accounts, transfer.MapOptions{Map: map[string]string{"Kunde": "field.kunde"}}, "name|Kunde", "name|field.kunde"},
		// A contact's "Account Name" names another record: not a contact field.
		{transfer.Contacts, transfer.MapOptions{}, "Contact Name|Email Address|Account Name", `ERR:unknown column "Account Name" for contacts`},
		{transfer.Contacts, transfer.MapOptions{}, "name|email|Account|Job Title", "name|email|account_id|title"},
		{transfer.Tickets, transfer.MapOptions{}, "Subject|Requester|field.x", `ERR:unknown column "field.x" for tickets`},
		{transfer.Tickets, transfer.MapOptions{}, "Ticket Subject|contact|Contact ID|Priority", "subject|contact|contact_id|priority"},
		{transfer.Links, transfer.MapOptions{}, "Account ID|Contact Email", "account|contact"},
		{transfer.Managers, transfer.MapOptions{}, "Full Name|Employee Number|Username", "name|employee_id|login"},
	} {
		m, err := transfer.NewMapper(tc.kind, tc.opts)
		if err != nil {
			t.Fatalf("%v: %v", tc.opts, err)
		}
		got, err := m.MapHeader(strings.Split(tc.header, "|"))
		if msg, ok := strings.CutPrefix(tc.want, "ERR:"); ok {
			if err == nil || !strings.Contains(err.Error(), msg) || !errors.Is(err, transfer.ErrInput) {
				t.Errorf("%s %q: err = %v, want one containing %q", tc.kind, tc.header, err, msg)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %q: %v", tc.kind, tc.header, err)
			continue
		}
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("%s %q: got %q, want %q", tc.kind, tc.header, g, tc.want)
		}
	}
}

func TestUnknownColumnHint(t *testing.T) {
	m, _ := transfer.NewMapper(transfer.Accounts, transfer.MapOptions{})
	_, err := m.MapHeader([]string{"name", "Colour"})
	if h := transfer.Hint(err); !strings.Contains(h, `--map "Colour=FIELD"`) || !strings.Contains(h, "--ignore-unknown") {
		t.Errorf("hint = %q", h)
	}
}

func TestMapOptionErrors(t *testing.T) {
	if _, err := transfer.NewMapper(transfer.Accounts, transfer.MapOptions{Map: map[string]string{"A": "colour"}}); !errors.Is(err, transfer.ErrOption) {
		t.Errorf("map to an unknown field: %v", err)
	}
	if _, err := transfer.ParseMap([]string{"no equals sign"}); !errors.Is(err, transfer.ErrOption) {
		t.Errorf("--map without '=': %v", err)
	}
	m, err := transfer.ParseMap([]string{"Web Site=website", "A=b=c"})
	if err != nil || m["Web Site"] != "website" || m["A"] != "b=c" {
		t.Errorf("ParseMap = %v, %v", m, err)
	}
}

func TestLoadProfile(t *testing.T) {
	raw := map[string]any{"crm-export": map[string]any{
		"map": map[string]any{"company": "name"}, "ignore_unknown": true, "delimiter": ";", "encoding": "windows-1252",
	}, "bad": map[string]any{"delimter": ";"}}
	p, err := transfer.LoadProfile(raw, "CRM-Export")
	if err != nil || p.Map["company"] != "name" || !p.IgnoreUnknown || p.Delimiter != ";" || p.Encoding != "windows-1252" {
		t.Fatalf("profile = %+v, %v", p, err)
	}
	if _, err := transfer.LoadProfile(raw, "bad"); err == nil || !strings.Contains(err.Error(), `unknown setting "delimter"`) {
		t.Errorf("typo in a profile: %v", err)
	}
	if _, err := transfer.LoadProfile(raw, "nope"); err == nil || !strings.Contains(err.Error(), "bad, crm-export") {
		t.Errorf("missing profile: %v", err)
	}
	if _, err := transfer.LoadProfile(nil, "x"); !errors.Is(err, transfer.ErrOption) {
		t.Errorf("no profiles: %v", err)
	}
}

func TestMergeMaps(t *testing.T) {
	got := transfer.MergeMaps(map[string]string{"account id": "external_id", "Company": "name"}, map[string]string{"Account_Id": "crm_id"})
	if len(got) != 2 || got["Account_Id"] != "crm_id" || got["Company"] != "name" {
		t.Errorf("MergeMaps = %v", got)
	}
}
