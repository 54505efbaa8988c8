//go:build !unix

package cmdutil

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// handOver runs helper as a child on the same streams and exits with its
// code: there is no exec that replaces a process here.
func handOver(helper string, args, env []string) error {
	cmd := exec.Command(helper, args...)
	cmd.Env, cmd.Stdin, cmd.Stdout, cmd.Stderr = env, os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		os.Exit(0)
	case errors.As(err, &exit):
		os.Exit(exit.ExitCode())
	}
	return fmt.Errorf("starting %s: %w", helper, err)
}
