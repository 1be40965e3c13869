package training

import (
	"math/rand/v2"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/training/noise"
)

// A Batcher cuts a dataset into the batches of training's epochs, as Train
// feeds them: every epoch a new seeded shuffle of the samples when
// minibatching (the full batch is the data itself, in order, not copied),
// a noise level drawn for the epoch, and every batch's inputs corrupted
// afresh (with Noise; else the inputs are the targets). Its draws come from
// the seed's shuffle and noise streams, in Train's order, so anything that
// steps a model on a Batcher's batches feeds it what Train would.
//
// The slices Next returns are the Batcher's own (or the dataset's): valid
// until the next call. A Batcher is not safe for concurrent use.
type Batcher struct {
	ds     *data.Dataset
	size   int          // samples per batch; ds.N for the full batch
	noise  *noise.Noise // nil: clean inputs
	order  []int        // sample order of the epoch
	xb, tb []float64
	level  float64 // the epoch's noise level
	lo     int     // first sample of the next batch in order; ds.N: the epoch is done

	shuffle, r *rand.Rand
}

// NewBatcher returns a Batcher of ds in batches of size samples (0, or at
// least ds.N: the full batch), corrupting inputs with noise (nil: none),
// its draws from the streams of seed. Call Epoch before the first Next.
func NewBatcher(ds *data.Dataset, size int, noise *noise.Noise, seed uint64) *Batcher {
	if size <= 0 || size > ds.N {
		size = ds.N
	}
	b := &Batcher{ds: ds, size: size, noise: noise, order: make([]int, ds.N), lo: ds.N,
		xb: make([]float64, size*ds.D), tb: make([]float64, size*ds.D),
		shuffle: rng.New(seed, rng.Shuffle), r: rng.New(seed, rng.Noise)}
	for i := range b.order {
		b.order[i] = i
	}
	return b
}

// Size is the number of samples of a batch: every batch of an epoch but
// the last, which holds the rest.
func (b *Batcher) Size() int { return b.size }

// Sizes are the batch sizes an epoch has: Size, and the last batch's if it
// is smaller.
func (b *Batcher) Sizes() []int {
	s := []int{b.size}
	if r := b.ds.N % b.size; r != 0 {
		s = append(s, r)
	}
	return s
}

// Epoch starts an epoch: it shuffles the samples (when minibatching) and
// draws the epoch's noise level.
func (b *Batcher) Epoch() {
	if b.size < b.ds.N {
		b.shuffle.Shuffle(b.ds.N, func(i, j int) {
			b.order[i], b.order[j] = b.order[j], b.order[i]
		})
	}
	b.level = 0
	if b.noise != nil {
		b.level = b.noise.EpochLevel(b.r)
	}
	b.lo = 0
}

// Next returns the next batch of the epoch: its inputs x and targets t
// (n×D each) and its size n; ok is false when the epoch is done.
func (b *Batcher) Next() (x, t []float64, n int, ok bool) {
	d, all := b.ds.D, b.ds.N
	if b.lo >= all {
		return nil, nil, 0, false
	}
	n = min(b.size, all-b.lo)
	if b.size == all {
		t = b.ds.X // full batch in data order: no copy
	} else {
		t = b.tb[:n*d]
		for k, i := range b.order[b.lo : b.lo+n] {
			copy(t[k*d:(k+1)*d], b.ds.Row(i))
		}
	}
	b.lo += n
	x = t
	if b.noise != nil {
		x = b.xb[:n*d]
		b.noise.Corrupt(x, t, n, d, b.level, b.r)
	}
	return x, t, n, true
}
