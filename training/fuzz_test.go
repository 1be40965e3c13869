package training

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/backprop"
)

// FuzzReadCheckpoint checks the checkpoint reader on any bytes: an error,
// or a checkpoint whose arrays fit its recorded architecture and data.
// Run it with go test -fuzz=FuzzReadCheckpoint ./training.
func FuzzReadCheckpoint(f *testing.F) {
	spec := must(nets.DefaultAE(35).WithLayers([]int{35, 3, 35}))
	c := resumeCase{"", backprop.Build, spec, data.Font(), "adaptive", Config{Epochs: 3, Batch: 8, Patience: 2, Seed: 1}}
	path := filepath.Join(f.TempDir(), "checkpoint.npz")
	cfg := c.config(f)
	cfg.CheckpointPath = path
	if _, err := Train(c.model(f), c.ds, cfg); err != nil {
		f.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Fuzz(func(t *testing.T, b []byte) {
		ck, err := readCheckpoint(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		p := must(nets.Zeros(ck.Run.Spec))
		if err := p.SameLayout(ck.Params); err != nil {
			t.Fatalf("weights that do not fit the recorded architecture: %v", err)
		}
		if err := ck.Adam.Check(ck.Params); err != nil {
			t.Fatalf("an Adam state that does not fit: %v", err)
		}
		h := ck.History
		if len(h.Loss) != h.Epochs || len(h.MaxWrong) != h.Epochs || len(ck.Batches.Order) != ck.Run.Samples {
			t.Fatalf("a history of %d epochs with %d losses", h.Epochs, len(h.Loss))
		}
	})
}
