package backprop

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/nets"
)

// TestParity walks every kind of net × activation × loss × option through
// both engines: where the hand-written engine implements the definition,
// the losses, the terms and every gradient must be the same bits as
// Gorgonia's; where it does not, Build must refuse it in one line, naming
// what it lacks. The options are found by reflection on nets.AEOptions and
// nets.VAEOptions, so that an option added to a builder is walked at once:
// it passes only if the engine implements it bit for bit, or refuses it.
// `go test -v -run TestParity` prints the table.
func TestParity(t *testing.T) {
	type row struct{ kind, act, loss, option, result string }
	var rows []row
	for _, kind := range nets.Kinds {
		for _, act := range graph.Activations {
			for _, loss := range graph.Losses {
				for _, opt := range parityOptions() {
					s := paritySpec(kind, string(act), string(loss))
					name := "none"
					if opt != nil {
						name = opt(&s)
					}
					r := row{kind, string(act), string(loss), name, ""}
					if err := s.Check(); err != nil {
						continue // not a definition at all (bce without a sigmoid output, l1 on a VAE, …)
					}
					r.result = parity(t, s)
					rows = append(rows, r)
				}
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-4s %-9s %-4s %-12s %s\n", "kind", "act", "loss", "option", "backprop against gorgonia")
	for _, r := range rows {
		fmt.Fprintf(&b, "%-4s %-9s %-4s %-12s %s\n", r.kind, r.act, r.loss, r.option, r.result)
	}
	t.Logf("parity table (%d definitions):\n%s", len(rows), b.String())
}

// paritySpec is a tiny net of the kind with act in its hidden layers (and
// in its code, for an AE) and, for mse, at its output.
func paritySpec(kind, act, loss string) nets.Spec {
	s := nets.Spec{Kind: kind, In: 6, Encoder: []int{5}, Latent: 2, Decoder: []int{5},
		Act: act, LatentAct: act, OutAct: "sigmoid", Loss: loss}
	if loss == string(graph.MSE) {
		s.OutAct = act
	}
	if kind == nets.KindVAE {
		s.LatentAct, s.Beta = string(graph.Identity), 1
	}
	return s
}

// parityOptions returns nil (no option) and, for every field of the
// options' structs, a function that turns it on.
func parityOptions() []func(*nets.Spec) string {
	opts := []func(*nets.Spec) string{nil}
	for _, field := range []string{"AEOptions", "VAEOptions"} {
		st, _ := reflect.TypeOf(nets.Spec{}).FieldByName(field)
		for i := range st.Type.NumField() {
			f := st.Type.Field(i)
			key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			opts = append(opts, func(s *nets.Spec) string {
				v := reflect.ValueOf(s).Elem().FieldByName(field).Field(i)
				switch v.Kind() {
				case reflect.Bool:
					v.SetBool(true)
					return key
				case reflect.Float64:
					v.SetFloat(0.25)
					return key + "=0.25"
				}
				panic("TestParity: an option of kind " + v.Kind().String() + ": teach parityOptions to set it")
			})
		}
	}
	return opts
}

// parity builds s on both engines from the same weights and returns what
// the hand-written engine did: "identical" (checked bit for bit) or
// "refused: …".
func parity(t *testing.T, s nets.Spec) string {
	t.Helper()
	const n = 4
	name := fmt.Sprintf("%s %s/%s/%s %+v", s.Kind, s.Act, s.LatentAct, s.OutAct, s.Features())
	p := must(nets.NewParams(s, rand.New(rand.NewPCG(3, 5))))
	r := rand.New(rand.NewPCG(7, 9))
	for _, q := range p.All() { // non-zero biases: no layer starts exactly at a kink
		if len(q.Shape) == 1 {
			for i := range q.Data {
				q.Data[i] = r.Float64() - 0.5
			}
		}
	}
	g, err := nets.Build(s, p.Clone(), nets.Adam{}, n)
	if err != nil {
		t.Fatalf("%s: Gorgonia refuses a valid definition: %v", name, err)
	}
	h, err := Build(s, p.Clone(), nets.Adam{}, n)
	if err != nil {
		if Supports(s) == nil {
			t.Errorf("%s: Build fails though Supports accepts: %v", name, err)
		}
		msg := err.Error()
		if !strings.Contains(msg, "the backprop engine does not implement") || !strings.Contains(msg, "use --engine gorgonia") || strings.Contains(msg, "\n") {
			t.Errorf("%s: refusal %q is not one line naming what is missing", name, msg)
		}
		return "refused: " + strings.TrimPrefix(msg, "the backprop engine does not implement ")
	}
	x := make([]float64, n*s.In)
	for i := range x {
		x[i] = r.Float64()
	}
	if s.IsVAE() {
		eps := make([]float64, n*s.Latent)
		for i := range eps {
			eps[i] = r.NormFloat64()
		}
		g.(nets.VAE).SetEpsilon(eps)
		h.(nets.VAE).SetEpsilon(eps)
	}
	la, ga, err := g.(nets.Differentiable).Gradients(x, x, n)
	if err != nil {
		t.Fatal(err)
	}
	lb, gb, err := h.(nets.Differentiable).Gradients(x, x, n)
	if err != nil {
		t.Fatal(err)
	}
	if math.Float64bits(la) != math.Float64bits(lb) {
		t.Errorf("%s: training losses %v and %v", name, la, lb)
	}
	for i, q := range p.All() {
		if !slices.Equal(ga[i], gb[i]) {
			t.Errorf("%s: gradients of %s differ", name, q.Name)
		}
	}
	ea, err := g.Evaluate(x, x, n, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	eb, err := h.Evaluate(x, x, n, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Float64bits(ea) != math.Float64bits(eb) || !slices.Equal(g.Terms(), h.Terms()) {
		t.Errorf("%s: evaluation %v %v against %v %v", name, ea, g.Terms(), eb, h.Terms())
	}
	return "identical"
}
