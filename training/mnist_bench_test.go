package training

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/cputime"
	"github.com/aenets/aenets/internal/openblas"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/internal/synth"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/backprop"
)

// BenchmarkMNISTEpoch times one epoch of the VAE of PyTorch's examples/vae
// (`aenets vae --hidden 400 --latent 20 --batch 128 --lr 1e-3 --free-bits 0`
// on MNIST's 60,000 training images; ../shared/bench/torch_mnist_vae.py is
// the reference), on either engine: 469 steps of 128, then the loss of the
// whole set (all), or of 1,024 images (eval1024: --eval-samples 1024). One
// epoch is an op; the first builds the graphs. It runs on the images of the
// file AENETS_MNIST names (train-images-idx3-ubyte.gz), else on
// synth.MNISTLike's. Its names start with the BLAS of the build, as
// BenchmarkEpochBLAS's. The collector is set as the command's main sets it
// (GOGC 400, a soft limit of 448 MiB besides the data), since Gorgonia's
// Adam allocates about 21 MB a step here.
//
//	AENETS_MNIST=$(go env GOMODCACHE)/github.com/petar/\!go\!m\!n\!i\!s\!t@v0.0.0-20150320212226-2fbe10d0fa63/data/train-images-idx3-ubyte.gz \
//	go test ./training -run '^$' -bench MNISTEpoch -benchtime 1x
func BenchmarkMNISTEpoch(b *testing.B) {
	var ds *data.Dataset
	if path := os.Getenv("AENETS_MNIST"); path != "" {
		var err error
		if ds, err = data.Load(path); err != nil {
			b.Fatal(err)
		}
	} else {
		ds = synth.MNISTLike(60000)
	}
	if err := ds.Check(); err != nil {
		b.Fatal(err)
	}
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(448<<20 + 8*int64(len(ds.X))))
	spec, err := nets.DefaultVAE(ds.D, 20).WithLayers([]int{784, 400, 20, 400, 784})
	if err != nil {
		b.Fatal(err)
	}
	blas := "gonum"
	if openblas.Enabled {
		blas = "openblas"
	}
	for _, e := range []struct {
		name  string
		build func(nets.Spec, *nets.Params, nets.Adam, ...int) (nets.Model, error)
	}{{"gorgonia", nets.Build}, {"backprop", backprop.Build}} {
		for _, eval := range []struct {
			name    string
			samples int
		}{{"all", 0}, {"eval1024", 1024}} {
			b.Run(blas+"/"+e.name+"/"+eval.name, func(b *testing.B) {
				m, err := e.build(spec, must(nets.NewParams(spec, rng.New(1, rng.Init))), nets.Adam{LR: 1e-3}, 128)
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC() // the last sub-benchmark's model, gone
				var before, after runtime.MemStats
				b.ReportAllocs()
				runtime.ReadMemStats(&before)
				cpu := cputime.Seconds()
				b.ResetTimer()
				if _, err := Train(m, ds, Config{Epochs: b.N, Batch: 128, Goal: -1, Seed: 1, EvalSamples: eval.samples}); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				cpu = cputime.Seconds() - cpu
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N), "allocs/epoch")
				b.ReportMetric(cpu/float64(b.N), "cpu-s/epoch")
			})
		}
	}
}
