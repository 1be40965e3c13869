package nets

// Both engines' matrix products run in the BLAS that package openblas
// selects when it is initialised: gonum's pure Go by default, OpenBLAS in a
// build with -tags openblas. Importing it here switches every program and
// test that builds a model, whichever engine it uses.
import _ "github.com/aenets/aenets/internal/openblas"
