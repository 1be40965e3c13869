package nets

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/aenets/aenets/internal/rng"
)

// FuzzReadWeights checks the weights loader on any bytes: an error, or
// parameters of the recorded architecture's layout, all finite, that
// SaveWeights writes back and the loader reads again unchanged. Run it
// with go test -fuzz=FuzzReadWeights ./nets.
func FuzzReadWeights(f *testing.F) {
	spec := must(DefaultAE(35).WithLayers([]int{35, 3, 35}))
	p := must(NewParams(spec, rng.New(1, rng.Init)))
	good := entriesOf(f, spec, p)
	f.Add(storedZip(f, good...))
	f.Add(noNewline(f))
	f.Add(storedZip(f, append(good, good[0])...))
	f.Add(storedZip(f, good[1:]...))
	vae := DefaultVAE(4, 2)
	vae.Encoder, vae.Decoder = []int{3}, []int{3}
	f.Add(storedZip(f, entriesOf(f, vae, must(Zeros(vae)))...))
	f.Fuzz(func(t *testing.T, b []byte) {
		info, p, err := readBytes(b)
		if err != nil {
			if p != nil {
				t.Fatalf("both parameters and the error %v", err)
			}
			return
		}
		want, err := Zeros(info.Spec)
		if err != nil {
			t.Fatalf("read weights of an architecture without a layout: %v", err)
		}
		if err := want.SameLayout(p); err != nil {
			t.Fatalf("read weights that do not fit their architecture: %v", err)
		}
		for _, q := range p.All() {
			for _, v := range q.Data {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("read %v in %s", v, q.Name)
				}
			}
		}
		var buf bytes.Buffer
		if err := writeWeights(&buf, []byte(must(json.Marshal(info))), p); err != nil {
			t.Fatalf("weights read cannot be written: %v", err)
		}
		_, again, err := readBytes(buf.Bytes())
		if err != nil || again.MaxAbsDiff(p) != 0 {
			t.Fatalf("weights written back read differently: %v", err)
		}
	})
}
