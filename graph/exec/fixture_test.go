package exec

import (
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/nets"
)

// fixture is one training graph built exactly as nets' newPass and
// trainGraph build it (nets.Build's TapeMachine is the reference), with
// its gradient nodes, over a parameter store of its own.
type fixture struct {
	spec   nets.Spec
	ds     *data.Dataset
	params *nets.Params
	g      *G.ExprGraph
	x, t   []float64 // the inputs' backing arrays
	eps    []float64 // a VAE's ε (nil for an AE)
	beta   *G.Node   // a VAE's β
	loss   *G.Node
	read   G.Value // G.Read(loss), as nets' trainGraph reads it
	wrt    G.Nodes // parameter nodes, in the store's order
	grads  G.Nodes // G.Grad's gradient nodes, same order
}

func fixedEps(n, latent int) []float64 {
	r := rand.New(rand.NewPCG(5, 5))
	e := make([]float64, n*latent)
	for i := range e {
		e[i] = r.NormFloat64()
	}
	return e
}

func aeSetup() (nets.Spec, *data.Dataset, *nets.Params) {
	ds := data.Font()
	spec := nets.DefaultAE(ds.D)
	return spec, ds, nets.NewParams(spec, rand.New(rand.NewPCG(1, 1)))
}

func vaeSetup() (nets.Spec, *data.Dataset, *nets.Params) {
	ds := data.Emoji()
	spec := nets.DefaultVAE(ds.D, 3)
	return spec, ds, nets.NewParams(spec, rand.New(rand.NewPCG(2, 2)))
}

func newAEFixture(tb testing.TB) *fixture {
	spec, ds, p := aeSetup()
	return newFixture(tb, spec, ds, p.Clone())
}

func newVAEFixture(tb testing.TB) *fixture {
	spec, ds, p := vaeSetup()
	return newFixture(tb, spec, ds, p.Clone())
}

func newInput(g *G.ExprGraph, name string, n, d int) (*G.Node, []float64) {
	data := make([]float64, n*d)
	t := tensor.New(tensor.WithShape(n, d), tensor.WithBacking(data))
	return G.NewMatrix(g, G.Float64, G.WithShape(n, d), G.WithName(name), G.WithValue(t)), data
}

func stack(tb testing.TB, x *G.Node, ds []*graph.Dense, layers []nets.Layer) (pre, out *G.Node) {
	out = x
	var err error
	for i, d := range ds {
		if pre, err = d.Forward(out); err != nil {
			tb.Fatal(err)
		}
		if out, err = layers[i].Act.Apply(pre); err != nil {
			tb.Fatal(err)
		}
	}
	return pre, out
}

func newFixture(tb testing.TB, spec nets.Spec, ds *data.Dataset, params *nets.Params) *fixture {
	tb.Helper()
	f := &fixture{spec: spec, ds: ds, params: params}
	err := graph.Lock(func() error {
		g := G.NewGraph()
		f.g = g
		ts := map[string]*tensor.Dense{}
		for _, q := range params.All() {
			ts[q.Name] = tensor.New(tensor.WithShape(q.Shape...), tensor.WithBacking(q.Data))
		}
		dense := func(l nets.Layer) *graph.Dense {
			d, err := graph.NewDense(g, l.Name, ts[graph.Name(l.Name, "w")], ts[graph.Name(l.Name, "b")])
			if err != nil {
				tb.Fatal(err)
			}
			f.wrt = append(f.wrt, d.Params()...)
			return d
		}
		var enc, dec []*graph.Dense
		var mu, lv *graph.Dense
		for _, l := range spec.Encoder() {
			enc = append(enc, dense(l))
		}
		if h := spec.Heads(); h != nil {
			mu, lv = dense(h[0]), dense(h[1])
		}
		for _, l := range spec.Decoder() {
			dec = append(dec, dense(l))
		}
		n, d := ds.N, spec.In()
		var xn, tn *G.Node
		xn, f.x = newInput(g, "x", n, d)
		tn, f.t = newInput(g, "target", n, d)
		copy(f.x, ds.X)
		copy(f.t, ds.X)
		_, h := stack(tb, xn, enc, spec.Encoder())
		code := h
		var logvar *G.Node
		if mu != nil {
			var err error
			if code, err = mu.Forward(h); err != nil {
				return err
			}
			raw, err := lv.Forward(h)
			if err != nil {
				return err
			}
			if logvar, err = graph.SoftClip(raw, nets.LogVarClip); err != nil {
				return err
			}
		}
		z := code
		if mu != nil {
			var en *G.Node
			en, f.eps = newInput(g, "eps", n, spec.Latent())
			copy(f.eps, fixedEps(n, spec.Latent()))
			var err error
			if z, err = graph.Reparameterize(code, logvar, en); err != nil {
				return err
			}
		}
		logits, out := stack(tb, z, dec, spec.Decoder())
		e, err := graph.Loss(spec.Loss).Elementwise(logits, out, tn)
		if err != nil {
			return err
		}
		if !spec.IsVAE() {
			f.loss, err = graph.MeanAll(e)
			if err != nil {
				return err
			}
		} else {
			recon, err := graph.SumRowsMean(e)
			if err != nil {
				return err
			}
			kle, err := graph.KLDivergence(code, logvar)
			if err != nil {
				return err
			}
			kl, err := graph.SumRowsMean(kle)
			if err != nil {
				return err
			}
			f.beta = G.NewScalar(g, G.Float64, G.WithName("beta"), G.WithValue(spec.KLWeight()))
			bkl, err := G.Mul(f.beta, kl)
			if err != nil {
				return err
			}
			if f.loss, err = G.Add(recon, bkl); err != nil {
				return err
			}
		}
		G.Read(f.loss, &f.read)
		f.grads, err = G.Grad(f.loss, f.wrt...)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return f
}
