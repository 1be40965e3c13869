package training

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"slices"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/nets"
)

// Checkpoint is a run's whole state between two epochs: what an
// uninterrupted run carries into the next epoch, so that a run resumed from
// it (Config.Resume) ends with the weights the uninterrupted run ends with,
// bit for bit.
type Checkpoint struct {
	Run       RunKey         // what a run must match to resume from it
	Params    *nets.Params   // the weights after History.Epochs epochs
	Adam      nets.AdamState // the optimiser's step count and moments
	LR        float64        // the learning rate of the next epoch
	Schedule  []byte         // the schedule's state (ResumableSchedule)
	Batches   BatcherState   // the sample order and the shuffle and noise generators
	Epsilon   []byte         // a VAE's ε generator (nil for an AE)
	StartLoss float64        // the loss of the starting weights, the divergence bound's base
	BestLoss  float64        // early stopping: the best loss so far (+Inf: none yet)
	SinceBest int            // early stopping: epochs since the best
	Best      *nets.Params   // early stopping: the best epoch's weights (nil without patience)
	History   *History       // the epochs run; StoppedBecause is "" while the run goes on
}

// RunKey is what a checkpoint's run was: a run with another key would not
// continue it.
type RunKey struct {
	Spec     nets.Spec `json:"spec"`
	Samples  int       `json:"samples"`
	Values   int       `json:"values"`    // per sample
	Data     string    `json:"data_hash"` // FNV-1a of the samples' bits
	Seed     uint64    `json:"seed"`
	Batch    int       `json:"batch"`
	Patience int       `json:"patience"`
	MinDelta float64   `json:"min_delta"`
	Noise    string    `json:"noise"`
	KLWarmup int       `json:"kl_warmup"`
	Schedule string    `json:"schedule"` // its type
	// EvalSamples is Config.EvalSamples (0 in checkpoints of before it).
	EvalSamples int `json:"eval_samples,omitempty"`
	// TestEvery is Config.TestEvery and TestData the hash of Config.Test
	// when it is not 0 (0 and "" in checkpoints of before it): the
	// history's test losses are that set's at that cadence, and a run
	// resumed with another would mix two series in one (the weights would
	// not change). The file's history holds test losses if TestEvery > 0.
	TestEvery int    `json:"test_every,omitempty"`
	TestData  string `json:"test_data_hash,omitempty"`
}

func runKey(m nets.Model, ds *data.Dataset, cfg Config) RunKey {
	k := RunKey{Spec: m.Spec(), Samples: ds.N, Values: ds.D, Data: dataHash(ds), Seed: cfg.Seed,
		Batch: cfg.Batch, Patience: cfg.Patience, MinDelta: cfg.MinDelta, KLWarmup: cfg.KLWarmup, EvalSamples: cfg.EvalSamples,
		Schedule: fmt.Sprintf("%T", cfg.Schedule)}
	if cfg.Noise != nil {
		k.Noise = cfg.Noise.String()
	}
	if cfg.TestEvery > 0 {
		k.TestEvery, k.TestData = cfg.TestEvery, dataHash(cfg.Test)
	}
	return k
}

// dataHash is the FNV-1a hash of the samples' bits, in hex.
func dataHash(ds *data.Dataset) string {
	h := fnv.New64a()
	var b [8]byte
	for _, v := range ds.X {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
		h.Write(b[:])
	}
	return fmt.Sprintf("%016x", h.Sum64())
}

// differs names the first setting in which k differs from c.
func (k RunKey) differs(c RunKey) error {
	switch {
	case k.Spec.SameArchitecture(c.Spec) != nil || k.Spec.Loss != c.Spec.Loss || k.Spec.Beta != c.Spec.Beta ||
		k.Spec.L1 != c.Spec.L1:
		return fmt.Errorf("the checkpoint is of %s (%s), this run of %s (%s)", c.Spec.LayerString(), c.Spec.Loss, k.Spec.LayerString(), k.Spec.Loss)
	case k.Samples != c.Samples || k.Values != c.Values || k.Data != c.Data:
		return fmt.Errorf("the checkpoint's run trained on other data (%d samples of %d values)", c.Samples, c.Values)
	case k.Seed != c.Seed:
		return fmt.Errorf("the checkpoint's run has seed %d, this one %d", c.Seed, k.Seed)
	case k.Batch != c.Batch:
		return fmt.Errorf("the checkpoint's run has batches of %d, this one %d", c.Batch, k.Batch)
	case k.Patience != c.Patience || k.MinDelta != c.MinDelta:
		return fmt.Errorf("the checkpoint's run has patience %d (min delta %v), this one %d (%v)", c.Patience, c.MinDelta, k.Patience, k.MinDelta)
	case k.Noise != c.Noise:
		return fmt.Errorf("the checkpoint's run has noise %q, this one %q", c.Noise, k.Noise)
	case k.KLWarmup != c.KLWarmup:
		return fmt.Errorf("the checkpoint's run has a KL warm-up of %d epochs, this one %d", c.KLWarmup, k.KLWarmup)
	case k.Schedule != c.Schedule:
		return fmt.Errorf("the checkpoint's run has a schedule %s, this one %s", c.Schedule, k.Schedule)
	case k.EvalSamples != c.EvalSamples:
		return fmt.Errorf("the checkpoint's run evaluates %d samples an epoch, this one %d (0: all)", c.EvalSamples, k.EvalSamples)
	case k.TestEvery != c.TestEvery:
		return fmt.Errorf("the checkpoint's run scores its test set every %d epochs, this one %d (0: not during training)", c.TestEvery, k.TestEvery)
	case k.TestData != c.TestData:
		return fmt.Errorf("the checkpoint's run scored another test set")
	}
	return nil
}

// capture returns the loop's state between two epochs.
func (l *loop) capture(reason string) (*Checkpoint, error) {
	r, ok := l.m.(nets.Resumable)
	if !ok {
		return nil, fmt.Errorf("checkpoint: the model's optimiser state cannot be saved")
	}
	sch, ok := l.cfg.Schedule.(ResumableSchedule)
	if !ok {
		return nil, fmt.Errorf("checkpoint: the schedule %T cannot save its state", l.cfg.Schedule)
	}
	c := &Checkpoint{Run: l.key, Params: l.m.Params().Clone(), LR: l.lr,
		StartLoss: l.startLoss, BestLoss: l.bestLoss, SinceBest: l.sinceBest}
	var err error
	if c.Adam, err = r.AdamState(); err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	if c.Schedule, err = sch.State(); err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	if c.Batches, err = l.batches.State(); err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	if l.eps != nil {
		if c.Epsilon, err = l.eps.MarshalBinary(); err != nil {
			return nil, fmt.Errorf("checkpoint: %w", err)
		}
	}
	if l.best != nil {
		c.Best = l.m.Params().Clone()
		c.Best.Unflatten(l.best)
	}
	h := *l.h
	h.StoppedBecause, h.Seconds = reason, l.seconds()
	c.History = &h
	return c, nil
}

// checkpoint writes the loop's state to Config.CheckpointPath, if set. A
// state that cannot be captured is an error; a file that cannot be written
// (a full disk) is not: the run goes on, and Train reports it at the end.
func (l *loop) checkpoint(reason string) error {
	if l.cfg.CheckpointPath == "" {
		return nil
	}
	c, err := l.capture(reason)
	if err != nil {
		return err
	}
	if err := SaveCheckpoint(l.cfg.CheckpointPath, c); err != nil && l.saveErr == nil {
		l.saveErr = &CheckpointError{Epoch: c.History.Epochs, Err: err}
	}
	return nil
}

// CheckpointError reports a checkpoint that could not be written. The run
// went on and its result is whole; the checkpoint file holds an earlier
// state, if any.
type CheckpointError struct {
	Epoch int // the epoch after which the checkpoint was to be written
	Err   error
}

func (e *CheckpointError) Error() string {
	return fmt.Sprintf("the checkpoint after epoch %d was not written (the run itself is complete): %v", e.Epoch, e.Err)
}

func (e *CheckpointError) Unwrap() error { return e.Err }

// Resumable reports whether a run can go on from c: one stopped by
// Config.Stop, or a checkpoint written in between.
func (c *Checkpoint) Resumable() error {
	switch s := c.History.StoppedBecause; s {
	case "", StopInterrupted:
		return nil
	default:
		return fmt.Errorf("the run finished (stopped because: %s) after %d epochs; nothing to resume", s, c.History.Epochs)
	}
}

// restore puts the loop in c's state.
func (l *loop) restore(c *Checkpoint) error {
	if err := c.Resumable(); err != nil {
		return err
	}
	if err := l.key.differs(c.Run); err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	if c.History.Epochs > l.cfg.Epochs {
		return fmt.Errorf("resume: the checkpoint is after epoch %d, past the run's %d epochs", c.History.Epochs, l.cfg.Epochs)
	}
	r, ok := l.m.(nets.Resumable)
	if !ok {
		return fmt.Errorf("resume: the model's optimiser state cannot be restored")
	}
	sch, ok := l.cfg.Schedule.(ResumableSchedule)
	if !ok {
		return fmt.Errorf("resume: the schedule %T cannot restore its state", l.cfg.Schedule)
	}
	if err := l.m.Params().CopyFrom(c.Params); err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	if err := r.SetAdamState(c.Adam); err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	if err := sch.SetState(c.Schedule); err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	if err := l.batches.SetState(c.Batches); err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	if (l.eps != nil) != (c.Epsilon != nil) {
		return fmt.Errorf("resume: the checkpoint has an ε generator: %v, the model is a VAE: %v", c.Epsilon != nil, l.eps != nil)
	}
	if l.eps != nil {
		if err := l.eps.UnmarshalBinary(c.Epsilon); err != nil {
			return fmt.Errorf("resume: ε generator: %w", err)
		}
	}
	if (c.Best != nil) != (l.cfg.Patience > 0) {
		return fmt.Errorf("resume: the checkpoint has the best weights: %v, the run has patience %d", c.Best != nil, l.cfg.Patience)
	}
	if c.Best != nil {
		if err := l.m.Params().SameLayout(c.Best); err != nil {
			return fmt.Errorf("resume: best weights: %w", err)
		}
		l.best = c.Best.Flatten(nil)
	}
	if !(c.LR > 0) || math.IsInf(c.LR, 0) {
		return fmt.Errorf("resume: learning rate %v", c.LR)
	}
	h := *c.History
	h.Loss, h.TrainLoss, h.LR = slices.Clone(h.Loss), slices.Clone(h.TrainLoss), slices.Clone(h.LR)
	h.MaxWrong, h.MeanWrong, h.Elapsed = slices.Clone(h.MaxWrong), slices.Clone(h.MeanWrong), slices.Clone(h.Elapsed)
	h.TestLoss = slices.Clone(h.TestLoss)
	h.Terms = slices.Clone(h.Terms)
	for i := range h.Terms {
		h.Terms[i].Value, h.Terms[i].Weight = slices.Clone(h.Terms[i].Value), slices.Clone(h.Terms[i].Weight)
	}
	if err := l.restoreTest(&h); err != nil {
		return err
	}
	l.h, l.lr, l.startLoss, l.bestLoss, l.sinceBest, l.offset = &h, c.LR, c.StartLoss, c.BestLoss, c.SinceBest, h.Seconds
	return nil
}
