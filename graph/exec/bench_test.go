package exec_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/aenets/aenets/graph/exec"
)

// The benchmarks time one full-batch training step (loss, gradients, Adam)
// of the default AE (35-17-2-17-35 on the 32 glyphs of the font) and of the
// default VAE (400-300-200-100-3 on the 56 emoji, ε fixed), on a
// TapeMachine and on a Program of the same graph. Each step copies the
// batch into the graph's inputs, as nets does.

func benchTape(b *testing.B, s setup) {
	spec, ds, p := s()
	r := newTape(b, spec, ds, p)
	f := r.f
	eps := append([]float64(nil), f.eps...)
	b.ReportAllocs()
	for b.Loop() {
		copy(f.x, ds.X)
		copy(f.t, ds.X)
		copy(f.eps, eps)
		r.step(b)
	}
}

func benchExec(b *testing.B, s setup, withAdam bool) {
	spec, ds, p := s()
	f := newFixture(b, spec, ds, p)
	prog, vg := compileFixture(b, f)
	solver := newSolver()
	eps := f.eps
	if eps != nil {
		eps = append([]float64(nil), f.eps...)
	}
	b.ReportAllocs()
	for b.Loop() {
		copy(f.x, ds.X)
		copy(f.t, ds.X)
		copy(f.eps, eps)
		if err := prog.Run(); err != nil {
			b.Fatal(err)
		}
		if _, err := prog.Scalar(f.loss); err != nil {
			b.Fatal(err)
		}
		if withAdam {
			if err := solver.Step(vg); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// benchAdam is Gorgonia's Adam step alone, on the gradients of one Run.
func benchAdam(b *testing.B, s setup) {
	spec, ds, p := s()
	f := newFixture(b, spec, ds, p)
	prog, vg := compileFixture(b, f)
	if err := prog.Run(); err != nil {
		b.Fatal(err)
	}
	solver := newSolver()
	b.ReportAllocs()
	for b.Loop() {
		if err := solver.Step(vg); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAETape(b *testing.B)       { benchTape(b, aeSetup) }
func BenchmarkAEExec(b *testing.B)       { benchExec(b, aeSetup, true) }
func BenchmarkAEExecNoAdam(b *testing.B) { benchExec(b, aeSetup, false) }
func BenchmarkAEAdam(b *testing.B)       { benchAdam(b, aeSetup) }

func BenchmarkVAETape(b *testing.B)       { benchTape(b, vaeSetup) }
func BenchmarkVAEExec(b *testing.B)       { benchExec(b, vaeSetup, true) }
func BenchmarkVAEExecNoAdam(b *testing.B) { benchExec(b, vaeSetup, false) }
func BenchmarkVAEAdam(b *testing.B)       { benchAdam(b, vaeSetup) }

// TestAllocsPerOp logs which instructions still allocate during a Run, and
// how much: the place to look for what is left. What the Program does
// itself (reading inputs, constants, folded sizes, reshapes, G.Read into a
// value it has) must not allocate: only the ops do.
func TestAllocsPerOp(t *testing.T) {
	for _, c := range []struct {
		name string
		s    setup
	}{{"ae", aeSetup}, {"vae", vaeSetup}} {
		spec, ds, p := c.s()
		f := newFixture(t, spec, ds, p)
		prog, _ := compileFixture(t, f)
		if err := prog.Run(); err != nil {
			t.Fatal(err)
		}
		total := testing.AllocsPerRun(20, func() {
			if err := prog.Run(); err != nil {
				t.Fatal(err)
			}
		})
		byOp, err := exec.InstrAllocs(prog, 20)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for k := range byOp {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		t.Logf("%s: %.0f allocations per Run", c.name, total)
		for _, k := range keys {
			t.Logf("  %5.0f  %s", byOp[k], k)
			for _, own := range []string{"input ", "constant ", "folded ", "reshape ", "read "} {
				if strings.HasPrefix(k, own) {
					t.Errorf("%s: %q allocates %.0f times per run", c.name, k, byOp[k])
				}
			}
		}
	}
}
