package check

import (
	"fmt"
	"math"

	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/nets"
)

// RoughFactor: pre-activations within RoughFactor·h of a rough spot are
// counted, h the step of the finite differences: there a difference of
// step h does not measure the engines' gradient.
const RoughFactor = 10

// RoughNote explains the rough spots in one line.
const RoughNote = "relu's kink at 0, the sigmoid cut to 1 above 19, softplus (and BCE on the logits) cut to z from 16 to 19"

// A roughSpot is a range of pre-activations, [lo, hi], where the loss the
// engines compute is not smooth, or not the function whose derivative they
// compute: finite differences there do not measure the engines' gradient.
type roughSpot struct{ lo, hi float64 }

// roughSpots are those of each activation, as Gorgonia (and the
// hand-written engine after it) computes them: ReLU's kink at 0; the
// sigmoid, cut to exactly 1 above 19 (a jump of 5.6e-9 at 19, flat beyond)
// while its gradient stays y·σ(−z) ≈ e^−z; softplus, cut to z above 16 (a
// jump of 1.1e-7) while its gradient σ(z) only reaches 1 at 19. Tanh and
// the identity have none.
var roughSpots = map[graph.Activation][]roughSpot{
	graph.ReLU:     {{0, 0}},
	graph.Sigmoid:  {{19, math.Inf(1)}},
	graph.Softplus: {{16, 19}},
}

// bceRough is BCE's rough spot on the output logits z: it is computed as
// softplus(z) − x·z, with softplus's cut-off, and its gradient as σ(z) − x.
var bceRough = roughSpot{16, 19}

// RoughCount is how many pre-activations of one layer lie near a rough spot.
type RoughCount struct {
	Layer  string
	Near   int // within the margin of a rough spot
	Values int // pre-activations of the layer in the batch
}

// CountRough counts, for every layer that has rough spots, its
// pre-activations within margin of one; bceLogits says that the last
// layer's pre-activations are the logits of a BCE loss, whose rough spot
// replaces its activation's.
func CountRough(layers []nets.LayerValues, bceLogits bool, margin float64) []RoughCount {
	var out []RoughCount
	for li, l := range layers {
		spots := roughSpots[l.Act]
		if li == len(layers)-1 && bceLogits {
			spots = []roughSpot{bceRough} // the loss takes the logits, not the sigmoid
		}
		if len(spots) == 0 {
			continue
		}
		rc := RoughCount{Layer: l.Name, Values: len(l.Z)}
		for _, z := range l.Z {
			for _, s := range spots {
				if z >= s.lo-margin && z <= s.hi+margin {
					rc.Near++
					break
				}
			}
		}
		out = append(out, rc)
	}
	return out
}

// RoughTotal is the number of pre-activations near a rough spot in counts.
func RoughTotal(counts []RoughCount) int {
	s := 0
	for _, c := range counts {
		s += c.Near
	}
	return s
}

// PreActivator is a model that reports its layers' pre-activations for a
// batch, as the hand-written engine's models do.
type PreActivator interface {
	Spec() nets.Spec
	PreActivations(x []float64, n int) ([]nets.LayerValues, error)
}

// Rough runs the batch x of n samples through m once and counts, with
// CountRough, the pre-activations within margin of a rough spot. checked
// is false for a VAE, whose training loss decodes a sample z rather than
// the μ that m's evaluation pass decodes: nothing is counted.
func Rough(m PreActivator, x []float64, n int, margin float64) (counts []RoughCount, checked bool, err error) {
	spec := m.Spec()
	if spec.IsVAE() {
		return nil, false, nil
	}
	layers, err := m.PreActivations(x, n)
	if err != nil {
		return nil, false, fmt.Errorf("rough spots: %w", err)
	}
	return CountRough(layers, spec.Loss == string(graph.BCE), margin), true, nil
}
