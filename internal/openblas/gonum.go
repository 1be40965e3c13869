//go:build !openblas

package openblas

// Enabled reports whether this build uses OpenBLAS (the openblas build tag).
const Enabled = false

// Name names the BLAS that both engines use.
func Name() string { return "gonum (pure Go)" }
