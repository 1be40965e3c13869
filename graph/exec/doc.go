// Package exec runs a Gorgonia expression graph, gradient nodes included, into buffers allocated once.
package exec
