package nets

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/aenets/aenets/graph"
)

// Param is one named parameter array, row-major: weights are In×Out, biases Out.
type Param struct {
	Name  string
	Shape []int
	Data  []float64
}

// Params is the parameter store of a net: every engine reads and writes
// these arrays, and weights files hold them.
type Params struct {
	list []*Param
}

// Zeros returns the parameters of spec, all zero: the layout (names,
// shapes, order) its builder declares, which every engine and weights file
// uses.
func Zeros(spec Spec) (*Params, error) {
	decls, err := Layout(spec)
	if err != nil {
		return nil, err
	}
	p := &Params{}
	for _, d := range decls {
		p.add(d.Name, d.Shape...)
	}
	return p, nil
}

// NewParams returns the parameters of spec as its builder declares them:
// Glorot-uniform weights drawn from rng in the order of declaration
// (encoder, heads, decoder), zero biases.
func NewParams(spec Spec, rng *rand.Rand) (*Params, error) {
	decls, err := Layout(spec)
	if err != nil {
		return nil, err
	}
	p := &Params{}
	for _, d := range decls {
		q := p.add(d.Name, d.Shape...)
		if d.Init == graph.InitGlorot {
			graph.GlorotUniform(rng, d.Shape[0], d.Shape[1], q.Data)
		}
	}
	return p, nil
}

func (p *Params) add(name string, shape ...int) *Param {
	n := 1
	for _, s := range shape {
		n *= s
	}
	q := &Param{Name: name, Shape: shape, Data: make([]float64, n)}
	p.list = append(p.list, q)
	return q
}

// All returns the parameters in their fixed order.
func (p *Params) All() []*Param { return p.list }

// Get returns the parameter named name, or nil.
func (p *Params) Get(name string) *Param {
	for _, q := range p.list {
		if q.Name == name {
			return q
		}
	}
	return nil
}

// Size is the total number of values.
func (p *Params) Size() int {
	n := 0
	for _, q := range p.list {
		n += len(q.Data)
	}
	return n
}

// Flatten copies every value, in order, into dst (grown if short) and returns it.
func (p *Params) Flatten(dst []float64) []float64 {
	dst = slices.Grow(dst[:0], p.Size())
	for _, q := range p.list {
		dst = append(dst, q.Data...)
	}
	return dst
}

// Unflatten copies src, as written by Flatten, back into the parameters.
func (p *Params) Unflatten(src []float64) {
	for _, q := range p.list {
		src = src[copy(q.Data, src):]
	}
}

// Clone returns a deep copy.
func (p *Params) Clone() *Params {
	c := &Params{}
	for _, q := range p.list {
		c.list = append(c.list, &Param{Name: q.Name, Shape: slices.Clone(q.Shape), Data: slices.Clone(q.Data)})
	}
	return c
}

// CopyFrom overwrites p's values with q's, which must have the same names and shapes.
func (p *Params) CopyFrom(q *Params) error {
	if err := p.SameLayout(q); err != nil {
		return err
	}
	for i, a := range p.list {
		copy(a.Data, q.list[i].Data)
	}
	return nil
}

// SameLayout reports the first difference of names or shapes between p and q.
func (p *Params) SameLayout(q *Params) error {
	if len(p.list) != len(q.list) {
		return fmt.Errorf("%d parameter arrays, want %d", len(q.list), len(p.list))
	}
	for i, a := range p.list {
		b := q.list[i]
		if a.Name != b.Name || !slices.Equal(a.Shape, b.Shape) {
			return fmt.Errorf("parameter %d is %s %v, want %s %v", i, b.Name, b.Shape, a.Name, a.Shape)
		}
	}
	return nil
}

// MaxAbsDiff returns the largest |p - q| over all values (same layout assumed).
func (p *Params) MaxAbsDiff(q *Params) float64 {
	m := 0.0
	for i, a := range p.list {
		for j, v := range a.Data {
			d := v - q.list[i].Data[j]
			if d < 0 {
				d = -d
			}
			if d > m || d != d {
				m = d
			}
		}
	}
	return m
}
