package cputime

// Seconds is the CPU time (user and system, all threads) the process has
// used so far, or 0 where the platform does not say.
func Seconds() float64 { return seconds() }
