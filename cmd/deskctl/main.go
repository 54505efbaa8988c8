// Command deskctl keeps a help desk's accounts, contacts and tickets in an
// embedded store. Everything lives in internal/cli; see `deskctl --help`.
package main

import (
	"os"

	"github.com/deskctl/deskctl/internal/cli"
)

func main() { os.Exit(cli.Main()) }
