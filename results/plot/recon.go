package plot

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"
)

// Reconstructions draws each original beside its reconstruction, in a grid
// of pairs (at most 8 pairs per row), label above each pair.
//
// When binary is true, originals and reconstructions are thresholded at 0.5
// (black = on) and pixels of the reconstruction that differ from the
// original are highlighted: orange for pixels that should be on but are off,
// blue for spurious ones. A legend and the total number of wrong pixels are
// written at the top and the count of wrong pixels under each pair. When
// binary is false, both are drawn in grayscale (0 black, 1 white) and the
// mean absolute error of each pair is written under it.
//
// Labels are taken from orig, or from recon if orig has none.
func Reconstructions(path string, orig, recon Images, binary bool, title string) error {
	if path == "" {
		return errNoPath
	}
	img, _, err := reconImage(orig, recon, binary, title)
	if err != nil {
		return err
	}
	return writePNG(path, img)
}

// reconImage draws the Reconstructions figure and returns it with the
// rectangles of each original and its reconstruction (for tests).
func reconImage(orig, recon Images, binary bool, title string) (*image.RGBA, [][]image.Rectangle, error) {
	if err := validateSets("Reconstructions", []string{"orig", "recon"}, orig, recon); err != nil {
		return nil, nil, err
	}
	var s reconScores
	for i := range orig.N {
		s.add(orig.At(i), recon.At(i))
	}
	shown, note := pickSamples(orig.N, s.score(binary))
	return drawRecon(orig, recon.pick(shown), firstLabels(orig, recon), &s, shown, note, binary, title)
}

// reconScores are what Reconstructions writes of each pair: its wrong
// pixels (both thresholded at 0.5) and its mean absolute pixel error (both
// clamped to [0,1]).
type reconScores struct {
	wrong []int
	mae   []float64
}

// add scores the next pair: an original o and its reconstruction r.
func (s *reconScores) add(o, r []float64) {
	mae := 0.0
	for j := range o {
		mae += math.Abs(clamp01(o[j]) - clamp01(r[j]))
	}
	s.wrong = append(s.wrong, wrongPixels(o, r))
	s.mae = append(s.mae, mae/float64(len(o)))
}

// score is what the figure ranks the pairs by: the wrong pixels when
// binary, the error otherwise.
func (s *reconScores) score(binary bool) func(i int) float64 {
	if binary {
		return func(i int) float64 { return float64(s.wrong[i]) }
	}
	return func(i int) float64 { return s.mae[i] }
}

// drawRecon draws the figure of the pairs scored s: orig holds every
// original, recon the reconstructions of the samples shown (of every
// sample when shown is nil), labels those of every sample (or nil), and
// note says which are shown.
func drawRecon(orig, recon Images, labels []string, s *reconScores, shown []int, note string, binary bool, title string) (*image.RGBA, [][]image.Rectangle, error) {
	fs, err := newFonts()
	if err != nil {
		return nil, nil, err
	}
	n, rows, cols := orig.N, orig.Rows, orig.Cols
	wrong, mae := s.wrong, s.mae
	totalWrong, perfect, worst := 0, 0, 0
	sumMAE := 0.0
	for i := range n {
		totalWrong += wrong[i]
		sumMAE += mae[i]
		if wrong[i] == 0 {
			perfect++
		}
		if (binary && wrong[i] > wrong[worst]) || (!binary && mae[i] > mae[worst]) {
			worst = i
		}
	}
	under := func(i int) (string, color.RGBA) {
		if binary {
			if wrong[i] == 0 {
				return "0 wrong", colMuted
			}
			return fmt.Sprintf("%d wrong", wrong[i]), colBad
		}
		return fmt.Sprintf("MAE %.3f", mae[i]), colText
	}

	// Header.
	h := rasterHeader{fs: fs, title: title}
	if binary {
		totalPix := n * rows * cols
		c := colText
		if totalWrong > 0 {
			c = colBad
		}
		h.lines = [][]headerSpan{
			{{text: "left: original   right: reconstruction, thresholded at 0.5 (black = on)"}},
			missingSpuriousLegend(""),
			{{text: fmt.Sprintf("wrong pixels in total: %d of %d (%.2f%%);  %d of %d images perfect",
				totalWrong, totalPix, percent(totalWrong, totalPix), perfect, n), color: c}},
		}
	} else {
		worstName := fmt.Sprintf("#%d", worst)
		if labels != nil {
			worstName = labels[worst]
		}
		h.lines = [][]headerSpan{
			{{text: "left: original   right: reconstruction   (gray level = value: 0 black, 1 white)"}},
			{{text: fmt.Sprintf("under each pair: mean absolute pixel error (MAE);  mean over all %d: %.4f,  worst: %s %.4f",
				n, sumMAE/float64(n), worstName, mae[worst])}},
		}
	}
	if shown != nil {
		h.lines = append(h.lines, []headerSpan{{text: note}})
	}
	labels = Images{Labels: labels, N: n}.pick(shown).Labels
	img, places := tileGroups{
		header: h,
		sets:   []Images{orig.pick(shown), recon},
		labels: labels,
		pixel: func(k, i, j int, v float64) color.RGBA {
			if k == 0 || !binary {
				return pixelColor(v, binary)
			}
			return diffColor(orig.At(at(shown, i))[j], v)
		},
		under:    func(i int) (string, color.RGBA) { return under(at(shown, i)) },
		minUnder: "MAE 0.000",
	}.draw()
	return img, places, nil
}

// Above maxShown samples, figures of samples show fixedShown of them at
// fixed, evenly spaced positions in the data and the worstShown worst.
const (
	maxShown   = 64
	fixedShown = 32
	worstShown = 16
)

// pickSamples returns nil when all n samples fit in a figure, else the
// samples to show, in data order: fixedShown evenly spaced ones and the
// worstShown of highest score among the others; note says so.
func pickSamples(n int, score func(i int) float64) ([]int, string) {
	if n <= maxShown {
		return nil, ""
	}
	chosen := map[int]bool{}
	for k := range fixedShown {
		chosen[k*n/fixedShown] = true
	}
	order := make([]int, 0, n)
	for i := range n {
		if !chosen[i] {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return score(order[a]) > score(order[b]) })
	for _, i := range order[:worstShown] {
		chosen[i] = true
	}
	out := make([]int, 0, len(chosen))
	for i := range chosen {
		out = append(out, i)
	}
	sort.Ints(out)
	return out, fmt.Sprintf("shown: %d of the %d samples, every %s in data order, and the %d worst of the others",
		len(out), n, ordinal(n/fixedShown), worstShown)
}

// ordinal is "2nd", "3rd", "1875th", …; 1 is "one".
func ordinal(k int) string {
	if k == 1 {
		return "one"
	}
	suffix := "th"
	switch {
	case k%100 >= 11 && k%100 <= 13:
	case k%10 == 1:
		suffix = "st"
	case k%10 == 2:
		suffix = "nd"
	case k%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", k, suffix)
}

// at is shown[i], or i when all samples are shown (shown == nil).
func at(shown []int, i int) int {
	if shown == nil {
		return i
	}
	return shown[i]
}

// pick returns the images (and labels) at the indices shown, or im itself
// when shown is nil.
func (im Images) pick(shown []int) Images {
	if shown == nil {
		return im
	}
	out := Images{N: len(shown), Rows: im.Rows, Cols: im.Cols}
	for _, i := range shown {
		if im.Pix != nil {
			out.Pix = append(out.Pix, im.At(i)...)
		}
		if im.Labels != nil {
			out.Labels = append(out.Labels, im.Labels[i])
		}
	}
	return out
}

// missingSpuriousLegend is the header line explaining the highlight colours
// of wrong pixels, followed by note.
func missingSpuriousLegend(note string) []headerSpan {
	l := []headerSpan{
		{swatch: true, color: colMissing}, {text: "missing: should be on, is off      "},
		{swatch: true, color: colSpurious}, {text: "spurious: should be off, is on"},
	}
	if note != "" {
		l = append(l, headerSpan{text: note})
	}
	return l
}

// percent is 100·a/b.
func percent(a, b int) float64 { return 100 * float64(a) / float64(b) }
