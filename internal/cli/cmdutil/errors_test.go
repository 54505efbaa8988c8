package cmdutil

import (
	"errors"
	"io/fs"
	"testing"
)

func TestUsageErrors(t *testing.T) {
	cause := fs.ErrNotExist
	fe := FlagErrorWrap(cause)
	var target *FlagError
	if !errors.Is(fe, ErrUsage) || !errors.Is(fe, cause) || !errors.As(fe, &target) {
		t.Errorf("FlagErrorWrap(%v) = %#v: does not match ErrUsage, the cause and *FlagError", cause, fe)
	}
	if FlagErrorWrap(fe) != fe {
		t.Error("FlagErrorWrap wrapped a FlagError twice")
	}
	if FlagErrorWrap(nil) != nil || UsageErrorWrap(nil) != nil || WithHint(nil, "x") != nil {
		t.Error("wrapping nil is not nil")
	}

	ue := UsageErrorf("bad %w", cause)
	if !errors.Is(ue, ErrUsage) || !errors.Is(ue, cause) || errors.As(ue, &target) {
		t.Errorf("UsageErrorf = %#v", ue)
	}
	if ue.Error() != "bad file does not exist" {
		t.Errorf("message = %q", ue.Error())
	}

	h := WithHint(ue, "try this")
	if Hint(h) != "try this" || h.Error() != ue.Error() || !errors.Is(h, ErrUsage) {
		t.Errorf("WithHint: %q %q", Hint(h), h.Error())
	}
	if Hint(ue) != "" {
		t.Error("Hint of an error without one is not empty")
	}
}

func TestMutuallyExclusive(t *testing.T) {
	if err := MutuallyExclusive("only one", true, false, false); err != nil {
		t.Errorf("one condition: %v", err)
	}
	if err := MutuallyExclusive("only one"); err != nil {
		t.Errorf("no condition: %v", err)
	}
	err := MutuallyExclusive("specify only one of --a or --b", true, false, true)
	var fe *FlagError
	if !errors.As(err, &fe) || err.Error() != "specify only one of --a or --b" {
		t.Errorf("two conditions: %v", err)
	}
}
