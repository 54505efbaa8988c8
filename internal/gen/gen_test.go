package gen

import (
	"bytes"
	"strings"
	"testing"
)

func TestDeterministicAndShuffled(t *testing.T) {
	s := Sizes{Accounts: 50, Contacts: 120, Tickets: 30, FreeMailEvery: 10}
	var a, b, c bytes.Buffer
	if err := New(s, false, 1).Accounts(&a); err != nil {
		t.Fatal(err)
	}
	_ = New(s, false, 1).Accounts(&b)
	_ = New(s, true, 1).Accounts(&c)
	if a.String() != b.String() {
		t.Fatal("same seed, different bytes")
	}
	if a.String() == c.String() || len(a.String()) != len(c.String()) {
		t.Fatal("shuffle should permute the same rows")
	}
	lines := strings.Split(strings.TrimSpace(a.String()), "\n")
	if len(lines) != 51 || lines[0] != "name,domains,external_id,phone,tags,field.tier" {
		t.Fatalf("accounts: %d lines, header %q", len(lines), lines[0])
	}
	var l bytes.Buffer
	_ = New(s, false, 1).Links(&l)
	if !strings.Contains(l.String(), "CRM-00000010,user10@gmail.com\n") || !strings.Contains(l.String(), "CRM-00000001,person1@globex1.io\n") {
		t.Fatalf("links: %q", l.String()[:200])
	}
}
