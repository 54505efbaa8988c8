package cli

import (
	"context"
	"math/rand"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
	"go.etcd.io/bbolt"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
)

// Script commands of the trust_*.txtar stories (faults, hostile input,
// terminal safety). They make what a txtar file cannot hold: bytes that are
// not text, files of megabytes, stores damaged in a precise way.
//
//	mkfile FILE PART...        write FILE as the concatenation of the PARTs;
//	                           each is a Go string literal ("a\x00\n"),
//	                           optionally followed by *N to repeat it N
//	                           times, %d in it then being the repeat's index
//	setenvq NAME PART...       set NAME to the PARTs, as mkfile writes them
//	randfile FILE N SEED       write N pseudo-random bytes
//	truncatefile FILE N        cut FILE to N bytes (N may be "half")
//	forgebolt FILE             write a valid bbolt file of another program
//	setschema FILE V           write V as the schema version of a deskctl
//	                           store, through the bolt backend
//	corruptpage FILE           overwrite the root page of the store's
//	                           key-value buckets with junk
//	perm MODE PATH             fail unless PATH has permission bits MODE
//	                           (octal)
func init() {
	extraScriptCmds["mkfile"] = cmdMkfile
	extraScriptCmds["setenvq"] = cmdSetenvq
	extraScriptCmds["randfile"] = cmdRandfile
	extraScriptCmds["truncatefile"] = cmdTruncatefile
	extraScriptCmds["forgebolt"] = cmdForgebolt
	extraScriptCmds["setschema"] = cmdSetschema
	extraScriptCmds["corruptpage"] = cmdCorruptpage
	extraScriptCmds["perm"] = cmdPerm
}

var repeatPart = regexp.MustCompile(`^(".*")\*([0-9]+)$`)

// parts decodes the PART arguments of mkfile and setenvq.
func parts(ts *testscript.TestScript, args []string) []byte {
	var b []byte
	for _, a := range args {
		lit, n := a, 1
		if m := repeatPart.FindStringSubmatch(a); m != nil {
			lit = m[1]
			var err error
			n, err = strconv.Atoi(m[2])
			ts.Check(err)
		}
		s, err := strconv.Unquote(lit)
		if err != nil {
			ts.Fatalf("bad part %s: want a Go string literal, optionally with *N", a)
		}
		indexed := strings.Contains(s, "%d")
		for i := 0; i < n; i++ {
			if indexed {
				b = append(b, strings.ReplaceAll(s, "%d", strconv.Itoa(i))...)
			} else {
				b = append(b, s...)
			}
		}
	}
	return b
}

func cmdMkfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: mkfile FILE PART...")
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), parts(ts, args[1:]), 0o644))
}

func cmdSetenvq(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: setenvq NAME PART...")
	}
	ts.Setenv(args[0], string(parts(ts, args[1:])))
}

func cmdRandfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: randfile FILE N SEED")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	seed, err := strconv.ParseInt(args[2], 10, 64)
	ts.Check(err)
	b := make([]byte, n)
	rand.New(rand.NewSource(seed)).Read(b)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), b, 0o600))
}

func cmdTruncatefile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: truncatefile FILE N")
	}
	path := ts.MkAbs(args[0])
	info, err := os.Stat(path)
	ts.Check(err)
	size := info.Size() / 2
	if args[1] != "half" {
		size, err = strconv.ParseInt(args[1], 10, 64)
		ts.Check(err)
	}
	ts.Check(os.Truncate(path, size))
}

func cmdForgebolt(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: forgebolt FILE")
	}
	db, err := bbolt.Open(ts.MkAbs(args[0]), 0o600, nil)
	ts.Check(err)
	defer db.Close()
	ts.Check(db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucket([]byte("widgets"))
		if err != nil {
			return err
		}
		return b.Put([]byte("sprocket"), []byte("42"))
	}))
}

func cmdSetschema(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: setschema FILE V")
	}
	db, err := bolt.Open(ts.MkAbs(args[0]), store.Options{})
	ts.Check(err)
	defer db.Close()
	// The key is desk's schemaKey; were it renamed, the scripts that use
	// this command would stop seeing "upgrade deskctl" and fail.
	ts.Check(db.Update(context.Background(), func(tx store.Tx) error {
		return tx.Put([]byte("meta/schema"), []byte(args[1]))
	}))
}

func cmdCorruptpage(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: corruptpage FILE")
	}
	path := ts.MkAbs(args[0])
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true})
	ts.Check(err)
	// The root page of the bucket holding the most keys, whatever the
	// layout of the file (one flat bucket, or groups of buckets): the
	// records are behind it.
	var root uint64
	var most int
	var walk func(b *bbolt.Bucket)
	walk = func(b *bbolt.Bucket) {
		if n := b.Stats().KeyN; b.Root() != 0 && n > most {
			root, most = uint64(b.Root()), n
		}
		_ = b.ForEach(func(k, v []byte) error {
			if v == nil {
				if sub := b.Bucket(k); sub != nil {
					walk(sub)
				}
			}
			return nil
		})
	}
	ts.Check(db.View(func(tx *bbolt.Tx) error {
		return tx.ForEach(func(_ []byte, b *bbolt.Bucket) error {
			walk(b)
			return nil
		})
	}))
	pageSize := db.Info().PageSize
	ts.Check(db.Close())
	if root == 0 {
		ts.Fatalf("corruptpage: every bucket is inline; put more records in the store first")
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	ts.Check(err)
	defer f.Close()
	_, err = f.WriteAt([]byte(strings.Repeat("\xab", pageSize)), int64(root)*int64(pageSize))
	ts.Check(err)
}

func cmdPerm(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: perm MODE PATH")
	}
	want, err := strconv.ParseUint(args[0], 8, 32)
	ts.Check(err)
	info, err := os.Stat(ts.MkAbs(args[1]))
	ts.Check(err)
	got := uint64(info.Mode().Perm())
	if (got == want) == neg {
		ts.Fatalf("%s has mode %04o; want %s%04o", args[1], got, map[bool]string{true: "not ", false: ""}[neg], want)
	}
}
