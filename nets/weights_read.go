package nets

import (
	"fmt"
	"io"
	"os"

	"github.com/aenets/aenets/internal/npyfile"
)

// maxInfoChars bounds the architecture record of a weights file (a few
// hundred characters of JSON).
const maxInfoChars = 1 << 16

// LoadWeights reads a file written by SaveWeights: its Info and parameters.
// A file that is not an aenets weights file, or whose arrays do not match
// the architecture it records, is an error. Nothing in the file decides an
// allocation before it is checked: the record is bounded, its architecture
// passes Spec.Check (MaxParams included) before the parameters are
// allocated, and every array's header must give the dtype and shape that
// architecture declares before its values are read. Arrays in Fortran
// order are read in order; a name that appears twice is an error.
func LoadWeights(path string) (Info, *Params, error) {
	f, err := os.Open(path)
	if err != nil {
		return Info{}, nil, fmt.Errorf("weights %s: not a readable .npz file: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Info{}, nil, fmt.Errorf("weights %s: %w", path, err)
	}
	info, p, err := readWeights(f, fi.Size())
	if err != nil {
		return info, nil, fmt.Errorf("weights %s: %w", path, err)
	}
	return info, p, nil
}

// readWeights reads a weights file of size bytes from r.
func readWeights(r io.ReaderAt, size int64) (Info, *Params, error) {
	var info Info
	z, err := npyfile.OpenArchive(r, size)
	if err != nil {
		return info, nil, err
	}
	if !z.Has(infoKey) {
		return info, nil, fmt.Errorf("not an aenets weights file (no %q entry recording the architecture)", infoKey)
	}
	js, err := z.String(infoKey, maxInfoChars)
	if err != nil {
		return info, nil, err
	}
	if info, err = parseInfo(js); err != nil {
		return info, nil, err
	}
	if err := info.Spec.Check(); err != nil {
		return info, nil, fmt.Errorf("recorded architecture: %w", err)
	}
	// The arrays present must hold what the record asks for before it is
	// allocated: its number of parameters (MaxParams at most).
	want, total := info.Spec.ParamCount(), 0
	for _, k := range z.Names() {
		if k == infoKey {
			continue
		}
		n, err := z.Float64Count(k, want-total)
		if err != nil {
			return info, nil, fmt.Errorf("%w (%s has %d parameters)", err, info.Spec.LayerString(), want)
		}
		total += n
	}
	if total != want {
		return info, nil, fmt.Errorf("the arrays hold %d values, %s has %d parameters", total, info.Spec.LayerString(), want)
	}
	p, err := Zeros(info.Spec)
	if err != nil {
		return info, nil, fmt.Errorf("recorded architecture: %w", err)
	}
	if err := ReadParams(z, "", p); err != nil {
		return info, nil, fmt.Errorf("%w, which %s needs", err, info.Spec.LayerString())
	}
	known := map[string]bool{infoKey: true}
	for _, q := range p.All() {
		known[q.Name] = true
	}
	for _, k := range z.Names() {
		if !known[k] {
			return info, nil, fmt.Errorf("array %s is not part of %s", k, info.Spec.LayerString())
		}
	}
	return info, p, nil
}

// ReadParams reads every parameter of p from the arrays of z named prefix
// followed by the parameter's name, of the parameter's shape.
func ReadParams(z *npyfile.Archive, prefix string, p *Params) error {
	for _, q := range p.All() {
		if err := z.Float64s(prefix+q.Name, q.Shape, q.Data); err != nil {
			return err
		}
	}
	return nil
}
