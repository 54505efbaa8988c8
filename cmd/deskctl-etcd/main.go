// Command deskctl-etcd is deskctl with the etcd backend linked in.
// deskctl hands every command whose store is etcd:// over to it; it can
// also be run directly.
package main

import (
	"os"

	"github.com/deskctl/deskctl/internal/cli"
	_ "github.com/deskctl/deskctl/internal/cli/etcdstore"
)

func main() { os.Exit(cli.Main()) }
