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
// Version 1 recorded the architecture as a list of widths whose narrowest
// inner layer was the code; LoadWeights still reads it.
const WeightsFormat = "aenets-weights/2"

// weightsFormat1 is the format of aenets' first weights files.
const weightsFormat1 = "aenets-weights/1"

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
	want, err := Zeros(info.Spec)
	if err != nil {
		return fmt.Errorf("save weights: %w", err)
	}
	if err := want.SameLayout(p); err != nil {
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
	if info, err = parseInfo(js); err != nil {
		return info, nil, fmt.Errorf("weights %s: %w", path, err)
	}
	if err := info.Spec.Check(); err != nil {
		return info, nil, fmt.Errorf("weights %s: recorded architecture: %w", path, err)
	}
	p, err := Zeros(info.Spec)
	if err != nil {
		return info, nil, fmt.Errorf("weights %s: recorded architecture: %w", path, err)
	}
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

// parseInfo reads a weights file's record, of this format or of version 1.
func parseInfo(js string) (Info, error) {
	var info Info
	var head struct {
		Format string `json:"format"`
	}
	if err := json.Unmarshal([]byte(js), &head); err != nil {
		return info, fmt.Errorf("architecture record: %w", err)
	}
	switch head.Format {
	case WeightsFormat:
		if err := json.Unmarshal([]byte(js), &info); err != nil {
			return info, fmt.Errorf("architecture record: %w", err)
		}
		return info, nil
	case weightsFormat1:
		var v1 struct {
			Data string `json:"data"`
			Spec struct {
				Kind      string  `json:"kind"`
				Layers    []int   `json:"layers"`
				Act       string  `json:"act"`
				LatentAct string  `json:"latent_act"`
				OutAct    string  `json:"out_act"`
				Loss      string  `json:"loss"`
				Beta      float64 `json:"beta"`
			} `json:"spec"`
		}
		if err := json.Unmarshal([]byte(js), &v1); err != nil {
			return info, fmt.Errorf("architecture record: %w", err)
		}
		l := v1.Spec.Layers
		if len(l) < 3 {
			return info, fmt.Errorf("architecture record: layers %v, want at least 3", l)
		}
		// Version 1's code was the narrowest inner layer (the first of equals).
		c := 1
		for i := 2; i < len(l)-1; i++ {
			if l[i] < l[c] {
				c = i
			}
		}
		s := v1.Spec
		info = Info{Format: WeightsFormat, Data: v1.Data, Spec: Spec{Kind: s.Kind, In: l[0],
			Encoder: slices.Clone(l[1:c]), Latent: l[c], Decoder: slices.Clone(l[c+1 : len(l)-1]),
			Act: s.Act, LatentAct: s.LatentAct, OutAct: s.OutAct, Loss: s.Loss, VAEOptions: VAEOptions{Beta: s.Beta}}}
		return info, nil
	}
	return info, fmt.Errorf("format %q, this aenets reads %q (and %q)", head.Format, WeightsFormat, weightsFormat1)
}
