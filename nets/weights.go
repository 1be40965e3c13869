package nets

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"

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
	return atomicfile.Write(path, func(w io.Writer) error { return writeWeights(w, js, p) })
}

// writeWeights writes the arrays of p and the record js as an .npz archive.
func writeWeights(w io.Writer, js []byte, p *Params) error {
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
