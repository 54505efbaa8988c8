// Command measure runs one command and prints, on one line to standard
// error (or to -o FILE, appended), its wall time in milliseconds, its peak
// private memory in KiB and its exit code:
//
//	measure -o times.txt -- deskctl import accounts a.csv
//	=> "12873.4 143212 0"
//
// Peak private memory is the highest RssAnon seen in /proc/PID/status,
// polled every millisecond. Unlike VmHWM it leaves out pages of mapped
// files, so a store that bbolt maps into memory (and the page cache holds)
// does not count as the process's own. The command's standard input,
// output and error are passed through (use shell redirections to discard).
//
// With -wall the memory is not polled (it prints 0): reading
// /proc/PID/status every millisecond takes locks the measured process's
// page faults wait for, and added a millisecond or two to commands that
// run for ten, where the memory is not what is measured.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"time"
)

func main() {
	out := flag.String("o", "", "append the result line to `file` (default: standard error)")
	wallOnly := flag.Bool("wall", false, "measure the wall time only, without polling the memory")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: measure [-o FILE] -- command [args...]")
		os.Exit(2)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "measure:", err)
		os.Exit(2)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	var peak int64
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	var err error
wait:
	for {
		if *wallOnly {
			err = <-done
			break wait
		}
		if kb := rssAnon(status); kb > peak {
			peak = kb
		}
		select {
		case err = <-done:
			break wait
		case <-tick.C:
		}
	}
	wall := time.Since(start)
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		code = -1
	}
	line := fmt.Sprintf("%.1f %d %d\n", float64(wall.Microseconds())/1000, peak, code)
	w := os.Stderr
	if *out != "" {
		f, ferr := os.OpenFile(*out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if ferr != nil {
			fmt.Fprintln(os.Stderr, "measure:", ferr)
			os.Exit(2)
		}
		w = f
	}
	fmt.Fprint(w, line)
	if w != os.Stderr {
		_ = w.Close()
	}
	os.Exit(code)
}

// rssAnon returns the RssAnon line of a /proc/PID/status file in KiB, or 0
// once the process is gone.
func rssAnon(path string) int64 {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if rest, ok := bytes.CutPrefix(sc.Bytes(), []byte("RssAnon:")); ok {
			f := bytes.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(string(f[0]), 10, 64)
				return n
			}
		}
	}
	return 0
}
