package transfer

// asyncWriter runs a recordWriter on a goroutine of its own, fed chunks of
// records, so that an export reads and decodes records on the
// transaction's goroutine while another core formats and writes them:
// the two halves cost about the same, and an export of a million accounts
// takes about half the time it takes on one core.
type asyncWriter struct {
	rw     *recordWriter
	chunk  []exportRecord
	chunks chan []exportRecord
	done   chan struct{} // closed when the writing goroutine ends
	err    error         // the first write error; read after done
}

// exportChunk is the number of records handed over at a time: enough to
// make the hand-over cheap, few enough to keep memory small.
const exportChunk = 256

func startAsync(rw *recordWriter) *asyncWriter {
	a := &asyncWriter{rw: rw, chunks: make(chan []exportRecord, 4), done: make(chan struct{})}
	a.chunk = make([]exportRecord, 0, exportChunk)
	go a.loop()
	return a
}

func (a *asyncWriter) loop() {
	defer close(a.done)
	for c := range a.chunks {
		for _, r := range c {
			if err := a.rw.write(r); err != nil {
				a.err = err
				return
			}
		}
	}
	a.err = a.rw.close()
}

// write queues r; it returns the writer's error once writing has failed.
func (a *asyncWriter) write(r exportRecord) error {
	a.chunk = append(a.chunk, r)
	if len(a.chunk) < exportChunk {
		return nil
	}
	return a.flush()
}

func (a *asyncWriter) flush() error {
	select {
	case a.chunks <- a.chunk:
		a.chunk = make([]exportRecord, 0, exportChunk)
		return nil
	case <-a.done:
		return a.err
	}
}

// close hands over the last records, waits for the writing goroutine and
// returns its error, the recordWriter's close included. abort stops
// early after a failed read, dropping what is queued.
func (a *asyncWriter) close() error {
	if err := a.flush(); err != nil {
		return err
	}
	close(a.chunks)
	<-a.done
	return a.err
}

func (a *asyncWriter) abort() {
	close(a.chunks)
	<-a.done
}
