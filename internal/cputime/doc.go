// Package cputime reads the CPU time the process has used, for benchmarks that run on shared machines.
//
// On a machine other work shares, a benchmark's wall time (ns/op) says as
// much about the other work as about the code; the process's CPU time, all
// its threads, is steadier. Report it with b.ReportMetric, per op.
package cputime
