package results

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// LockFile is the file of a run folder whose lock the process writing the
// folder holds: a second run (or resume) into the same folder fails at
// once instead of mixing its files with the first's. It stays in the
// folder, empty; the lock goes with the process.
const LockFile = ".aenets.lock"

// held are the lock files this process holds open, by folder.
var held = struct {
	sync.Mutex
	files map[string]*os.File
}{files: map[string]*os.File{}}

// lockRunDir takes dir's lock for the rest of the process (or until
// ReleaseRunDir).
func lockRunDir(dir string) error {
	path := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("run folder: %w", err)
	}
	busy, err := lockFile(f)
	if busy || err != nil {
		f.Close()
		if busy {
			return fmt.Errorf("run folder %s is in use by another aenets run (which holds %s); give another --out", dir, LockFile)
		}
		return fmt.Errorf("run folder %s: lock: %w", dir, err)
	}
	held.Lock()
	held.files[filepath.Clean(dir)] = f
	held.Unlock()
	return nil
}

// ReleaseRunDir releases the lock NewRunDir or OpenRunDir took on dir; the
// end of the process releases it too.
func ReleaseRunDir(dir string) {
	held.Lock()
	defer held.Unlock()
	if f := held.files[filepath.Clean(dir)]; f != nil {
		f.Close()
		delete(held.files, filepath.Clean(dir))
	}
}

// OpenRunDir takes the lock of an existing run folder, to resume the run in
// it: a folder in use by another run is an error.
func OpenRunDir(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("run folder %s does not exist", dir)
	case err != nil:
		return fmt.Errorf("run folder: %w", err)
	case !fi.IsDir():
		return fmt.Errorf("run folder %s is not a folder", dir)
	}
	return lockRunDir(dir)
}
