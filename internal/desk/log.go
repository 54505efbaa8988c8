package desk

import (
	"bytes"
	"encoding/json"
	"time"
)

// LogEntry is one line of the activity log: who changed what, when.
type LogEntry struct {
	ID        uint64    `json:"id"`
	Time      time.Time `json:"time"`
	Actor     string    `json:"actor"`
	Entity    string    `json:"entity"`
	EntityID  uint64    `json:"entity_id"`
	Action    string    `json:"action"`
	AccountID Ref       `json:"account_id"`
	Changes   []Change  `json:"changes"`
	// Detail says more where changes cannot: why a hook failed.
	Detail string `json:"detail"`
	Stamp
}

// Change is one field's value before and after a write, as JSON.
type Change struct {
	Field  string          `json:"field"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

func (l *LogEntry) recordID() uint64      { return l.ID }
func (l *LogEntry) setRecordID(id uint64) { l.ID = id }
func (l *LogEntry) stamp() *Stamp         { return &l.Stamp }

var logEntries = &entity[LogEntry, *LogEntry]{
	kind: "log",
	indexes: []index[LogEntry]{
		{name: "account", values: func(l *LogEntry) [][]byte { return idValue(uint64(l.AccountID)) }},
	},
}

// bookkeeping fields never appear as changes.
var unloggedFields = map[string]bool{"id": true, "created_at": true, "updated_at": true, "version": true}

// record appends an activity log entry for a write and queues its event.
// before is nil for a create, after nil for a delete.
//
// A create logs no changes: until its first update the record itself is
// its first version, and every update (and the delete) logs the fields'
// values before it. Keeping creates small keeps the log of a million-row
// import small.
func (tx *Tx) record(entityKind string, id uint64, action string, account Ref, before, after any) error {
	changes := []Change{}
	if before != nil {
		var err error
		if changes, err = diff(before, after); err != nil {
			return err
		}
	}
	return tx.recordChanges(entityKind, id, action, account, before, after, changes)
}

// recordChanges is record with the changes already computed: an update
// diffs the record once, to skip a write that changes nothing, and logs
// that same diff.
func (tx *Tx) recordChanges(entityKind string, id uint64, action string, account Ref, before, after any, changes []Change) error {
	e := &LogEntry{Time: tx.now, Actor: tx.d.opts.Actor, Entity: entityKind, EntityID: id, Action: action, AccountID: account, Changes: changes}
	if err := logEntries.insert(tx.st, e, tx.now); err != nil {
		return err
	}
	tx.events = append(tx.events, Event{Name: entityKind + "." + action, ID: id, Time: tx.now, Before: before, After: after})
	return nil
}

// LogHookFailure records in the activity log that a hook failed after the
// write of event committed. It is the only log entry that is not a write
// of the record itself, and it fires no event.
func (tx *Tx) LogHookFailure(entityKind string, id uint64, event, message string) error {
	e := &LogEntry{Time: tx.now, Actor: tx.d.opts.Actor, Entity: entityKind, EntityID: id, Action: "hook_failed",
		Changes: []Change{}, Detail: event + ": " + message}
	if entityKind == "account" {
		e.AccountID = Ref(id)
	}
	return logEntries.insert(tx.st, e, tx.now)
}

// diff lists the top-level JSON fields that differ between two records,
// in the records' declaration order.
func diff(before, after any) ([]Change, error) {
	bKeys, b, err := members(before)
	if err != nil {
		return nil, err
	}
	aKeys, a, err := members(after)
	if err != nil {
		return nil, err
	}
	keys := bKeys
	if keys == nil {
		keys = aKeys
	}
	var out []Change
	for _, name := range keys {
		if unloggedFields[name] || bytes.Equal(b[name], a[name]) {
			continue
		}
		if (b == nil && isEmptyJSON(a[name])) || (a == nil && isEmptyJSON(b[name])) {
			continue // a create or delete logs only the fields that hold something
		}
		out = append(out, Change{Field: name, Before: orNull(b[name]), After: orNull(a[name])})
	}
	return out, nil
}

// members encodes rec once and returns its top-level keys in order with
// their raw values; a nil rec has none.
func members(rec any) ([]string, map[string]json.RawMessage, error) {
	if rec == nil {
		return nil, nil, nil
	}
	raw, err := json.Marshal(rec)
	if err != nil {
		return nil, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return nil, nil, err
	}
	var keys []string
	vals := map[string]json.RawMessage{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, err
		}
		keys = append(keys, t.(string))
		vals[t.(string)] = v
	}
	return keys, vals, nil
}

func orNull(v json.RawMessage) json.RawMessage {
	if v == nil {
		return json.RawMessage("null")
	}
	return v
}

func isEmptyJSON(v json.RawMessage) bool {
	switch string(v) {
	case "", `""`, "[]", "{}", "null", "0":
		return true
	}
	return false
}
