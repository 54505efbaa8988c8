//go:build unix

package cmdutil

import (
	"fmt"
	"syscall"
)

// handOver replaces this process with helper.
func handOver(helper string, args, env []string) error {
	err := syscall.Exec(helper, append([]string{helper}, args...), env)
	return fmt.Errorf("starting %s: %w", helper, err)
}
