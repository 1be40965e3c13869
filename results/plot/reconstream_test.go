package plot

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// TestReconStream: the figure drawn from pairs added chunk by chunk is the
// bytes of Reconstructions of them all, binary or not, with every sample
// shown (n ≤ 64) or a choice of them, with many ties among the scores, for
// chunks of several sizes; a non-finite reconstruction is the same error.
func TestReconStream(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(4, 4))
	const rows, cols = 4, 3
	for _, n := range []int{5, 64, 65, 300} {
		for _, levels := range []int{0, 3} { // 0: any value; 3: 0, ½ or 1, many equal scores
			value := func() float64 {
				if levels == 0 {
					return r.Float64()
				}
				return float64(r.IntN(levels)) / float64(levels-1)
			}
			orig, recon := Images{N: n, Rows: rows, Cols: cols}, Images{N: n, Rows: rows, Cols: cols}
			for range n * rows * cols {
				orig.Pix, recon.Pix = append(orig.Pix, value()), append(recon.Pix, 1.2*value()-0.1)
			}
			for i := range n {
				orig.Labels = append(orig.Labels, fmt.Sprintf("s%d", i))
			}
			recon.Labels = orig.Labels
			for _, binary := range []bool{false, true} {
				name := fmt.Sprintf("n %d, levels %d, binary %v", n, levels, binary)
				want := filepath.Join(dir, "want.png")
				if err := Reconstructions(want, orig, recon, binary, name); err != nil {
					t.Fatal(err)
				}
				for _, chunk := range []int{1, 7, 64, n} {
					s := NewReconStream(n, rows, cols, binary)
					for i := 0; i < n; i += chunk {
						k := min(chunk, n-i)
						if err := s.Add(orig.Pix[i*rows*cols:(i+k)*rows*cols], recon.Pix[i*rows*cols:(i+k)*rows*cols]); err != nil {
							t.Fatal(err)
						}
					}
					if n > maxShown && len(s.kept) != fixedShown+worstShown {
						t.Errorf("%s, chunks of %d: %d reconstructions kept", name, chunk, len(s.kept))
					}
					got := filepath.Join(dir, "got.png")
					if err := s.Reconstructions(got, orig, name); err != nil {
						t.Fatal(err)
					}
					if !sameFile(t, got, want) {
						t.Errorf("%s, chunks of %d: the figures differ", name, chunk)
					}
				}
			}
		}
	}
	// A non-finite value: the error Reconstructions gives.
	orig := Images{N: 70, Rows: rows, Cols: cols, Pix: make([]float64, 70*rows*cols)}
	recon := Images{N: 70, Rows: rows, Cols: cols, Pix: make([]float64, 70*rows*cols)}
	recon.Pix[40*rows*cols+5], recon.Pix[60*rows*cols] = math.NaN(), math.Inf(1)
	want := Reconstructions(filepath.Join(dir, "bad.png"), orig, recon, false, "")
	s := NewReconStream(70, rows, cols, false)
	for i := 0; i < 70; i += 30 {
		k := min(30, 70-i)
		if err := s.Add(orig.Pix[i*rows*cols:(i+k)*rows*cols], recon.Pix[i*rows*cols:(i+k)*rows*cols]); err != nil {
			t.Fatal(err)
		}
	}
	got := s.Reconstructions(filepath.Join(dir, "bad.png"), orig, "")
	if want == nil || got == nil || got.Error() != want.Error() {
		t.Errorf("non-finite reconstruction: %v, want %v", got, want)
	}
	if err := s.Add(orig.Pix[:rows*cols], recon.Pix[:rows*cols]); err == nil {
		t.Error("a pair past the n announced: no error")
	}
}

// sameFile reports whether the files at a and b hold the same bytes.
func sameFile(t *testing.T, a, b string) bool {
	t.Helper()
	x, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	y, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(x, y)
}
