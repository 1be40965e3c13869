package main

import (
	"encoding/json"
	"io"
	"slices"

	"codeberg.org/sbinet/npyio/npz"
	"github.com/aenets/aenets/internal/atomicfile"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/check"
	"gonum.org/v1/gonum/mat"
)

// gradcheck --dump: everything it computed, for numpy.

// dumpInfo is the dump's "aenets" entry, as JSON.
type dumpInfo struct {
	Format     string         `json:"format"`
	Net        string         `json:"net"`
	Spec       nets.Spec      `json:"spec"`
	Data       string         `json:"data"`
	Samples    int            `json:"samples"`
	Input      string         `json:"input"`
	FDStep     float64        `json:"fd_step"`
	Relative   string         `json:"relative"`
	Loss       map[string]any `json:"loss"`
	Settings   map[string]any `json:"settings"`
	Parameters []string       `json:"parameters"`
}

// dump writes the weights, the batch and the three gradients as an .npz, atomically.
func (r *gradcheck) dump(path string, c *gradcheckConfig) error {
	info := dumpInfo{Format: gradcheckFormat, Net: r.kind.name, Spec: r.spec, Data: r.dataName, Samples: r.n,
		Input: r.input, FDStep: c.FDStep, Relative: check.RelDefinition,
		Loss:     map[string]any{"gorgonia": r.la, "backprop": r.lb, "fd": r.lc},
		Settings: optionsOf(c.groups()).forNet(r.kind.name).record("gradcheck")}
	for _, row := range r.rows {
		info.Parameters = append(info.Parameters, row.Name)
	}
	js, err := json.Marshal(info)
	if err != nil {
		return err
	}
	d := r.spec.In
	return atomicfile.Write(path, func(w io.Writer) error {
		z := npz.NewWriter(w)
		put := func(name string, shape []int, v []float64) error {
			var a any = v
			if len(shape) == 2 {
				a = mat.NewDense(shape[0], shape[1], slices.Clone(v))
			}
			return z.Write(name+".npy", a)
		}
		for _, row := range r.rows {
			for _, e := range []struct {
				prefix string
				v      []float64
			}{{"weights/", row.Val}, {"grad/gorgonia/", row.A}, {"grad/backprop/", row.B}, {"grad/fd/", row.C}} {
				if err := put(e.prefix+row.Name, row.Shape, e.v); err != nil {
					return err
				}
			}
		}
		if err := put("x", []int{r.n, d}, r.x); err != nil {
			return err
		}
		if err := put("target", []int{r.n, d}, r.t); err != nil {
			return err
		}
		if err := z.Write("aenets.npy", string(js)); err != nil {
			return err
		}
		return z.Close()
	})
}
