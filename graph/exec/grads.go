package exec

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Grads returns the parameters wrt, each with its gradient, in a form
// Gorgonia's solvers step (solver.Step(p.Grads(...))): Value is the
// parameter's bound value, which the solver updates in place, and Grad the
// buffer its gradient node (n.Deriv(), set by G.Grad) writes at every Run.
// Call it once and keep the slice: solvers such as Adam key their moments by
// position in it.
func (p *Program) Grads(wrt ...*G.Node) ([]G.ValueGrad, error) {
	out := make([]G.ValueGrad, len(wrt))
	for k, n := range wrt {
		d := n.Deriv()
		if d == nil {
			return nil, fmt.Errorf("exec: %v has no gradient node (call G.Grad before Compile)", n)
		}
		i, ok := p.index[d]
		if !ok {
			return nil, fmt.Errorf("exec: the gradient of %v is not in the program", n)
		}
		if _, ok := p.index[n]; !ok {
			return nil, fmt.Errorf("exec: %v is not in the program", n)
		}
		g := &paramGrad{param: n, p: p, slot: i}
		if in := &p.instrs[i]; in.out == nil {
			// The gradient node is an input or a constant: give the solver a
			// copy to modify, never the node's own value.
			b, err := G.CloneValue(p.vals[i])
			if err != nil {
				return nil, err
			}
			g.buf, g.copy = b, true
		}
		p.grads = append(p.grads, g)
		out[k] = g
	}
	return out, nil
}

// paramGrad is a parameter with its gradient buffer: a G.ValueGrad.
type paramGrad struct {
	param *G.Node
	p     *Program
	slot  int
	buf   G.Value
	copy  bool // buf holds a copy of the gradient node's value
}

// plusZero adds +0 to every gradient, as a TapeMachine does when it adds a
// run's gradients to the zeroed ones of its dual values: x + 0 is x for
// every x but −0, which becomes +0. It keeps the gradients, and every solver
// step after them, bit for bit those of a TapeMachine.
func (g *paramGrad) plusZero() {
	v, _ := g.Grad()
	switch d := v.(type) {
	case *tensor.Dense:
		switch a := d.Data().(type) {
		case []float64:
			for i := range a {
				a[i] += 0
			}
		case []float32:
			for i := range a {
				a[i] += 0
			}
		}
	case *G.F64:
		*d += 0
	case *G.F32:
		*d += 0
	}
}

func (g *paramGrad) Value() G.Value { return g.param.Value() }

func (g *paramGrad) Grad() (G.Value, error) {
	if g.copy {
		return g.buf, nil
	}
	return g.p.vals[g.slot], nil
}

// Name makes the solvers' errors name the parameter.
func (g *paramGrad) Name() string { return g.param.Name() }
