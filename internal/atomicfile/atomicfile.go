package atomicfile

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// pending are the temporary files of the writes under way, for RemoveTemps.
var pending = struct {
	sync.Mutex
	files map[string]bool
}{files: map[string]bool{}}

// RemoveTemps removes the temporary files of the writes under way, which
// leaves their targets as they were: for a process about to exit in the
// middle of a write (a second interrupt), so that it leaves no .tmp file.
func RemoveTemps() {
	pending.Lock()
	defer pending.Unlock()
	for f := range pending.files {
		os.Remove(f)
		delete(pending.files, f)
	}
}

// Write creates or replaces path with what fill writes. If fill or any
// file operation fails, path is left as it was and the temporary file is removed.
func Write(path string, fill func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	pending.Lock()
	pending.files[tmp] = true
	pending.Unlock()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
		pending.Lock()
		delete(pending.files, tmp)
		pending.Unlock()
	}()
	if err = fill(f); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// WriteBytes atomically replaces path with b.
func WriteBytes(path string, b []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(b))
		return err
	})
}
