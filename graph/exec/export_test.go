package exec

import (
	"fmt"
	"testing"
)

// InstrAllocs runs each instruction of p alone, runs times, and returns the
// allocations per run of those that allocate, summed by "kind op": for
// TestAllocsPerOp, in the external test package. Run p once first.
func InstrAllocs(p *Program, runs int) (map[string]float64, error) {
	byOp := map[string]float64{}
	var err error
	for _, i := range p.run {
		a := testing.AllocsPerRun(runs, func() {
			if e := p.step(i); e != nil && err == nil {
				err = e
			}
		})
		if a > 0 {
			in := &p.instrs[i]
			byOp[fmt.Sprintf("%-8v %v", in.kind, in.op)] += a
		}
	}
	return byOp, err
}
