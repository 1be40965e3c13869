package nets

import (
	"math/rand/v2"
	"testing"

	"github.com/aenets/aenets/data"
)

func benchModel(b *testing.B) (Model, *data.Dataset) {
	ds := data.Font()
	spec := DefaultAE(ds.D)
	m, err := Build(spec, must(NewParams(spec, rand.New(rand.NewPCG(1, 1)))), Adam{LR: 0.009}, ds.N)
	if err != nil {
		b.Fatal(err)
	}
	return m, ds
}

// BenchmarkTrainStep is one full-batch Adam step of the default AE on the font.
func BenchmarkTrainStep(b *testing.B) {
	m, ds := benchModel(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.TrainStep(ds.X, ds.X, ds.N); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluate is one evaluation of the 32 glyphs (reconstructions and loss).
func BenchmarkEvaluate(b *testing.B) {
	m, ds := benchModel(b)
	out := make([]float64, ds.N*ds.D)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Evaluate(ds.X, ds.X, ds.N, out, nil); err != nil {
			b.Fatal(err)
		}
	}
}
