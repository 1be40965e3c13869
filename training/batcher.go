package training

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"

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

	shuffle, r       *rand.Rand
	shuffleSrc, rSrc *rand.PCG // their generators, whose state a checkpoint saves
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
		shuffleSrc: rng.Source(seed, rng.Shuffle), rSrc: rng.Source(seed, rng.Noise)}
	b.shuffle, b.r = rand.New(b.shuffleSrc), rand.New(b.rSrc)
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

// BatcherState is what a Batcher carries from one epoch to the next: the
// sample order (each shuffle permutes the last epoch's) and the states of
// its shuffle and noise generators.
type BatcherState struct {
	Order   []int  `json:"order"`
	Shuffle []byte `json:"shuffle_rng"`
	Noise   []byte `json:"noise_rng"`
}

// State returns the Batcher's state between two epochs.
func (b *Batcher) State() (BatcherState, error) {
	s := BatcherState{Order: slices.Clone(b.order)}
	var err1, err2 error
	s.Shuffle, err1 = b.shuffleSrc.MarshalBinary()
	s.Noise, err2 = b.rSrc.MarshalBinary()
	return s, errors.Join(err1, err2)
}

// SetState restores a state State returned, of a Batcher of the same data.
func (b *Batcher) SetState(s BatcherState) error {
	if len(s.Order) != len(b.order) {
		return fmt.Errorf("batcher state: an order of %d samples, the data has %d", len(s.Order), len(b.order))
	}
	seen := make([]bool, len(s.Order))
	for _, i := range s.Order {
		if i < 0 || i >= len(seen) || seen[i] {
			return fmt.Errorf("batcher state: the order is not a permutation of the %d samples", len(seen))
		}
		seen[i] = true
	}
	if err := b.shuffleSrc.UnmarshalBinary(s.Shuffle); err != nil {
		return fmt.Errorf("batcher state: shuffle generator: %w", err)
	}
	if err := b.rSrc.UnmarshalBinary(s.Noise); err != nil {
		return fmt.Errorf("batcher state: noise generator: %w", err)
	}
	copy(b.order, s.Order)
	b.lo = len(b.order)
	return nil
}
