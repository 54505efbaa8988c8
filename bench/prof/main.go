// Command prof runs one deskctl invocation with a CPU (and, at exit, heap)
// profile written where DESKCTL_CPUPROFILE and DESKCTL_MEMPROFILE say:
// the same code as bin/deskctl, for finding where a benchmark's time goes.
//
//	DESKCTL_CPUPROFILE=cpu.out go run ./bench/prof --db x.db import accounts a.csv
//	go tool pprof -top cpu.out
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/deskctl/deskctl/internal/cli"
)

func main() {
	if path := os.Getenv("DESKCTL_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "prof:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "prof:", err)
			os.Exit(1)
		}
	}
	code := cli.Main()
	pprof.StopCPUProfile()
	if path := os.Getenv("DESKCTL_MEMPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			runtime.GC()
			_ = pprof.WriteHeapProfile(f)
			_ = f.Close()
		}
	}
	os.Exit(code)
}
