package desk

import (
	"strings"
	"testing"

	"golang.org/x/net/idna"
	"golang.org/x/text/cases"
)

// The fast paths of normalize.go must give exactly the answers of the
// general code they skip. `go test` replays the seeds in testdata/fuzz;
// `make fuzz` searches further.

// FuzzFold: fold agrees with Unicode case folding on every string.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "Acme Ltd", "ÀCME", "straße", "K", "\u212a", "MiXeD 123 !@#", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := fold(s), cases.Fold().String(s); got != want {
			t.Fatalf("fold(%q) = %q, Unicode folding gives %q", s, got, want)
		}
	})
}

// FuzzPlainHostName: a name plainHostName passes is one the IDNA path of
// NormalizeDomain accepts, unchanged in both forms.
func FuzzPlainHostName(f *testing.F) {
	for _, s := range []string{"acme.com", "a.b", "xn--bcher-kva.de", "ab--cd.com", "-a.com", "a-.com",
		"com", "a..b", strings.Repeat("a", 63) + ".io", strings.Repeat("a", 64) + ".io", "1.2.3.4", "a_b.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !plainHostName(s) {
			return
		}
		ascii, err := idna.Lookup.ToASCII(s)
		if err != nil || ascii != s {
			t.Fatalf("plainHostName(%q) holds, but IDNA's lookup gives %q, %v", s, ascii, err)
		}
		uni, err := idna.Lookup.ToUnicode(ascii)
		if err != nil || uni != s {
			t.Fatalf("plainHostName(%q) holds, but IDNA's ToUnicode gives %q, %v", s, uni, err)
		}
		for _, label := range strings.Split(s, ".") {
			if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
				t.Fatalf("plainHostName(%q) holds, but label %q is not a valid one", s, label)
			}
		}
	})
}

// FuzzSqueezeSpaces: the fast path of squeezeSpaces answers as the split
// and join it skips.
func FuzzSqueezeSpaces(f *testing.F) {
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "a\u2003b", "\x85", "Acme Ltd 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := squeezeSpaces(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("squeezeSpaces(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzPlainAddress: an address NormalizeEmail's fast path takes gets the
// answer net/mail and IDNA give it.
func FuzzPlainAddress(f *testing.F) {
	for _, s := range []string{"ann@acme.com", "Ann.Lee@Acme.COM", "a..b@x.io", ".a@x.io", "a.@x.io", "a@b", "@x.io", "a@",
		"o'neil+tag@x.co.uk", "\"q\"@x.io", "a b@x.io", "a@xn--bcher-kva.de", "a@-x.io", "{}|~^`@x.io", "a@@x.io"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		local, domain, ok := plainAddress(s)
		if !ok {
			return
		}
		addr, key, err := parseEmail("email", s)
		if err != nil {
			t.Fatalf("plainAddress(%q) takes it, net/mail refuses it: %v", s, err)
		}
		if got := local + "@" + domain; got != addr {
			t.Fatalf("plainAddress(%q) gives %q, net/mail %q", s, got, addr)
		}
		if got := strings.ToLower(local) + "@" + domain; got != key {
			t.Fatalf("plainAddress(%q) gives the key %q, net/mail %q", s, got, key)
		}
	})
}
