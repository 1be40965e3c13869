package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/aenets/aenets/internal/atomicfile"
)

// RunsDir is where run folders go when no folder is given.
const RunsDir = "results/runs"

// NewRunDir creates the folder of a run, takes its lock (LockFile) for the
// rest of the process, and returns its path. With dir empty it is
// RunsDir/<prefix>-<yyyymmdd-hhmmss> (with -2, -3, … added if that exists);
// a given dir may exist only if it is empty, so that a run never mixes its
// files with another's, and two runs started together into it cannot both
// proceed.
func NewRunDir(dir, prefix string, now time.Time) (string, error) {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", fmt.Errorf("run folder: %w", err)
		}
		if err := lockRunDir(dir); err != nil {
			return "", err
		}
		entries, err := os.ReadDir(dir)
		if err == nil && slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() != LockFile }) {
			err = fmt.Errorf("run folder %s already holds files; give an empty or new folder (or aenets resume %s, to go on with an interrupted run)", dir, dir)
		}
		if err != nil {
			ReleaseRunDir(dir)
			return "", err
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
			return d, lockRunDir(d)
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
