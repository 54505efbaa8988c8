package journal

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
)

// modelConfig is one layout of held prefixes and tails.
type modelConfig struct {
	name  string
	hold  []string
	tails []string
	empty bool // start from an empty store
}

var modelConfigs = []modelConfig{
	{name: "desk", hold: []string{"ix/a/"}, tails: []string{"rec/", "ix/a/"}},
	{name: "heldNoTail", hold: []string{"ix/a/", "ix/b/"}, tails: []string{"rec/"}},
	{name: "restoreOverlap", hold: []string{"ix/"}, tails: []string{"ix/l/", "ix/"}},
	{name: "restoreOverlapEmpty", hold: []string{"ix/"}, tails: []string{"ix/l/", "ix/"}, empty: true},
	{name: "broaderTail", hold: []string{"ix/a/"}, tails: []string{"ix/"}},
	{name: "deskMany", hold: []string{"ix/a/", "ix/b/"}, tails: []string{"rec/", "ix/l/", "ix/a/", "ix/b/"}},
}

// modelSeeds runs per layout and budget: 25 keep the test a few seconds
// under -race; a helper ran 600 without a failure once the bugs it found
// (overlap_test.go) were fixed.
var modelSeeds = 25

var modelPrefixes = []string{"ix/a/", "ix/b/", "ix/l/", "rec/", "keep/"}

func modelKey(rng *rand.Rand) string {
	return fmt.Sprintf("%s%02d", modelPrefixes[rng.IntN(len(modelPrefixes))], rng.IntN(30))
}

func modelSeed(t *testing.T, s store.Store, rng *rand.Rand, empty bool) map[string]string {
	t.Helper()
	if err := s.Update(context.Background(), func(tx store.Tx) error {
		if empty {
			return tx.Put([]byte("keep/zz"), []byte("x"))
		}
		for range 40 {
			k := modelKey(rng)
			if err := tx.Put([]byte(k), []byte("seed "+k)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return dump(t, s)
}

func diff(a, b map[string]string) string {
	var out []string
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			out = append(out, fmt.Sprintf("%s: got %q want %q(present %v)", k, v, w, ok))
		}
	}
	for k, w := range b {
		if _, ok := a[k]; !ok {
			out = append(out, fmt.Sprintf("%s: missing, want %q", k, w))
		}
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}

// TestUnitAgreesWithModel drives units that hold and tail in several
// layouts (as desk's imports and restore do, and overlapping ways they do
// not) through random transactions — puts, deletes, reads, scans with
// writes from their callbacks, failures, flushes — under budgets that
// spill every time, sometimes or never, and ends each by commit, rollback,
// a crash and Recover, or a crash inside the commit's drains: the store
// must then equal the model of the committed work, or the state before.
func TestUnitAgreesWithModel(t *testing.T) {
	ctx := context.Background()
	for _, cfg := range modelConfigs {
		for _, budget := range []int{1, 300, 1 << 30} {
			for seed := range modelSeeds {
				name := fmt.Sprintf("%s/budget=%d/seed=%d", cfg.name, budget, seed)
				rng := rand.New(rand.NewPCG(uint64(seed), uint64(budget)))
				base := openStore(t)
				cs := &crashStore{Store: base}
				before := modelSeed(t, base, rng, cfg.empty)
				u, err := Begin(ctx, cs, 1, "model")
				if err != nil {
					t.Fatal(err)
				}
				u.Hold(budget, cfg.hold...)
				u.Tails(cfg.tails...)
				model := maps.Clone(before)
				failed := false
				for round := range 12 {
					local := maps.Clone(model)
					val := 0
					fail := rng.IntN(40) == 0
					var check error
					err := u.Update(ctx, func(tx store.Tx) error {
						put := func(k string) error {
							val++
							v := fmt.Sprintf("r%d-%d", round, val)
							local[k] = v
							return tx.Put([]byte(k), []byte(v))
						}
						del := func(k string) error {
							delete(local, k)
							return tx.Delete([]byte(k))
						}
						for range 25 {
							switch op := rng.IntN(10); {
							case op < 4:
								if err := put(modelKey(rng)); err != nil {
									return err
								}
							case op < 6:
								if err := del(modelKey(rng)); err != nil {
									return err
								}
							case op < 8:
								k := modelKey(rng)
								v, err := tx.Get([]byte(k))
								w, ok := local[k]
								if ok && (err != nil || string(v) != w) || !ok && !errors.Is(err, store.ErrNotFound) {
									check = fmt.Errorf("round %d: get %s = %q, %v; want %q (%v)", round, k, v, err, w, ok)
									return check
								}
							default:
								p := []string{"ix/", "ix/a/", "ix/b/", "ix/l/", "rec/"}[rng.IntN(5)]
								rev := rng.IntN(2) == 0
								var want []string
								for k := range local {
									if strings.HasPrefix(k, p) {
										want = append(want, k+"="+local[k])
									}
								}
								slices.Sort(want)
								if rev {
									slices.Reverse(want)
								}
								inside := rng.IntN(3) == 0
								var got []string
								n := 0
								err := tx.Scan([]byte(p), store.ScanOptions{Reverse: rev}, func(k, v []byte) error {
									got = append(got, string(k)+"="+string(v))
									n++
									if n%3 == 0 {
										// a write from inside the scan: elsewhere or inside
										k2 := modelKey(rng)
										if !inside {
											for strings.HasPrefix(k2, p) {
												k2 = modelKey(rng)
											}
										}
										if rng.IntN(3) == 0 {
											return del(k2)
										}
										return put(k2)
									}
									return nil
								})
								if err != nil {
									return err
								}
								if !inside && !slices.Equal(got, want) {
									check = fmt.Errorf("round %d: scan %s rev=%v = %v, want %v", round, p, rev, got, want)
									return check
								}
							}
						}
						if fail {
							return errors.New("fail")
						}
						return nil
					})
					if check != nil {
						t.Fatalf("%s: %v", name, check)
					}
					if err != nil {
						if !fail {
							t.Fatalf("%s: round %d: %v", name, round, err)
						}
						failed = true
						break
					}
					model = local
					if rng.IntN(6) == 0 {
						if err := u.Flush(ctx); err != nil {
							t.Fatalf("%s: flush: %v", name, err)
						}
						if got := dump(t, base); !maps.Equal(got, model) {
							t.Fatalf("%s: after flush: %s", name, diff(got, model))
						}
					}
				}
				end := rng.IntN(4)
				if failed {
					end = 1
				}
				switch end {
				case 0: // commit
					if err := u.Commit(ctx, nil); err != nil {
						t.Fatalf("%s: commit: %v", name, err)
					}
					if got := dump(t, base); !maps.Equal(got, model) {
						t.Errorf("%s: after commit: %s", name, diff(got, model))
					}
				case 1: // rollback
					if err := u.Rollback(ctx, nil); err != nil {
						t.Fatalf("%s: rollback: %v", name, err)
					}
					if got := dump(t, base); !maps.Equal(got, before) {
						t.Errorf("%s: after rollback: %s", name, diff(got, before))
					}
				case 2: // crash, then recover
					if err := Recover(ctx, base, nil); err != nil {
						t.Fatal(err)
					}
					if got := dump(t, base); !maps.Equal(got, before) {
						t.Errorf("%s: after recover: %s", name, diff(got, before))
					}
				case 3: // crash inside the commit's drains
					cs.dieAt = cs.updates + 1 + rng.IntN(2)
					err := u.Commit(ctx, nil)
					if err == nil {
						if got := dump(t, base); !maps.Equal(got, model) {
							t.Errorf("%s: after commit: %s", name, diff(got, model))
						}
						break
					}
					open, _ := Open(ctx, base)
					want := before
					if _, ok := open[1]; !ok {
						want = model // the crash came after the commit point
					}
					if err := Recover(ctx, base, nil); err != nil {
						t.Fatal(err)
					}
					if got := dump(t, base); !maps.Equal(got, want) {
						t.Errorf("%s: after crash in commit + recover: %s", name, diff(got, want))
					}
				}
				assertNoJournal(t, base)
			}
		}
	}
}
