package results

import (
	"fmt"
	"io"

	"codeberg.org/sbinet/npyio/npz"
	"gonum.org/v1/gonum/mat"

	"github.com/aenets/aenets/internal/atomicfile"
)

// Array is a named rows×cols matrix of values, row-major.
type Array struct {
	Name       string
	Rows, Cols int
	Data       []float64
}

// WriteArrays writes arrays as an .npz file that numpy reads
// (np.load(path)[name] is a rows×cols float64 array), atomically.
func WriteArrays(path string, arrays ...Array) error {
	for _, a := range arrays {
		if a.Rows*a.Cols != len(a.Data) || len(a.Data) == 0 {
			return fmt.Errorf("array %s: %d values for %d×%d", a.Name, len(a.Data), a.Rows, a.Cols)
		}
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		z := npz.NewWriter(w)
		for _, a := range arrays {
			if err := z.Write(a.Name+".npy", mat.NewDense(a.Rows, a.Cols, a.Data)); err != nil {
				return err
			}
		}
		return z.Close()
	})
}
