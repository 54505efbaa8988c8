package transfer

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Profile is a named import mapping saved in the config (key
// profiles.NAME), LiveVox's "input filter": what an admin would otherwise
// type as --map, --ignore-unknown, --delimiter, --encoding and --format on
// every run of the same kind of file. Flags given on the command line win
// over the profile.
//
//	profiles:
//	  crm-export:
//	    map: {Company: name, "Web Site": website, Notes: "-"}
//	    ignore_unknown: true
//	    delimiter: ";"
//	    encoding: windows-1252
type Profile struct {
	Map           map[string]string
	IgnoreUnknown bool
	Delimiter     string
	Encoding      string
	Format        string
}

// LoadProfile finds profile name in raw, the config's profiles value as
// the config loader decoded it (maps of any). Unknown keys are errors, so
// that a typo does not silently do nothing.
func LoadProfile(raw any, name string) (*Profile, error) {
	all, ok := raw.(map[string]any)
	if !ok || all == nil {
		return nil, optionError("no import profiles are configured (config key profiles), so --profile %q names nothing", name)
	}
	val, ok := lookupFold(all, name)
	if !ok {
		return nil, optionError("no import profile %q in the config (profiles: %s)", name, strings.Join(sortedKeys(all), ", "))
	}
	m, ok := val.(map[string]any)
	if !ok {
		return nil, optionError("profile %q: want a map of settings", name)
	}
	p := &Profile{Map: map[string]string{}}
	for k, v := range m {
		var err error
		switch strings.ToLower(k) {
		case "map":
			err = p.decodeMap(v)
		case "ignore_unknown":
			p.IgnoreUnknown, err = asBool(v)
		case "delimiter":
			p.Delimiter, err = asString(v)
		case "encoding":
			p.Encoding, err = asString(v)
		case "format":
			p.Format, err = asString(v)
		default:
			err = fmt.Errorf("unknown setting %q (map, ignore_unknown, delimiter, encoding, format)", k)
		}
		if err != nil {
			return nil, optionError("profile %q: %v", name, err)
		}
	}
	return p, nil
}

func (p *Profile) decodeMap(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("map: want input column: field pairs")
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s, err := asString(m[k])
		if err != nil {
			return fmt.Errorf("map %q: %v", k, err)
		}
		p.Map[k] = s
	}
	return nil
}

func lookupFold(m map[string]any, name string) (any, bool) {
	if v, ok := m[name]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

func asString(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case nil:
		return "", nil
	}
	return "", fmt.Errorf("want a string, got %v", v)
}

func asBool(v any) (bool, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		return strconv.ParseBool(x)
	}
	return false, fmt.Errorf("want true or false, got %v", v)
}
