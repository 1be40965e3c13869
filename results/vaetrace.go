package results

import (
	"fmt"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/training"
)

// KLTrace records, during a VAE's training, the KL of each latent
// dimension over the training set (above nets.EvalChunk samples, over
// EvalChunk of them evenly spaced) at about TracePoints epochs: how the
// dimensions come to life, or collapse onto the prior. Its Hook reads the
// model's weights and changes nothing, so a run's numbers are the same
// with or without it.
type KLTrace struct {
	Epochs []float64   // the epochs recorded
	KL     [][]float64 // KL[j][i]: dimension j's KL after epoch Epochs[i], in nats
	every  int
	twin   twinVAE
	ds     *data.Dataset
}

// TracePoints is about the number of epochs a KLTrace records: each costs
// a pass of the training set through the encoder (less than the 6 ms of a
// whole forward pass of the default VAE).
const TracePoints = 100

// NewKLTrace prepares a trace of the VAE m over ds for a run of epochs.
func NewKLTrace(m nets.Model, ds *data.Dataset, epochs int) (*KLTrace, error) {
	if ds.N > nets.EvalChunk {
		idx := make([]int, nets.EvalChunk)
		for i := range idx {
			idx[i] = i * ds.N / nets.EvalChunk
		}
		ds = ds.Subset(idx)
	}
	t, err := twin(m, m.Spec(), ds.N)
	if err != nil {
		return nil, err
	}
	return &KLTrace{KL: make([][]float64, m.Spec().Latent), every: max(1, epochs/TracePoints), twin: t, ds: ds}, nil
}

// Hook records the KL per dimension after the first epoch, every few
// epochs, and after the last.
func (t *KLTrace) Hook(p training.Progress) error {
	if p.Epoch != 1 && p.Epoch%t.every != 0 && p.Epoch != p.Epochs {
		return nil
	}
	if t.twin == nil {
		return fmt.Errorf("KL trace: a hook called after Done")
	}
	mu, logvar, err := encodeAll(t.twin, t.ds.X, t.ds.N)
	if err != nil {
		return err
	}
	kl, _ := klPerDim(mu, logvar, t.ds.N, len(t.KL))
	t.Epochs = append(t.Epochs, float64(p.Epoch))
	for j, v := range kl {
		t.KL[j] = append(t.KL[j], v)
	}
	return nil
}

// Done releases what Hook needs (a copy of the net on the hand-written
// engine, with its buffers: 55 MiB for MNIST's 784-400-20), keeping what it
// recorded. Call it once training is over.
func (t *KLTrace) Done() { t.twin = nil }
