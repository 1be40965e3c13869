package backprop

import (
	"math"
	"strings"
	"testing"

	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/nets"
)

// TestPreActivations: every Dense layer's pre-activations, in the store's
// order, are x·W + b of the layer below's activations, computed here in
// plain loops; the last layer's activations are Evaluate's reconstructions.
func TestPreActivations(t *testing.T) {
	const n = 3
	for _, spec := range []nets.Spec{
		testSpecs()[0],
		must(nets.Spec{Kind: nets.KindAE, Act: "relu", LatentAct: "softplus", OutAct: "identity", Loss: "mse"}.WithLayers([]int{6, 5, 4, 2, 3, 5, 6})),
		must(nets.DefaultVAE(5, 2).WithLayers([]int{5, 4, 2, 4, 5})),
	} {
		p := testParams(spec, 7)
		m, err := Build(spec, p, nets.Adam{})
		if err != nil {
			t.Fatal(err)
		}
		x := randBatch(7, n, spec.In)
		got, err := m.(interface {
			PreActivations([]float64, int) ([]nets.LayerValues, error)
		}).PreActivations(x, n)
		if err != nil {
			t.Fatal(err)
		}
		layers := denseLayers(spec)
		if len(got) != len(layers) {
			t.Fatalf("%s: %d layers, want %d", specName(spec), len(got), len(layers))
		}
		// In the store's order; a VAE's heads read the encoder's output and
		// its decoder μ (the head "vae/mu"), as Evaluate does.
		in := x
		var code []float64
		for i, l := range layers {
			g := got[i]
			if g.Name != l.Name || g.Act != l.Act || len(g.Z) != n*l.Out {
				t.Fatalf("%s: layer %d is %s %s (%d values), want %s %s (%d)", specName(spec), i, g.Name, g.Act, len(g.Z), l.Name, l.Act, n*l.Out)
			}
			switch l.Name {
			case "vae/mu":
				code = in
			case "vae/logvar":
				in = code
			}
			w, b := p.Get(graph.Name(l.Name, "w")).Data, p.Get(graph.Name(l.Name, "b")).Data
			y := make([]float64, n*l.Out)
			for r := range n {
				for o := range l.Out {
					z := b[o]
					for j := range l.In {
						z += in[r*l.In+j] * w[j*l.Out+o]
					}
					if d := math.Abs(z - g.Z[r*l.Out+o]); d > 1e-12 {
						t.Fatalf("%s: %s z[%d][%d] = %v, want %v", specName(spec), l.Name, r, o, g.Z[r*l.Out+o], z)
					}
					y[r*l.Out+o] = scalarAct(l.Act, g.Z[r*l.Out+o])
				}
			}
			in = y
			if l.Name == "vae/logvar" {
				in = got[i-1].Z // μ, linear: the decoder's input
			}
		}
		out := make([]float64, n*spec.In)
		if _, err := m.Evaluate(x, x, n, out, nil); err != nil {
			t.Fatal(err)
		}
		for i := range out {
			if math.Abs(out[i]-in[i]) > 1e-12 {
				t.Fatalf("%s: output %d is %v, want %v", specName(spec), i, in[i], out[i])
			}
		}
	}
}

func scalarAct(a graph.Activation, z float64) float64 {
	switch a {
	case graph.Sigmoid:
		return 1 / (1 + math.Exp(-z))
	case graph.Tanh:
		return math.Tanh(z)
	case graph.ReLU:
		return math.Max(0, z)
	case graph.Softplus:
		return math.Log1p(math.Exp(z))
	}
	return z
}

// testLayer is a Dense layer as the builders declare it.
type testLayer struct {
	Name    string
	In, Out int
	Act     graph.Activation
}

// denseLayers lists the Dense layers of spec in the store's order, their
// shapes read off the builder's layout.
func denseLayers(spec nets.Spec) []testLayer {
	var out []testLayer
	enc, dec := len(spec.Encoder), len(spec.Decoder)
	for _, q := range must(nets.Zeros(spec)).All() {
		name, ok := strings.CutSuffix(q.Name, "/w")
		if !ok {
			continue
		}
		act := graph.Activation(spec.Act)
		switch name {
		case graph.Name("enc", enc):
			act = graph.Activation(spec.LatentAct)
		case "vae/mu", "vae/logvar":
			act = graph.Identity
		case graph.Name("dec", dec):
			act = graph.Activation(spec.OutAct)
		}
		out = append(out, testLayer{name, q.Shape[0], q.Shape[1], act})
	}
	return out
}
