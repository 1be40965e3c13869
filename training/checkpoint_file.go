package training

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"

	"codeberg.org/sbinet/npyio/npz"
	"gonum.org/v1/gonum/mat"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/atomicfile"
	"github.com/aenets/aenets/internal/npyfile"
	"github.com/aenets/aenets/nets"
)

// CheckpointFormat identifies checkpoint files; it is stored in each one.
const CheckpointFormat = "aenets-checkpoint/1"

// A checkpoint file is an .npz archive: the weights (weights/<name>), Adam's
// moments (adam/m/<name>, adam/v/<name>), the best weights under early
// stopping (best/<name>), the history (history/<series>, one value per
// epoch; with the run key's TestEvery > 0 also the test losses, as
// testSeries stores them), the batcher's sample order (batches/order) and a
// record of the rest as JSON (checkpoint).
const recordKey = "checkpoint"

// maxRecordChars bounds a checkpoint's JSON record.
const maxRecordChars = 1 << 16

// maxTerms bounds the terms of a checkpoint's objective.
const maxTerms = 64

type checkpointRecord struct {
	Format         string          `json:"format"`
	Run            RunKey          `json:"run"`
	Epochs         int             `json:"epochs"`
	StoppedBecause string          `json:"stopped_because"`
	BestEpoch      int             `json:"best_epoch"`
	Seconds        float64         `json:"seconds"`
	Terms          []string        `json:"terms"`
	AdamStep       int             `json:"adam_step"`
	LR             exact           `json:"lr"`
	Schedule       json.RawMessage `json:"schedule"`
	ShuffleRNG     []byte          `json:"shuffle_rng"`
	NoiseRNG       []byte          `json:"noise_rng"`
	EpsilonRNG     []byte          `json:"epsilon_rng,omitempty"`
	StartLoss      exact           `json:"start_loss"`
	BestLoss       exact           `json:"best_loss"`
	SinceBest      int             `json:"since_best"`
	HasBest        bool            `json:"has_best"`
}

// series are the history's per-epoch arrays, by name in the file.
func series(h *History) map[string]*[]float64 {
	m := map[string]*[]float64{"loss": &h.Loss, "train_loss": &h.TrainLoss, "lr": &h.LR, "mean_wrong": &h.MeanWrong, "elapsed": &h.Elapsed}
	for i := range h.Terms {
		m["terms/"+strconv.Itoa(i)+"/value"] = &h.Terms[i].Value
		m["terms/"+strconv.Itoa(i)+"/weight"] = &h.Terms[i].Weight
	}
	return m
}

// SaveCheckpoint writes c to path, atomically: a reader (or a process
// killed meanwhile) sees the previous checkpoint or this one, whole.
func SaveCheckpoint(path string, c *Checkpoint) error {
	h := c.History
	rec := checkpointRecord{Format: CheckpointFormat, Run: c.Run, Epochs: h.Epochs, StoppedBecause: h.StoppedBecause,
		BestEpoch: h.BestEpoch, Seconds: h.Seconds, AdamStep: c.Adam.Step, LR: exact(c.LR), Schedule: c.Schedule,
		ShuffleRNG: c.Batches.Shuffle, NoiseRNG: c.Batches.Noise, EpsilonRNG: c.Epsilon,
		StartLoss: exact(c.StartLoss), BestLoss: exact(c.BestLoss), SinceBest: c.SinceBest, HasBest: c.Best != nil}
	for _, t := range h.Terms {
		rec.Terms = append(rec.Terms, t.Name)
	}
	js, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	err = atomicfile.Write(path, func(w io.Writer) error {
		z := npz.NewWriter(w)
		put := func(name string, shape []int, v []float64) error {
			if len(v) == 0 {
				return nil // npyio would write shape (); readers take a missing array for an empty one
			}
			var a any = append(make([]float64, 0, len(v)), v...)
			if len(shape) == 2 {
				a = mat.NewDense(shape[0], shape[1], v)
			}
			return z.Write(name+".npy", a)
		}
		params := func(prefix string, p *nets.Params, values [][]float64) error {
			for i, q := range p.All() {
				v := q.Data
				if values != nil {
					v = values[i]
				}
				if err := put(prefix+q.Name, q.Shape, v); err != nil {
					return err
				}
			}
			return nil
		}
		for _, err := range []error{params("weights/", c.Params, nil), params("adam/m/", c.Params, c.Adam.M), params("adam/v/", c.Params, c.Adam.V)} {
			if err != nil {
				return err
			}
		}
		if c.Best != nil {
			if err := params("best/", c.Best, nil); err != nil {
				return err
			}
		}
		for name, s := range series(h) {
			if err := put("history/"+name, nil, *s); err != nil {
				return err
			}
		}
		if err := put("history/max_wrong", nil, ints(h.MaxWrong)); err != nil {
			return err
		}
		vals, codes := splitTest(h.TestLoss)
		if err := put("history/test_loss", nil, vals); err != nil {
			return err
		}
		if err := put("history/test_scored", nil, codes); err != nil {
			return err
		}
		if err := put("batches/order", nil, ints(c.Batches.Order)); err != nil {
			return err
		}
		if err := z.Write(recordKey+".npy", string(js)); err != nil {
			return err
		}
		return z.Close()
	})
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}

func ints(v []int) []float64 {
	f := make([]float64, len(v))
	for i, x := range v {
		f[i] = float64(x)
	}
	return f
}

// LoadCheckpoint reads a file SaveCheckpoint wrote. Like nets.LoadWeights it
// checks every size the file records before allocating it.
func LoadCheckpoint(path string) (*Checkpoint, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	c, err := readCheckpoint(f, fi.Size())
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	return c, nil
}

func readCheckpoint(r io.ReaderAt, size int64) (*Checkpoint, error) {
	z, err := npyfile.OpenArchive(r, size)
	if err != nil {
		return nil, err
	}
	js, err := z.String(recordKey, maxRecordChars)
	if err != nil {
		return nil, err
	}
	var rec checkpointRecord
	if err := json.Unmarshal([]byte(js), &rec); err != nil {
		return nil, fmt.Errorf("record: %w", err)
	}
	switch {
	case rec.Format != CheckpointFormat:
		return nil, fmt.Errorf("format %q, this aenets reads %q", rec.Format, CheckpointFormat)
	case rec.Epochs < 0 || rec.Epochs > MaxEpochs:
		return nil, fmt.Errorf("record: %d epochs, want 0 to training.MaxEpochs = %d", rec.Epochs, MaxEpochs)
	case rec.Run.TestEvery < 0:
		return nil, fmt.Errorf("record: test every %d epochs", rec.Run.TestEvery)
	case len(rec.Terms) > maxTerms:
		return nil, fmt.Errorf("record: %d terms, want at most %d", len(rec.Terms), maxTerms)
	case rec.Run.Samples <= 0 || rec.Run.Values <= 0 || rec.Run.Samples > data.MaxValues/rec.Run.Values:
		return nil, fmt.Errorf("record: %d samples of %d values", rec.Run.Samples, rec.Run.Values)
	}
	if err := rec.Run.Spec.Check(); err != nil {
		return nil, fmt.Errorf("record: %w", err)
	}
	c := &Checkpoint{Run: rec.Run, LR: float64(rec.LR), Schedule: rec.Schedule, Epsilon: rec.EpsilonRNG,
		StartLoss: float64(rec.StartLoss), BestLoss: float64(rec.BestLoss), SinceBest: rec.SinceBest,
		Batches: BatcherState{Shuffle: rec.ShuffleRNG, Noise: rec.NoiseRNG}}
	if c.Params, err = nets.Zeros(rec.Run.Spec); err != nil {
		return nil, err
	}
	if err := nets.ReadParams(z, "weights/", c.Params); err != nil {
		return nil, err
	}
	c.Adam = nets.ZeroAdamState(c.Params)
	c.Adam.Step = rec.AdamStep
	for i, q := range c.Params.All() {
		if err := z.Float64s("adam/m/"+q.Name, q.Shape, c.Adam.M[i]); err != nil {
			return nil, err
		}
		if err := z.Float64s("adam/v/"+q.Name, q.Shape, c.Adam.V[i]); err != nil {
			return nil, err
		}
	}
	if rec.HasBest {
		c.Best = c.Params.Clone()
		if err := nets.ReadParams(z, "best/", c.Best); err != nil {
			return nil, err
		}
	}
	h := &History{Epochs: rec.Epochs, StoppedBecause: rec.StoppedBecause, BestEpoch: rec.BestEpoch, Seconds: rec.Seconds}
	for _, t := range rec.Terms {
		h.Terms = append(h.Terms, TermHistory{Name: t})
	}
	n := rec.Epochs
	for name, s := range series(h) {
		if *s, err = readSeries(z, "history/"+name, n); err != nil {
			return nil, err
		}
	}
	if h.MaxWrong, err = readInts(z, "history/max_wrong", n, rec.Run.Values); err != nil {
		return nil, err
	}
	if rec.Run.TestEvery > 0 {
		vals, err := readSeries(z, "history/test_loss", n)
		if err != nil {
			return nil, err
		}
		codes, err := readInts(z, "history/test_scored", n, testMinusInf)
		if err != nil {
			return nil, err
		}
		h.TestLoss = joinTest(vals, codes)
	}
	if c.Batches.Order, err = readInts(z, "batches/order", rec.Run.Samples, rec.Run.Samples-1); err != nil {
		return nil, err
	}
	c.History = h
	return c, nil
}

// readSeries reads the 1-D array name of n values; SaveCheckpoint leaves
// out an empty one.
func readSeries(z *npyfile.Archive, name string, n int) ([]float64, error) {
	f := make([]float64, n)
	if n == 0 {
		return f, nil
	}
	return f, z.Float64s(name, []int{n}, f)
}

// readInts reads n whole numbers from 0 to hi stored as float64 values.
func readInts(z *npyfile.Archive, name string, n, hi int) ([]int, error) {
	f, err := readSeries(z, name, n)
	if err != nil {
		return nil, err
	}
	v := make([]int, n)
	for i, x := range f {
		if x < 0 || x > float64(hi) || x != math.Trunc(x) {
			return nil, fmt.Errorf("array %s: %v at %d, want a whole number from 0 to %d", name, x, i, hi)
		}
		v[i] = int(x)
	}
	return v, nil
}
