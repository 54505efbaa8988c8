package bulk

import (
	"errors"

	"github.com/deskctl/deskctl/internal/spill"
)

// ErrLost is returned once a transaction that wrote to the buffer failed:
// its writes were held here while the store rolled the transaction back,
// so the buffer no longer matches what the store's journal recorded. The
// load must be rolled back.
var ErrLost = errors.New("bulk load: a failed transaction left held writes behind; roll the load back")

// ErrNoSpillFile is returned by Spill when no temporary file can be made
// ($TMPDIR missing or not writable): nothing was spilled, and the caller
// may apply the held writes to the store instead. A file that fills the
// disk later fails the load with the write's error.
var ErrNoSpillFile = spill.ErrNoFile

var errClosed = errors.New("bulk: the load is over")

var errFull = errors.New("bulk: one transaction holds more than 4 GiB of writes")
