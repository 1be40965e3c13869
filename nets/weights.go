package nets

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"codeberg.org/sbinet/npyio/npz"
	"gonum.org/v1/gonum/mat"

	"github.com/aenets/aenets/internal/atomicfile"
)

// WeightsFormat identifies aenets weights files; it is stored in each one.
const WeightsFormat = "aenets-weights/1"

// infoKey is the npz entry holding the file's Info as a JSON string.
const infoKey = "aenets"

// Info is what a weights file records beside the arrays.
type Info struct {
	Format string `json:"format"`
	Spec   Spec   `json:"spec"`
	Data   string `json:"data,omitempty"` // the data the weights were trained on ("font", or a path)
}

// SaveWeights writes p as an .npz file that numpy reads: one float64 array
// per parameter, named as in the store ("enc/0/w" has shape In×Out,
// "enc/0/b" shape Out), and an entry "aenets" holding Info as JSON. The file
// is replaced atomically.
func SaveWeights(path string, info Info, p *Params) error {
	info.Format = WeightsFormat
	if err := Zeros(info.Spec).SameLayout(p); err != nil {
		return fmt.Errorf("save weights: parameters do not fit %s: %w", info.Spec.LayerString(), err)
	}
	js, err := json.Marshal(info)
	if err != nil {
		return err
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		z := npz.NewWriter(w)
		for _, q := range p.All() {
			var v any = q.Data
			if len(q.Shape) == 2 {
				v = mat.NewDense(q.Shape[0], q.Shape[1], q.Data)
			}
			if err := z.Write(q.Name+".npy", v); err != nil {
				return err
			}
		}
		if err := z.Write(infoKey+".npy", string(js)); err != nil {
			return err
		}
		return z.Close()
	})
}

// LoadWeights reads a file written by SaveWeights: its Info and parameters.
// A file that is not an aenets weights file, or whose arrays do not match
// the architecture it records, is an error.
func LoadWeights(path string) (Info, *Params, error) {
	var info Info
	r, err := npz.Open(path)
	if err != nil {
		return info, nil, fmt.Errorf("weights %s: not a readable .npz file: %w", path, err)
	}
	defer r.Close()
	keys := r.Keys()
	if !slices.Contains(keys, infoKey+".npy") {
		return info, nil, fmt.Errorf("weights %s: not an aenets weights file (no %q entry recording the architecture)", path, infoKey)
	}
	var js string
	if err := r.Read(infoKey+".npy", &js); err != nil {
		return info, nil, fmt.Errorf("weights %s: %w", path, err)
	}
	if err := json.Unmarshal([]byte(js), &info); err != nil {
		return info, nil, fmt.Errorf("weights %s: architecture record: %w", path, err)
	}
	if info.Format != WeightsFormat {
		return info, nil, fmt.Errorf("weights %s: format %q, this aenets reads %q", path, info.Format, WeightsFormat)
	}
	if err := info.Spec.Check(); err != nil {
		return info, nil, fmt.Errorf("weights %s: recorded architecture: %w", path, err)
	}
	p := Zeros(info.Spec)
	want := map[string]bool{infoKey + ".npy": true}
	for _, q := range p.All() {
		key := q.Name + ".npy"
		want[key] = true
		h := r.Header(key)
		if h == nil {
			return info, nil, fmt.Errorf("weights %s: no array %s, which %s needs", path, q.Name, info.Spec.LayerString())
		}
		if !slices.Equal(h.Descr.Shape, q.Shape) {
			return info, nil, fmt.Errorf("weights %s: array %s has shape %v, %s needs %v", path, q.Name, h.Descr.Shape, info.Spec.LayerString(), q.Shape)
		}
		var v []float64
		if err := r.Read(key, &v); err != nil {
			return info, nil, fmt.Errorf("weights %s: array %s: %w", path, q.Name, err)
		}
		if len(v) != len(q.Data) {
			return info, nil, fmt.Errorf("weights %s: array %s has %d values, want %d", path, q.Name, len(v), len(q.Data))
		}
		for i, x := range v {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return info, nil, fmt.Errorf("weights %s: array %s holds %v at %d", path, q.Name, x, i)
			}
		}
		copy(q.Data, v)
	}
	for _, k := range keys {
		if !want[k] {
			return info, nil, fmt.Errorf("weights %s: array %s is not part of %s", path, strings.TrimSuffix(k, ".npy"), info.Spec.LayerString())
		}
	}
	return info, p, nil
}

// LoadWeightsFor reads a weights file and checks that it fits spec.
func LoadWeightsFor(path string, spec Spec) (Info, *Params, error) {
	info, p, err := LoadWeights(path)
	if err != nil {
		return info, nil, err
	}
	if err := spec.SameArchitecture(info.Spec); err != nil {
		return info, nil, fmt.Errorf("weights %s were trained for another architecture: %w", path, err)
	}
	return info, p, nil
}
