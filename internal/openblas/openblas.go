//go:build openblas

package openblas

/*
#cgo LDFLAGS: -lopenblas
char *openblas_get_config(void);
char *openblas_get_corename(void);
int openblas_get_num_threads(void);
*/
import "C"

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
	G "gorgonia.org/gorgonia"
)

// Enabled reports whether this build uses OpenBLAS (the openblas build tag).
const Enabled = true

func init() {
	blas64.Use(netlib.Implementation{})
	G.Use(netlib.Implementation{})
}

// Name names the BLAS that both engines use: OpenBLAS's build
// configuration, the kernel it picked and its thread count.
func Name() string {
	return fmt.Sprintf("OpenBLAS (%s; kernel %s; %d threads)",
		C.GoString(C.openblas_get_config()), C.GoString(C.openblas_get_corename()), int(C.openblas_get_num_threads()))
}
