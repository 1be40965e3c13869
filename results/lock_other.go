//go:build !unix

package results

import "os"

// lockFile does nothing where flock is missing: the run folder's emptiness
// check is then the only guard.
func lockFile(*os.File) (busy bool, err error) { return false, nil }
