//go:build unix

package training

import "syscall"

// cpuSeconds is the CPU time (user and system) the process has used: on a
// shared machine, a steadier measure than the wall time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
