package nets_test

import (
	"math"
	"slices"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/backprop"
)

type builder func(nets.Spec, *nets.Params, nets.Adam, ...int) (nets.Model, error)

// resumeSteps steps a model k times, builds a second model on a copy of
// its weights given its Adam state, then steps both k more times on the
// same batches: their weights and losses must agree bit for bit, and both
// must have moved from where the copy started.
func resumeSteps(t *testing.T, build builder, spec nets.Spec, k int) {
	t.Helper()
	ds := data.Font()
	if spec.IsVAE() {
		ds = data.Emoji()
	}
	p := mustNew(nets.NewParams(spec, rng.New(7, rng.Init)))
	opt := nets.Adam{LR: 0.01}
	a := mustNew(build(spec, p, opt, ds.N))
	eps := func(m nets.Model, seed uint64) {
		if v, ok := m.(nets.VAE); ok {
			v.SetRand(rng.New(seed, rng.Epsilon))
		}
	}
	eps(a, 1)
	for range k {
		if _, err := a.TrainStep(ds.X, ds.X, ds.N); err != nil {
			t.Fatal(err)
		}
	}
	st, err := a.(nets.Resumable).AdamState()
	if err != nil {
		t.Fatal(err)
	}
	if st.Step != k {
		t.Fatalf("step %d after %d steps", st.Step, k)
	}
	start := a.Params().Flatten(nil)
	b := mustNew(build(spec, a.Params().Clone(), opt, ds.N))
	if err := b.(nets.Resumable).SetAdamState(st); err != nil {
		t.Fatal(err)
	}
	back, err := b.(nets.Resumable).AdamState()
	if err != nil || back.Step != st.Step || !slices.EqualFunc(back.M, st.M, slices.Equal) || !slices.EqualFunc(back.V, st.V, slices.Equal) {
		t.Fatalf("the state read back differs from the state set (%v)", err)
	}
	eps(a, 2)
	eps(b, 2)
	for s := range k {
		la, errA := a.TrainStep(ds.X, ds.X, ds.N)
		lb, errB := b.TrainStep(ds.X, ds.X, ds.N)
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		if math.Float64bits(la) != math.Float64bits(lb) {
			t.Fatalf("step %d: loss %v, resumed %v", k+s+1, la, lb)
		}
	}
	if d := a.Params().MaxAbsDiff(b.Params()); d != 0 || slices.Equal(start, a.Params().Flatten(nil)) {
		t.Errorf("resumed weights differ by %g (or did not move)", d)
	}
}

func TestResumeAdamState(t *testing.T) {
	vae := nets.DefaultVAE(400, 3)
	vae.Encoder, vae.Decoder = []int{30}, []int{30}
	for _, c := range []struct {
		name  string
		build builder
		spec  nets.Spec
	}{
		{"gorgonia/ae", nets.Build, nets.DefaultAE(35)},
		{"backprop/ae", backprop.Build, nets.DefaultAE(35)},
		{"gorgonia/vae", nets.Build, vae},
		{"backprop/vae", backprop.Build, vae},
	} {
		t.Run(c.name, func(t *testing.T) { resumeSteps(t, c.build, c.spec, 3) })
	}
}

func TestAdamStateRefused(t *testing.T) {
	spec := nets.DefaultAE(35)
	p := mustNew(nets.Zeros(spec))
	m := mustNew(nets.Build(spec, p, nets.Adam{}))
	bad := nets.ZeroAdamState(p)
	bad.Step = 1
	bad.V[0][0] = math.NaN()
	if err := m.(nets.Resumable).SetAdamState(bad); err == nil {
		t.Error("a NaN moment was accepted")
	}
	bad.M = bad.M[1:]
	if err := m.(nets.Resumable).SetAdamState(bad); err == nil {
		t.Error("a state of another layout was accepted")
	}
}

func mustNew[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
