package training

import (
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/openblas"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/backprop"
)

// BenchmarkEpochBLAS times one epoch of the two default runs, `aenets ae`
// (35-17-2-17-35 on the 32 glyphs, Adam 0.009, adaptive schedule) and
// `aenets vae` (nets.DefaultVAE(400, 3) on the 56 emoji, Adam 3e-3), full
// batch, on either engine: a training step, the evaluation of the whole set
// and the loop's bookkeeping. Its names start with the BLAS of the build
// (gonum, or openblas with -tags openblas; the thread count from
// OPENBLAS_NUM_THREADS, and -v logs the kernel):
//
//	go test ./training -run '^$' -bench EpochBLAS -benchmem
//	go test -tags openblas ./training -run '^$' -bench EpochBLAS -benchmem
func BenchmarkEpochBLAS(b *testing.B) {
	b.Logf("BLAS: %s", openblas.Name())
	blas := "gonum"
	if openblas.Enabled {
		blas = "openblas"
	}
	engines := []struct {
		name  string
		build func(nets.Spec, *nets.Params, nets.Adam, ...int) (nets.Model, error)
	}{{"gorgonia", nets.Build}, {"backprop", backprop.Build}}
	for _, run := range []struct {
		name  string
		ds    *data.Dataset
		spec  nets.Spec
		lr    float64
		sched func() Schedule
	}{
		{"ae", data.Font(), nets.DefaultAE(35), 0.009, func() Schedule { return &Adaptive{} }},
		{"vae", data.Emoji(), nets.DefaultVAE(400, 3), 3e-3, func() Schedule { return &Fixed{} }},
	} {
		for _, e := range engines {
			b.Run(blas+"/"+run.name+"/"+e.name, func(b *testing.B) {
				m, err := e.build(run.spec, must(nets.NewParams(run.spec, rng.New(1, rng.Init))), nets.Adam{LR: run.lr}, run.ds.N)
				if err != nil {
					b.Fatal(err)
				}
				// Warm up: the first epoch builds the evaluation graph.
				if _, err := Train(m, run.ds, Config{Epochs: 1, Goal: -1}); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.ResetTimer()
				if _, err := Train(m, run.ds, Config{Epochs: b.N, Goal: -1, Schedule: run.sched()}); err != nil {
					b.Fatal(err)
				}
			})
		}
	}
}
