package check

import (
	"fmt"
	"math"
	"strings"

	"github.com/aenets/aenets/nets"
)

// Row compares one parameter tensor's gradients: a and b, two engines',
// and c, finite differences (NaN where none was taken).
type Row struct {
	Name         string
	Shape        []int
	AB, RelAB    float64   // max |a−b| and relative (RelDefinition)
	AC, RelAC    float64   // max |a−c| over the values checked, and relative to the whole tensor
	Norm         float64   // ‖a‖
	Checked      int       // values whose finite difference was taken
	A, B, C, Val []float64 // the gradients, and the parameter's values
}

// CompareGradients returns a Row for every parameter of p: a, b and c are
// gradients in the order of p.All() and picked the indices of each whose
// finite differences c holds (PickCoordinates).
func CompareGradients(p *nets.Params, a, b, c [][]float64, picked [][]int) []Row {
	var rows []Row
	for i, q := range p.All() {
		row := Row{Name: q.Name, Shape: q.Shape, A: a[i], B: b[i], C: c[i], Val: q.Data, Norm: Norm(a[i]),
			Checked: len(picked[i])}
		row.AB, row.RelAB = MaxDiff(a[i], b[i])
		// Relative to the largest gradient of the whole tensor, as for a:b,
		// not just of the values picked.
		pc := Pick(c[i], picked[i])
		ac, _ := MaxDiff(Pick(a[i], picked[i]), pc)
		row.AC, row.RelAC = ac, RelTo(ac, a[i], pc)
		rows = append(rows, row)
	}
	return rows
}

// Tolerances bound the relative differences (RelDefinition) Verdict accepts.
type Tolerances struct {
	Engines float64 // on rel(a,b), and on the relative difference of the engines' losses
	FD      float64 // on rel(a,c)
}

// Failure is Verdict's error: what exceeded its tolerance.
type Failure struct {
	Tol          Tolerances
	Engines      *Row // the tensor of the worst rel(a,b), if over Tol.Engines
	LossA, LossB float64
	LossesDiffer bool // the losses differ by more than Tol.Engines, relatively
	FD           *Row // the tensor of the worst rel(a,c), if over Tol.FD
	Rough        int  // pre-activations near a rough spot (RoughTotal)
	Margin       float64
}

func (f *Failure) Error() string {
	var p []string
	if w := f.Engines; w != nil {
		p = append(p, fmt.Sprintf("the engines' gradients of %s differ by %.3g relative (max |a−b| %.3g) > %g", w.Name, w.RelAB, w.AB, f.Tol.Engines))
	}
	if f.LossesDiffer {
		p = append(p, fmt.Sprintf("the engines' losses differ: %.17g and %.17g", f.LossA, f.LossB))
	}
	if w := f.FD; w != nil {
		s := fmt.Sprintf("finite differences of %s differ from the gradient by %.3g relative (max |a−c| %.3g) > %g", w.Name, w.RelAC, w.AC, f.Tol.FD)
		if f.Rough > 0 {
			s += fmt.Sprintf(" (%d pre-activations lie within %.3g of a rough spot, where finite differences do not measure the engines' gradient)", f.Rough, f.Margin)
		}
		p = append(p, s)
	}
	return strings.Join(p, "; ")
}

// Verdict is nil when, within tol, the engines' gradients (rows' a and b)
// and losses agree and the finite differences (c) agree with a; else a
// *Failure naming the worst tensor of each failing check (a NaN counts as
// worst). rough and margin, from Rough, go into the failure: where some
// pre-activations lie near a rough spot, a failing c is not a wrong gradient.
func Verdict(rows []Row, lossA, lossB float64, tol Tolerances, rough []RoughCount, margin float64) error {
	if len(rows) == 0 {
		return nil
	}
	worst := func(rel func(*Row) float64) *Row {
		w := &rows[0]
		for i := range rows[1:] {
			r := &rows[i+1]
			if rel(r) > rel(w) || math.IsNaN(rel(r)) && !math.IsNaN(rel(w)) {
				w = r
			}
		}
		return w
	}
	f := &Failure{Tol: tol, LossA: lossA, LossB: lossB, Rough: RoughTotal(rough), Margin: margin}
	if w := worst(func(r *Row) float64 { return r.RelAB }); !(w.RelAB <= tol.Engines) {
		f.Engines = w
	}
	if _, rel := MaxDiff([]float64{lossA}, []float64{lossB}); !(rel <= tol.Engines) {
		f.LossesDiffer = true
	}
	if w := worst(func(r *Row) float64 { return r.RelAC }); !(w.RelAC <= tol.FD) {
		f.FD = w
	}
	if f.Engines == nil && !f.LossesDiffer && f.FD == nil {
		return nil
	}
	return f
}
