package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/aenets/aenets/internal/atomicfile"
	"github.com/aenets/aenets/internal/setting"
	"github.com/aenets/aenets/nets"
)

// RunsDir is where run folders go when no folder is given.
const RunsDir = "results/runs"

// CheckAEFigures reports AE figure settings that cannot be drawn, before
// any training: decodings along the interpolation (≥ 2) and the side of
// generated.png's grid (2 to 60).
func CheckAEFigures(steps, grid int) error {
	switch {
	case steps < 2:
		return setting.New("steps", steps, "≥ 2")
	case grid < 2 || grid > 60:
		return setting.New("grid", grid, "2 to 60")
	}
	return nil
}

// CheckVAEFigures reports VAE figure settings that cannot be drawn:
// samples.png's count (1 to 400), grid.png's side (2 to 60) and the
// decodings along each interpolation (≥ 2).
func CheckVAEFigures(samples, grid, steps int) error {
	if samples <= 0 || samples > 400 {
		return setting.New("samples", samples, "1 to 400")
	}
	return CheckAEFigures(steps, grid)
}

// NewRunDir creates the folder of a run and returns its path. With dir
// empty it is RunsDir/<prefix>-<yyyymmdd-hhmmss> (with -2, -3, … added if
// that exists); a given dir may exist only if it is empty, so that a run
// never mixes its files with another's.
func NewRunDir(dir, prefix string, now time.Time) (string, error) {
	if dir != "" {
		entries, err := os.ReadDir(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return "", fmt.Errorf("run folder: %w", err)
			}
		case err != nil:
			return "", fmt.Errorf("run folder: %w", err)
		case len(entries) > 0:
			return "", fmt.Errorf("run folder %s already holds files; give an empty or new folder", dir)
		}
		return dir, nil
	}
	if err := os.MkdirAll(RunsDir, 0o755); err != nil {
		return "", fmt.Errorf("run folder: %w", err)
	}
	base := filepath.Join(RunsDir, prefix+"-"+now.Format("20060102-150405"))
	for i := 1; ; i++ {
		d := base
		if i > 1 {
			d = fmt.Sprintf("%s-%d", base, i)
		}
		err := os.Mkdir(d, 0o755)
		if err == nil {
			return d, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("run folder: %w", err)
		}
	}
}

// WriteJSON writes v as indented JSON, atomically.
func WriteJSON(path string, v any) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		e := json.NewEncoder(w)
		e.SetIndent("", "  ")
		return e.Encode(v)
	})
}

// rowsOf splits n×k values into n rows (slices of v, not copies).
func rowsOf(v []float64, n, k int) [][]float64 {
	out := make([][]float64, n)
	for i := range out {
		out[i] = v[i*k : (i+1)*k]
	}
	return out
}

// figure is one file of a run folder and how to draw it.
type figure struct {
	name string
	draw func(path string) error
}

// writeRun saves the model's weights (recording its spec and data) and
// draws the figures into dir.
func writeRun(dir string, m nets.Model, dataSource string, figs []figure) error {
	if err := nets.SaveWeights(filepath.Join(dir, "weights.npz"), nets.Info{Spec: m.Spec(), Data: dataSource}, m.Params()); err != nil {
		return err
	}
	for _, f := range figs {
		if err := f.draw(filepath.Join(dir, f.name)); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	return nil
}
