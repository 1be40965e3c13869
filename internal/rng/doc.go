// Package rng derives the independent random streams of a run from its one
// seed, one stream per purpose, so that adding a draw for one purpose (say,
// the DAE's noise) never shifts the numbers of another (the initial weights).
package rng
