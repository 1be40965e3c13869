//go:build unix

package results

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on the open file f, failing at once if
// another holds it: an advisory lock (flock) that the system releases when
// the process ends, however it ends.
func lockFile(f *os.File) (busy bool, err error) {
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return true, nil
	}
	return false, err
}
