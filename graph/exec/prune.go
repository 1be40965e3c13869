package exec

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// Prune drops from every later Run the instructions that no G.Read
// statement, no gradient given by Grads and none of keep depends on, and
// returns how many it dropped. Call it after Grads. G.Grad builds the derivative of every input
// of a differentiable op, so a graph holds dead ones: the gradient of the
// data x (a matrix product as large as the first layer's weight
// gradient), which no caller reads. Dropping them changes no value that
// is read: each kept instruction reads the same inputs as before.
func (p *Program) Prune(keep ...*G.Node) (int, error) {
	live := make([]bool, len(p.instrs))
	var stack []int
	mark := func(i int) {
		if !live[i] {
			live[i] = true
			stack = append(stack, i)
		}
	}
	for i := range p.instrs {
		if p.instrs[i].kind == kRead {
			mark(i)
		}
	}
	for _, g := range p.grads {
		mark(g.slot)
	}
	for _, n := range keep {
		i, ok := p.index[n]
		if !ok {
			return 0, fmt.Errorf("exec: Prune: %v is not in the program", n)
		}
		mark(i)
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, a := range p.instrs[i].args {
			mark(a)
		}
	}
	p.run = p.run[:0]
	for i := range p.instrs {
		if live[i] {
			p.run = append(p.run, i)
		} else {
			delete(p.index, p.instrs[i].node)
			p.vals[i], p.instrs[i].out = nil, nil
		}
	}
	return len(p.instrs) - len(p.run), nil
}
