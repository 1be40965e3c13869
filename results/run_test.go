package results

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/training"
)

// TestRunDirLock: a second NewRunDir into a folder another holds fails at
// once; the folder's own lock file does not count as a file of a run.
func TestRunDirLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if _, err := NewRunDir(dir, "ae", time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := NewRunDir(dir, "ae", time.Now()); err == nil || !strings.Contains(err.Error(), "in use by another aenets run") {
		t.Errorf("second run into a held folder: %v", err)
	}
	if err := OpenRunDir(dir); err == nil {
		t.Error("resume into a held folder")
	}
	ReleaseRunDir(dir)
	if _, err := NewRunDir(dir, "ae", time.Now()); err != nil {
		t.Errorf("an empty folder but for its lock file: %v", err)
	}
	ReleaseRunDir(dir)
	os.WriteFile(filepath.Join(dir, "config.json"), nil, 0o644)
	if _, err := NewRunDir(dir, "ae", time.Now()); err == nil || !strings.Contains(err.Error(), "already holds files") {
		t.Errorf("a folder with files: %v", err)
	}
	if err := OpenRunDir(dir); err != nil {
		t.Errorf("resume after the lock was released: %v", err)
	}
	ReleaseRunDir(dir)
}

func TestCheckFigures(t *testing.T) {
	ok := FigureSettings{Rows: 7, Cols: 5, Steps: 10, Grid: 15}
	if err := CheckFigures(ok); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		change func(*FigureSettings)
		want   string
	}{
		{func(f *FigureSettings) { f.Rows, f.Cols = 600, 600 }, "plot.MaxSide"},
		{func(f *FigureSettings) { f.Steps = 1000000 }, "steps 1000000"},
		{func(f *FigureSettings) { f.Grid = 61 }, "grid 61"},
		{func(f *FigureSettings) { f.NewSamples = 401 }, "samples 401"},
	} {
		f := ok
		c.change(&f)
		if err := CheckFigures(f); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", f, err, c.want)
		}
	}
}

// TestFigureFailureKeepsRun: a figure that cannot be drawn (here the
// interpolation, whose one step decodes NaN codes) is reported, and the
// folder has the weights, metrics.json and the other figures all the same.
func TestFigureFailureKeepsRun(t *testing.T) {
	ds := data.Font()
	spec := nets.DefaultAE(35)
	m, err := nets.Build(spec, must(nets.NewParams(spec, rng.New(1, rng.Init))), nets.Adam{})
	if err != nil {
		t.Fatal(err)
	}
	h := &training.History{StoppedBecause: training.StopEpochs}
	dir := t.TempDir()
	_, err = WriteAE(dir, AERun{Model: m, Data: ds, History: h, Steps: 1, Grid: 5}) // one step: t = 0/0
	if !IsFigures(err) || !strings.Contains(err.Error(), "interpolation.png") {
		t.Fatalf("error %v, want a FiguresError naming interpolation.png", err)
	}
	for _, f := range []string{"weights.npz", "metrics.json", "reconstructions.png", "generated.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	var fe *FiguresError
	if errors.As(err, &fe); len(fe.Names) != 1 || fe.Names[0] != "interpolation.png" {
		t.Errorf("%d figures failed, want 1: %v", len(fe.Failed), err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestFurthestBounded: Furthest searches the first MaxFigureSamples codes
// only (its search is quadratic).
func TestFurthestBounded(t *testing.T) {
	z := make([]float64, MaxFigureSamples+2)
	z[3], z[MaxFigureSamples+1] = -1, 100 // the furthest code is past the first MaxFigureSamples
	if a, b := Furthest(z, len(z), 1); a != 0 || b != 3 {
		t.Errorf("Furthest = %d, %d, want 0, 3", a, b)
	}
}

func TestWriteHistory(t *testing.T) {
	h := &training.History{Loss: []float64{0.5, 0.25, 0.125}, TrainLoss: []float64{0.6, 0.3, 0.1}, LR: []float64{0.01, 0.01, 0.005},
		MaxWrong: []int{3, 1, 0}, MeanWrong: []float64{1.5, 0.5, 0}, Elapsed: []float64{0.1, 0.2, 0.3},
		Terms: []training.TermHistory{{Name: "recon", Value: []float64{0.4, 0.2, 0.1}, Weight: []float64{1, 1, 1}},
			{Name: "kl", Value: []float64{1, 0.5, 0.25}, Weight: []float64{0.5, 1, 1}}}}
	path := filepath.Join(t.TempDir(), "history.csv")
	if err := WriteHistory(path, h, 2); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "epoch,loss,train_loss,lr,max_wrong,mean_wrong,recon,kl,kl_weight,seconds\n" +
		"2,0.25,0.3,0.01,1,0.5,0.2,0.5,1,0.2\n" +
		"3,0.125,0.1,0.005,0,0,0.1,0.25,1,0.3\n"
	if string(b) != want {
		t.Errorf("history.csv:\n%s\nwant\n%s", b, want)
	}
	// A held-out set scored every other epoch and at the last: empty cells between.
	h.Terms, h.TestLoss = h.Terms[:1], []float64{math.NaN(), 0.375, 0.25}
	if err := WriteHistory(path, h, 1); err != nil {
		t.Fatal(err)
	}
	want = "epoch,loss,train_loss,test_loss,lr,max_wrong,mean_wrong,recon,seconds\n" +
		"1,0.5,0.6,,0.01,3,1.5,0.4,0.1\n" +
		"2,0.25,0.3,0.375,0.01,1,0.5,0.2,0.2\n" +
		"3,0.125,0.1,0.25,0.005,0,0,0.1,0.3\n"
	if b, _ := os.ReadFile(path); string(b) != want {
		t.Errorf("history.csv with test losses:\n%s\nwant\n%s", b, want)
	}
	if err := WriteCSV(path, "step", 1, Column{Name: "a", Values: []float64{1}}, Column{Name: "b"}); err == nil {
		t.Error("columns of unequal length written")
	}
}

func TestCheckFigureSettings(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{CheckFigureSettings(10, 15, 0), ""},
		{CheckFigureSettings(1, 15, 0), "steps 1: want 2 to 100 (results.MaxSteps)"},
		{CheckFigureSettings(10, 61, 64), "grid 61: want 2 to 60 (results.MaxGrid)"},
		{CheckFigureSettings(9, 11, 401), "samples 401: want 1 to 400 (results.MaxNewSamples)"},
		{CheckFigures(FigureSettings{Rows: 600, Cols: 600, Steps: 9, Grid: 11}), "images of 600×600 pixels: the figures draw images of at most 512 a side (plot.MaxSide); use smaller images"},
	}
	for i, c := range cases {
		if (c.want == "") != (c.err == nil) || c.err != nil && c.err.Error() != c.want {
			t.Errorf("case %d: error %v, want %q", i, c.err, c.want)
		}
	}
}

func TestDataTitle(t *testing.T) {
	for name, want := range map[string]string{
		"font": "font", "emoji": "emoji",
		"/root/go/pkg/mod/github.com/petar/data/train-images-idx3-ubyte.gz": "train-images-idx3-ubyte.gz",
		"faces/": "faces", `C:\data\faces.npy`: "faces.npy", "/": "/",
	} {
		if got := dataTitle(&data.Dataset{Name: name}); got != want {
			t.Errorf("dataTitle(%q) = %q, want %q", name, got, want)
		}
	}
}
