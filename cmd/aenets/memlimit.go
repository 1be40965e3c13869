package main

import (
	"runtime/debug"
	"sync"

	"github.com/aenets/aenets/data"
)

// This file keeps the heap's soft limit in step with the data a command
// loads (see main).

// heapBesidesData is the room the soft limit leaves for what a run holds
// besides its data: Gorgonia's graphs for chunks of nets.EvalChunk samples,
// the hand-written copy of the net the report runs, the report's arrays.
// A VAE 784-400-20 on MNIST holds 344 MiB of these at its peak (the NegELBO
// pass of its report), besides its 419 MiB of data, so that 448 MiB leaves
// the collector 100 MiB of slack there.
const heapBesidesData = 448 << 20

// memoryLimit sets the heap's soft limit to heapBesidesData plus the
// values of the data sets loaded so far.
type memoryLimit struct {
	mu    sync.Mutex
	bytes int64 // of the data sets' values
}

// heapLimit is main's, unless GOMEMLIMIT decides; nil (as in tests, which
// do not run main) leaves the limit alone.
var heapLimit *memoryLimit

// add counts n more bytes of data and sets the limit.
func (l *memoryLimit) add(n int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.bytes += n
	debug.SetMemoryLimit(heapBesidesData + l.bytes)
}

// loadData is data.Load, and raises the heap's soft limit by the size of
// the data's values.
func loadData(source string) (*data.Dataset, error) {
	ds, err := data.Load(source)
	if err == nil && heapLimit != nil {
		heapLimit.add(8 * int64(len(ds.X)))
	}
	return ds, err
}
