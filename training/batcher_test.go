package training

import (
	"github.com/aenets/aenets/training/noise"
	"slices"
	"testing"
)

// TestBatcher: nothing before Epoch; the full batch is the data itself, in
// order; minibatches cover every sample once an epoch, in a new order each
// epoch, the last one shorter; noisy inputs leave the targets clean; the
// same seed gives the same batches.
func TestBatcher(t *testing.T) {
	ds := binaryData(7, 4, 1)
	full := NewBatcher(ds, 0, nil, 1)
	if _, _, _, ok := full.Next(); ok {
		t.Error("a batch before Epoch")
	}
	full.Epoch()
	x, tg, n, ok := full.Next()
	if !ok || n != 7 || &tg[0] != &ds.X[0] || &x[0] != &tg[0] || full.Size() != 7 || !slices.Equal(full.Sizes(), []int{7}) {
		t.Errorf("full batch: n %d, ok %v, sizes %v", n, ok, full.Sizes())
	}
	if _, _, _, ok := full.Next(); ok {
		t.Error("two full batches in an epoch")
	}

	epochs := func(seed uint64, noise *noise.Noise) [][]float64 {
		b := NewBatcher(ds, 3, noise, seed)
		if !slices.Equal(b.Sizes(), []int{3, 1}) {
			t.Errorf("sizes %v", b.Sizes())
		}
		var out [][]float64
		for range 2 {
			b.Epoch()
			var sizes []int
			var rows []string
			for {
				x, tg, n, ok := b.Next()
				if !ok {
					break
				}
				sizes = append(sizes, n)
				for i := range n {
					rows = append(rows, string(fmtRow(tg[i*4:(i+1)*4])))
				}
				if noise == nil && &x[0] != &tg[0] {
					t.Error("clean inputs are not the targets")
				}
				out = append(out, slices.Clone(x), slices.Clone(tg))
			}
			if !slices.Equal(sizes, []int{3, 3, 1}) {
				t.Errorf("batch sizes %v", sizes)
			}
			var want []string
			for i := range ds.N {
				want = append(want, string(fmtRow(ds.Row(i))))
			}
			slices.Sort(rows)
			slices.Sort(want)
			if !slices.Equal(rows, want) {
				t.Errorf("an epoch's targets %v, want every sample once %v", rows, want)
			}
		}
		return out
	}
	a, b := epochs(5, nil), epochs(5, nil)
	if !slices.EqualFunc(a, b, slices.Equal) {
		t.Error("the same seed gave other batches")
	}
	if slices.Equal(a[0], a[6]) && slices.Equal(a[2], a[8]) {
		t.Error("the second epoch is in the first's order")
	}
	noisy := epochs(5, &noise.Noise{Model: noise.Flip{}, Level: 0.5})
	changed := false
	for i := 0; i < len(noisy); i += 2 {
		if !slices.Equal(noisy[i+1], a[i+1]) {
			t.Fatal("noise changed the order or the targets")
		}
		changed = changed || !slices.Equal(noisy[i], noisy[i+1])
	}
	if !changed {
		t.Error("no input corrupted")
	}
}

func fmtRow(v []float64) []byte {
	b := make([]byte, len(v))
	for i, x := range v {
		b[i] = '0' + byte(x)
	}
	return b
}
