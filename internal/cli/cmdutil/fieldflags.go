package cmdutil

import (
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/deskctl/deskctl/internal/desk"
)

// TextFlag binds a flag to the text field of a record it sets.
type TextFlag struct{ Flag, Field, Help string }

// FieldFlags are the flags that set a record's fields, shared by a noun's
// create and edit: the text fields of a table and, for records that have
// them, custom fields (--field key=value). Only the flags the user gave
// become changes, so an edit leaves the other fields alone and
// `--phone ""` clears the phone.
type FieldFlags struct {
	fs     *pflag.FlagSet
	text   []TextFlag
	values []*string // parallel to text
	custom []string  // key=value
}

// Register defines the flags on fs: one per text field, and --field when
// custom is set.
func (ff *FieldFlags) Register(fs *pflag.FlagSet, text []TextFlag, custom bool) {
	ff.fs, ff.text = fs, text
	for _, t := range text {
		ff.values = append(ff.values, fs.String(t.Flag, "", t.Help))
	}
	if custom {
		fs.StringArrayVar(&ff.custom, "field", nil, "set custom field `key=value` (repeatable; an empty value removes it)")
	}
}

// Changed reports whether the flag named name was given.
func (ff *FieldFlags) Changed(name string) bool { return ff.fs.Changed(name) }

// Given reports whether any text field or custom field flag was given.
func (ff *FieldFlags) Given() bool {
	for _, t := range ff.text {
		if ff.fs.Changed(t.Flag) {
			return true
		}
	}
	return len(ff.custom) > 0
}

// Check rejects malformed --field values before the store is opened.
func (ff *FieldFlags) Check() error {
	for _, kv := range ff.custom {
		if k, _, ok := strings.Cut(kv, "="); !ok || strings.TrimSpace(k) == "" {
			return FlagErrorf("--field %q: want key=value", kv)
		}
	}
	return nil
}

// Changes returns the given text and custom fields as field changes.
func (ff *FieldFlags) Changes() []desk.FieldValue {
	var set []desk.FieldValue
	for i, t := range ff.text {
		if ff.fs.Changed(t.Flag) {
			set = append(set, desk.FieldValue{Field: t.Field, Value: *ff.values[i]})
		}
	}
	for _, kv := range ff.custom {
		k, v, _ := strings.Cut(kv, "=")
		set = append(set, desk.FieldValue{Field: "field." + k, Value: v})
	}
	return set
}

// Ref appends to set the id field that the reference given to flag names,
// resolved inside the write transaction; an empty reference clears it. It
// returns set unchanged when flag was not given.
func (ff *FieldFlags) Ref(set []desk.FieldValue, flag, field, ref string, resolve func(string) (uint64, error)) ([]desk.FieldValue, error) {
	if !ff.fs.Changed(flag) {
		return set, nil
	}
	id := ""
	if strings.TrimSpace(ref) != "" {
		n, err := resolve(ref)
		if err != nil {
			return nil, err
		}
		id = strconv.FormatUint(n, 10)
	}
	return append(set, desk.FieldValue{Field: field, Value: id}), nil
}
