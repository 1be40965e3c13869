//go:build openblas && !cgo

package openblas

// The openblas build calls OpenBLAS through cgo: this file, built only when
// cgo is off, stops such a build with an error that says so.
var _ = the_openblas_build_tag_needs_cgo_set_CGO_ENABLED_1_and_install_a_C_compiler
