//go:build !unix

package training

// cpuSeconds is 0 where getrusage is not available: BenchmarkEpoch then
// reports no CPU time.
func cpuSeconds() float64 { return 0 }
