package noise_test

import (
	"slices"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/training"
	"github.com/aenets/aenets/training/noise"
)

// TestShortDAEDenoises trains a denoising autoencoder briefly and checks
// that it removes noise better than doing nothing.
func TestShortDAEDenoises(t *testing.T) {
	ds := data.Font()
	spec := must(nets.Spec{Kind: nets.KindAE, Act: "sigmoid", LatentAct: "sigmoid", OutAct: "sigmoid", Loss: "bce"}.WithLayers([]int{35, 30, 10, 30, 35}))
	m, err := nets.Build(spec, must(nets.NewParams(spec, rng.New(1, rng.Init))), nets.Adam{LR: 0.01}, ds.N)
	if err != nil {
		t.Fatal(err)
	}
	clean := slices.Clone(ds.X)
	if _, err := training.Train(m, ds, training.Config{Epochs: 800, Goal: -1, Seed: 1, Noise: &noise.Noise{Model: noise.SaltPepper{}, Level: 0.1}}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.X, clean) {
		t.Fatal("training changed the data")
	}
	ev, err := noise.EvaluateDenoising(m, ds, noise.SaltPepper{}, []float64{0, 0.1, 0.2}, 10, 7)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ev[1:] {
		if !(e.OutputWrongPixels < 0.7*e.InputWrongPixels) || !(e.WithinOnePixel > e.InputWithinOnePixel) {
			t.Errorf("level %v: %.2f wrong pixels after denoising, %.2f before; within one %.2f vs %.2f",
				e.Level, e.OutputWrongPixels, e.InputWrongPixels, e.WithinOnePixel, e.InputWithinOnePixel)
		}
	}
	if ev[0].InputWrongPixels != 0 {
		t.Errorf("level 0 corrupted the input: %v", ev[0].InputWrongPixels)
	}
	// The evaluation of a level does not depend on the others evaluated.
	again, _ := noise.EvaluateDenoising(m, ds, noise.SaltPepper{}, []float64{0.1}, 10, 7)
	if again[0].OutputWrongPixels != ev[1].OutputWrongPixels || !slices.Equal(again[0].Noisy, ev[1].Noisy) {
		t.Error("level 0.1 evaluated alone differs")
	}
	t.Logf("%+v", ev[1].OutputWrongPixels)
}

// must returns v, stopping the test binary on err: for set-up that cannot fail.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestCheckEvaluation(t *testing.T) {
	cases := []struct {
		levels []float64
		copies int
		d      int
		want   string
	}{
		{nil, 1, 35, "test-levels (none): want at least one level"},
		{[]float64{0.1}, 0, 35, "copies 0: want > 0"},
		{[]float64{0.1, 1.5}, 1, 35, "test-levels: noise level 1.5 outside [0,1]"},
		{[]float64{0.1, 1.5}, 1, 0, ""}, // the levels wait for the data
	}
	for _, c := range cases {
		err := noise.CheckEvaluation(noise.SaltPepper{}, c.levels, c.copies, c.d)
		if (c.want == "") != (err == nil) || err != nil && err.Error() != c.want {
			t.Errorf("%v, %d copies, d %d: error %v, want %q", c.levels, c.copies, c.d, err, c.want)
		}
	}
}
