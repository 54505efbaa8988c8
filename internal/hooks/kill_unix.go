//go:build unix

package hooks

import (
	"os/exec"
	"syscall"
)

// killGroup makes the hook the leader of its own process group and kills
// the whole group on timeout, so that a shell hook's children die too.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
