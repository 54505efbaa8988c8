package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/hooks"
)

// ErrHookFailed is returned, with --strict-hooks, when a hook failed after
// its write committed: the write stands, the exit code says so.
var ErrHookFailed = errors.New("a hook failed")

// FireHooks runs the configured hooks for committed events. A failure is
// reported on stderr and recorded in the activity log; it never undoes the
// write, and fails the command only with --strict-hooks.
func (f *Factory) FireHooks(ctx context.Context, events []desk.Event) error {
	cfg, err := f.Config()
	if err != nil || cfg.NoHooks || len(cfg.Hooks) == 0 || len(events) == 0 {
		return err
	}
	evs := make([]hooks.Event, len(events))
	for i, e := range events {
		evs[i] = hooks.Event{Name: e.Name, ID: e.ID, Time: e.Time, Actor: cfg.Actor, Record: e.After, Before: e.Before}
		if evs[i].Record == nil {
			evs[i].Record = e.Before // a delete sends the record it removed
		}
	}
	failures := hooks.Run(ctx, cfg.Hooks, evs, f.IOStreams.ErrOut)
	if len(failures) == 0 {
		return nil
	}
	var msgs []string
	for _, fl := range failures {
		fmt.Fprintf(f.IOStreams.ErrOut, "deskctl: warning: %v (the write stands)\n", fl)
		msgs = append(msgs, fl.Error())
	}
	if err := f.logHookFailures(ctx, failures); err != nil {
		fmt.Fprintf(f.IOStreams.ErrOut, "deskctl: warning: could not record the hook failure in the activity log: %v\n", err)
	}
	if cfg.StrictHooks {
		return fmt.Errorf("%w: %s", ErrHookFailed, strings.Join(msgs, "; "))
	}
	return nil
}

func (f *Factory) logHookFailures(ctx context.Context, failures []hooks.Failure) error {
	d, err := f.Desk(ctx, true)
	if err != nil {
		return err
	}
	defer d.Close()
	_, err = d.Update(ctx, func(tx *desk.Tx) error {
		for _, fl := range failures {
			entity, _, _ := strings.Cut(fl.Event.Name, ".")
			if err := tx.LogHookFailure(entity, fl.Event.ID, fl.Event.Name, fl.Error()); err != nil {
				return err
			}
		}
		return nil
	})
	return err
}
