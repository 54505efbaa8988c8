package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// These are set with -ldflags "-X ...". Leave them as plain string vars:
// the linker can only stamp uninitialised or constant-initialised strings.
var (
	// Version is the release version, such as "v1.2.3".
	Version = "dev"
	// Commit is the git commit the binary was built from.
	Commit = "none"
	// Date is the build time, RFC 3339.
	Date = "unknown"
)

// Info describes this build. Its JSON form is the output of
// `deskctl version -o json`.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	Date      string `json:"date"`
	GoVersion string `json:"go_version"`
	Platform  string `json:"platform"`
}

// Get returns the build's Info: the stamped variables, completed from the
// Go build information when they were not stamped.
func Get() Info {
	info := Info{
		Version:   Version,
		Commit:    Commit,
		Date:      Date,
		GoVersion: runtime.Version(),
		Platform:  runtime.GOOS + "/" + runtime.GOARCH,
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	if info.Version == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		info.Version = bi.Main.Version
	}
	var dirty bool
	var rev, when string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if info.Commit == "none" && rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if dirty {
			rev += "-dirty"
		}
		info.Commit = rev
	}
	if info.Date == "unknown" && when != "" {
		info.Date = when
	}
	return info
}

// String is the one-line form: "VERSION (COMMIT, DATE)".
func (i Info) String() string {
	return fmt.Sprintf("%s (%s, %s)", i.Version, i.Commit, i.Date)
}
