package nets

import (
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
)

// The two worked examples of docs/extending.md, as tests: an L1 penalty on
// the code and a tied-weights autoencoder, each checked against finite
// differences, through its objective's terms and its layout; and the guide
// itself, whose code must be the code of the builder.

// fdCheck compares m's symbolic gradients at x with central finite
// differences of its evaluation loss.
func fdCheck(t *testing.T, m Model, x []float64, n int) {
	t.Helper()
	loss, grads, err := m.(Differentiable).Gradients(x, x, n)
	if err != nil {
		t.Fatal(err)
	}
	if l, err := m.Evaluate(x, x, n, nil, nil); err != nil || l != loss {
		t.Fatalf("evaluation loss %v, training loss %v (%v)", l, loss, err)
	}
	for i, q := range m.Params().All() {
		orig := slices.Clone(q.Data)
		num := fd.Gradient(nil, func(v []float64) float64 {
			copy(q.Data, v)
			l, err := m.Evaluate(x, x, n, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			return l
		}, orig, &fd.Settings{Formula: fd.Central, Step: 1e-6})
		copy(q.Data, orig)
		for j := range num {
			if d := math.Abs(num[j] - grads[i][j]); d > 1e-7*(1+math.Abs(num[j])) {
				t.Errorf("%s[%d]: symbolic %.10g, finite differences %.10g", q.Name, j, grads[i][j], num[j])
			}
		}
	}
}

func TestExampleL1(t *testing.T) {
	s := tinySpec("tanh", "mse")
	s.L1 = 0.3
	m, err := Build(s, must(NewParams(s, rand.New(rand.NewPCG(1, 2)))), Adam{})
	if err != nil {
		t.Fatal(err)
	}
	x := randBatch(3, 4, 5)
	fdCheck(t, m, x, 4)
	// The loss is the sum of the terms: recon + 0.3·l1, l1 = mean |code|.
	z := make([]float64, 4*s.Latent)
	loss, err := m.Evaluate(x, x, 4, nil, z)
	if err != nil {
		t.Fatal(err)
	}
	terms := m.Terms()
	mean := 0.0
	for _, v := range z {
		mean += math.Abs(v) / float64(len(z))
	}
	if len(terms) != 2 || terms[1].Name != "l1" || terms[1].Weight != 0.3 || math.Abs(terms[1].Value-mean) > 1e-15 ||
		math.Abs(loss-(terms[0].Value+0.3*terms[1].Value)) > 1e-15 {
		t.Errorf("terms %+v, loss %v, mean |code| %v", terms, loss, mean)
	}
	// The layout does not change: an L1 run's weights fit the plain AE.
	if err := tinySpec("tanh", "mse").SameArchitecture(s); err != nil {
		t.Error(err)
	}
}

func TestExampleTied(t *testing.T) {
	s := must(tinySpec("sigmoid", "bce").WithLayers([]int{5, 4, 2, 4, 5}))
	s.Tied = true
	var names []string
	for _, d := range must(Layout(s)) {
		names = append(names, d.Name)
	}
	// The decoder declares its biases only: its weights are the encoder's.
	if want := []string{"enc/0/w", "enc/0/b", "enc/1/w", "enc/1/b", "dec/0/b", "dec/1/b"}; !slices.Equal(names, want) {
		t.Errorf("tied layout %v, want %v", names, want)
	}
	p := must(NewParams(s, rand.New(rand.NewPCG(5, 6))))
	biased(p, 6)
	m, err := Build(s, p, Adam{})
	if err != nil {
		t.Fatal(err)
	}
	x := randBatch(4, 3, 5)
	fdCheck(t, m, x, 3)
	// Decoding alone (a graph without the encoder) uses the same weights.
	z := make([]float64, 3*s.Latent)
	out := make([]float64, 3*s.In)
	if _, err := m.Evaluate(x, x, 3, out, z); err != nil {
		t.Fatal(err)
	}
	dec := make([]float64, len(out))
	if err := m.Decode(z, 3, dec); err != nil || !slices.Equal(dec, out) {
		t.Errorf("decoding the codes gives %v, the reconstructions are %v (%v)", dec, out, err)
	}
	// Its weights do not fit the untied net, and the other way round.
	untied := s
	untied.Tied = false
	if err := untied.SameArchitecture(s); err == nil || !strings.Contains(err.Error(), "layout") {
		t.Errorf("tied against untied: %v", err)
	}
	// A tied decoder must mirror the encoder.
	bad := s
	bad.Decoder = []int{3}
	if err := bad.Check(); err == nil {
		t.Error("a tied decoder that does not mirror the encoder is accepted")
	}
}

// TestExtendingGuide: every Go block of docs/extending.md that names a file
// in its first line (// nets/ae.go) is code of that file, line for line.
func TestExtendingGuide(t *testing.T) {
	b, err := os.ReadFile("../docs/extending.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n// ([\\w/.]+\\.go)\n(.*?)```").FindAllStringSubmatch(string(b), -1)
	if len(blocks) < 4 {
		t.Fatalf("%d file blocks in docs/extending.md, want at least 4", len(blocks))
	}
	for _, bl := range blocks {
		src, err := os.ReadFile("../" + bl[1])
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(bl[2], "\n") {
			line = strings.TrimSpace(line)
			if line == "" || line == "…" {
				continue
			}
			if !strings.Contains(string(src), line) {
				t.Errorf("docs/extending.md shows %q in %s, which does not have it", line, bl[1])
			}
		}
	}
}

// biased draws every bias from U(−½, ½), seeded: away from relu's kink at
// 0, where finite differences are meaningless.
func biased(p *Params, seed uint64) {
	r := rand.New(rand.NewPCG(seed, seed))
	for _, q := range p.All() {
		if len(q.Shape) == 1 {
			for j := range q.Data {
				q.Data[j] = r.Float64() - 0.5
			}
		}
	}
}
