package manager

import (
	"github.com/spf13/pflag"

	"github.com/deskctl/deskctl/internal/desk"
)

// fieldFlags are the flags that set manager fields, shared by create and
// edit. Only the flags the user gave become changes, so an edit leaves the
// other fields alone and `--phone ""` clears the phone.
type fieldFlags struct {
	fs     *pflag.FlagSet
	values map[string]*string // field → flag value
}

// textFlags maps a flag name to the manager field it sets, in the order of
// desk.ManagerFields.
var textFlags = []struct{ flag, field, help string }{
	{"name", "name", "manager's `name`"},
	{"email", "email", "email `address` (unique)"},
	{"employee-id", "employee_id", "employee `id` (unique)"},
	{"login", "login", "`login` name (unique; no spaces or '@')"},
	{"phone", "phone", "phone `number`"},
	{"mobile", "mobile", "mobile phone `number`"},
}

func (ff *fieldFlags) register(fs *pflag.FlagSet) {
	ff.fs, ff.values = fs, map[string]*string{}
	for _, t := range textFlags {
		ff.values[t.field] = fs.String(t.flag, "", t.help)
	}
}

// changes turns the given flags into field changes.
func (ff *fieldFlags) changes() []desk.FieldValue {
	var set []desk.FieldValue
	for _, t := range textFlags {
		if ff.fs.Changed(t.flag) {
			set = append(set, desk.FieldValue{Field: t.field, Value: *ff.values[t.field]})
		}
	}
	return set
}
