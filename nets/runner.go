package nets

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/graph/exec"
)

// runner runs one of a model's graphs, G.Read statements included. The
// gradients after a run are that run's alone: they are never added to the
// last run's.
type runner interface {
	run() error
	// grads gives the solver the parameters, in the store's order, each
	// with its gradient at the last run (nil for a graph without gradients).
	grads() []G.ValueGrad
}

// newRunner compiles g (its gradient nodes included: the derivatives of
// wrt) into a graph/exec Program, which runs every op into buffers
// allocated once, pruned to what the graph's G.Read statements and the
// gradients need. A graph exec cannot compile (a G.Set statement, say) runs
// on a TapeMachine instead, as every graph did before exec: the same ops on
// the same values, so the same numbers, only slower; the reason is
// returned. With tape set, the graph runs on a TapeMachine whatever it
// holds (the tests' reference). Call it under graph.Lock.
func newRunner(g *G.ExprGraph, wrt G.Nodes, tape bool) (r runner, fallback error) {
	if !tape {
		prog, err := exec.Compile(g)
		var vg []G.ValueGrad
		if err == nil && len(wrt) > 0 {
			vg, err = prog.Grads(wrt...)
		}
		if err == nil {
			_, err = prog.Prune()
		}
		if err == nil {
			return progRunner{prog, vg}, nil
		}
		fallback = err
	}
	var vm G.VM
	if len(wrt) > 0 {
		vm = G.NewTapeMachine(g, G.BindDualValues(wrt...))
	} else {
		vm = G.NewTapeMachine(g)
	}
	var vg []G.ValueGrad
	if len(wrt) > 0 {
		vg = G.NodesToValueGrads(wrt)
	}
	return &tapeRunner{vm: vm, vg: vg}, fallback
}

// progRunner runs a compiled graph/exec Program: each Run overwrites its
// gradient buffers, which are what grads gives the solver.
type progRunner struct {
	prog *exec.Program
	vg   []G.ValueGrad
}

func (r progRunner) run() error           { return r.prog.Run() }
func (r progRunner) grads() []G.ValueGrad { return r.vg }

// tapeRunner runs a graph on Gorgonia's TapeMachine, which adds each run's
// gradients to the parameters' dual values: they are zeroed before every
// run (as a solver step leaves them), so that a run's gradients are its
// own, as with a Program.
type tapeRunner struct {
	vm G.VM
	vg []G.ValueGrad
}

func (r *tapeRunner) run() error {
	r.vm.Reset()
	for _, p := range r.vg {
		g, err := p.Grad()
		if err != nil {
			return err
		}
		if g == nil {
			continue // before the first run: nothing accumulated yet
		}
		t, ok := g.(tensor.Tensor)
		if !ok {
			return fmt.Errorf("gradient of type %T, want a tensor", g)
		}
		t.Zero()
	}
	return r.vm.RunAll()
}

func (r *tapeRunner) grads() []G.ValueGrad { return r.vg }

// compileRunner is newRunner under graph.Lock, recording a fallback to the
// TapeMachine in m.fallbacks under what.
func (m *gorgoniaModel) compileRunner(what string, n int, g *G.ExprGraph, wrt G.Nodes) (runner, error) {
	var r runner
	var fallback error
	err := graph.Lock(func() error {
		r, fallback = newRunner(g, wrt, m.tape)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s for batches of %d: %w", what, n, err)
	}
	if fallback != nil {
		m.fallbacks = append(m.fallbacks, fmt.Sprintf("%s for batches of %d runs on a TapeMachine: %v", what, n, fallback))
	}
	return r, nil
}
