package hooks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// DefaultTimeout bounds a hook that names no timeout.
const DefaultTimeout = 10 * time.Second

// Hook is one configured command.
type Hook struct {
	On      string        // event pattern, e.g. "account.created" or "contact.*"
	Run     []string      // argv
	Timeout time.Duration // 0 means DefaultTimeout
}

// Event is what a hook receives.
type Event struct {
	Name   string    `json:"event"`
	ID     uint64    `json:"id"`
	Time   time.Time `json:"time"`
	Actor  string    `json:"actor"`
	Record any       `json:"record"`
	Before any       `json:"before,omitempty"`
}

// Failure is a hook that failed, timed out or could not start.
type Failure struct {
	Hook  Hook
	Event Event
	Err   error
}

func (f Failure) Error() string {
	return fmt.Sprintf("hook %q for %s %d failed: %v", strings.Join(f.Hook.Run, " "), f.Event.Name, f.Event.ID, f.Err)
}

// ErrTimeout is wrapped by a Failure whose hook ran past its timeout.
var ErrTimeout = errors.New("timed out")

// Parse reads the config value `hooks` (a list of maps, as viper decodes
// YAML, TOML or JSON) and checks every entry.
func Parse(raw any) ([]Hook, error) {
	if raw == nil {
		return nil, nil
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, fmt.Errorf("hooks: want a list of {on, run, timeout}, got %T", raw)
	}
	var out []Hook
	for i, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("hooks[%d]: want a map with on, run and timeout", i)
		}
		h, err := parseOne(m)
		if err != nil {
			return nil, fmt.Errorf("hooks[%d]: %w", i, err)
		}
		out = append(out, h)
	}
	return out, nil
}

func parseOne(m map[string]any) (Hook, error) {
	var h Hook
	for k := range m {
		if k != "on" && k != "run" && k != "timeout" {
			return h, fmt.Errorf("unknown key %q (keys: on, run, timeout)", k)
		}
	}
	on, _ := m["on"].(string)
	if err := checkPattern(on); err != nil {
		return h, err
	}
	h.On = on
	run, ok := m["run"].([]any)
	if !ok || len(run) == 0 {
		return h, errors.New(`run: want a non-empty list of strings, e.g. ["/usr/local/bin/notify", "--new"]`)
	}
	for _, a := range run {
		s, ok := a.(string)
		if !ok {
			return h, fmt.Errorf("run: %v is not a string", a)
		}
		h.Run = append(h.Run, s)
	}
	switch t := m["timeout"].(type) {
	case nil:
	case string:
		d, err := time.ParseDuration(t)
		if err != nil || d <= 0 {
			return h, fmt.Errorf("timeout: %q is not a positive duration such as 10s", t)
		}
		h.Timeout = d
	default:
		return h, fmt.Errorf("timeout: want a duration such as 10s, got %v", t)
	}
	return h, nil
}

func checkPattern(p string) error {
	segs := strings.Split(p, ".")
	if len(segs) != 2 || segs[0] == "" || segs[1] == "" {
		return fmt.Errorf("on: %q is not an event pattern such as account.created or contact.*", p)
	}
	return nil
}

// Matches reports whether pattern matches event; "*" matches one segment.
func Matches(pattern, event string) bool {
	ps, es := strings.Split(pattern, "."), strings.Split(event, ".")
	if len(ps) != len(es) {
		return false
	}
	for i := range ps {
		if ps[i] != "*" && ps[i] != es[i] {
			return false
		}
	}
	return true
}

// Run runs every hook that matches each event, in order, and returns the
// failures. Hooks' own output goes to stderr (the caller's stderr), never to
// stdout, which carries deskctl's data.
func Run(ctx context.Context, hooks []Hook, events []Event, stderr io.Writer) []Failure {
	var failures []Failure
	for _, ev := range events {
		for _, h := range hooks {
			if !Matches(h.On, ev.Name) {
				continue
			}
			if err := runOne(ctx, h, ev, stderr); err != nil {
				failures = append(failures, Failure{Hook: h, Event: ev, Err: err})
			}
		}
	}
	return failures
}

func runOne(ctx context.Context, h Hook, ev Event, stderr io.Writer) error {
	payload, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	timeout := h.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, h.Run[0], h.Run[1:]...)
	cmd.Stdin = bytes.NewReader(append(payload, '\n'))
	cmd.Stdout = stderr
	cmd.Stderr = stderr
	cmd.Env = append(os.Environ(), "DESKCTL_EVENT="+ev.Name, "DESKCTL_ID="+strconv.FormatUint(ev.ID, 10))
	killGroup(cmd)
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		return fmt.Errorf("%w after %s", ErrTimeout, timeout)
	}
	return err
}
