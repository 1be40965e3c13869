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
)

// RunsDir is where run folders go when no folder is given.
const RunsDir = "results/runs"

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
