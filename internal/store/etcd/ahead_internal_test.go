package etcd

import (
	"fmt"
	"testing"

	"go.etcd.io/etcd/api/v3/mvccpb"
)

// TestAheadStretches checks how the read-ahead cache joins the stretches
// of keys it has fetched.
func TestAheadStretches(t *testing.T) {
	var a ahead
	kv := func(k string) *mvccpb.KeyValue { return &mvccpb.KeyValue{Key: []byte(k), Value: []byte("v")} }
	steps := []struct {
		start, end string
		kvs        []*mvccpb.KeyValue
		want       string
	}{
		{"d", "f", []*mvccpb.KeyValue{kv("d"), kv("e")}, "[{d f}]"},
		{"m", "p", nil, "[{d f} {m p}]"},
		{"a", "b", []*mvccpb.KeyValue{kv("a")}, "[{a b} {d f} {m p}]"},
		{"f", "g", nil, "[{a b} {d g} {m p}]"}, // touches: joined
		{"c", "n", nil, "[{a b} {c p}]"},       // overlaps two
		{"b", "c", nil, "[{a p}]"},             // fills the gap
		{"x", "z", []*mvccpb.KeyValue{kv("y")}, "[{a p} {x z}]"},
	}
	for _, s := range steps {
		a.add(s.start, s.end, s.kvs)
		if got := fmt.Sprint(a.known); got != s.want {
			t.Fatalf("after adding [%s, %s): %s, want %s", s.start, s.end, got, s.want)
		}
	}
	for k, want := range map[string]string{"a": "v", "d": "v", "y": "v", "c": "absent", "o": "absent", "q": "unknown", "z": "unknown", "": "unknown"} {
		got := "unknown"
		if a.find(k) >= 0 {
			got = "absent"
			if kv := a.kvs[k]; kv != nil {
				got = string(kv.Value)
			}
		}
		if got != want {
			t.Errorf("%q: %s, want %s", k, got, want)
		}
	}
}
