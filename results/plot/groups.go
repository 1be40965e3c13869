package plot

import (
	"fmt"
	"image"
	"image/color"
)

// tileGroups is the layout shared by Reconstructions and Denoising: each
// sample is drawn as a group of k tiles side by side (original |
// reconstruction, or clean | noisy | denoised), its label above the group
// and a short text under it, at most 8 groups per row, with a header on top.
type tileGroups struct {
	header rasterHeader // its fs is used for labels and texts too
	sets   []Images     // the k tiles of each group; same N, Rows, Cols (see validateSets)
	labels []string     // one per sample, or nil

	// pixel is the colour of data pixel j, of value v, in tile k of sample i.
	pixel func(k, i, j int, v float64) color.RGBA
	// under is the text under group i and its colour.
	under func(i int) (string, color.RGBA)
	// minUnder is a text the groups are kept at least as wide as, so that
	// the layout does not depend on the numbers under them.
	minUnder string
}

// validateSets checks that every set of images is well formed and that all
// have the same number and size of images; names[k] names sets[k] in errors.
func validateSets(fig string, names []string, sets ...Images) error {
	for k, s := range sets {
		if err := s.validate(fig + ": " + names[k]); err != nil {
			return err
		}
	}
	a := sets[0]
	for k, b := range sets[1:] {
		if a.N != b.N || a.Rows != b.Rows || a.Cols != b.Cols {
			return fmt.Errorf("%s: %s is %d images of %d×%d but %s is %d images of %d×%d",
				fig, names[0], a.N, a.Rows, a.Cols, names[k+1], b.N, b.Rows, b.Cols)
		}
	}
	return nil
}

// firstLabels returns the labels of the first set that has any, or nil.
func firstLabels(sets ...Images) []string {
	for _, s := range sets {
		if s.Labels != nil {
			return s.Labels
		}
	}
	return nil
}

// wrongPixels counts the pixels of got that differ from want, both
// thresholded at 0.5.
func wrongPixels(want, got []float64) int {
	n := 0
	for j := range want {
		if isOn(want[j]) != isOn(got[j]) {
			n++
		}
	}
	return n
}

// diffColor is the colour of a pixel of value v, thresholded at 0.5, whose
// reference value is want: ink or paper where they agree, colMissing where
// the pixel should be on but is off, colSpurious where it should be off but
// is on.
func diffColor(want, v float64) color.RGBA {
	switch w, got := isOn(want), isOn(v); {
	case w && !got:
		return colMissing
	case !w && got:
		return colSpurious
	}
	return pixelColor(v, true)
}

// draw draws the figure and returns it with the rectangles of the k tiles
// of each sample.
func (g tileGroups) draw() (*image.RGBA, [][]image.Rectangle) {
	fs, h := g.header.fs, g.header
	k := len(g.sets)
	n, rows, cols := g.sets[0].N, g.sets[0].Rows, g.sets[0].Cols

	// Geometry: shrink the pixel scale until perRow groups fit, then, for
	// very large images, put fewer groups in a row.
	const cellGap = 24
	inner := func(s int) int { return max(3, s/2) }
	minCell := textWidth(fs.small, g.minUnder)
	for i := range n {
		t, _ := g.under(i)
		minCell = max(minCell, textWidth(fs.small, t))
	}
	groupW := func(s int) int { return k*cols*s + (k-1)*inner(s) }
	cellW := func(s int) int { return max(groupW(s), minCell) + cellGap }
	perRow := min(8, n)
	fits := func(s int) bool { return 2*rasterMargin+perRow*cellW(s) <= maxWidth }
	s := pixelScale(rows, cols, 72)
	for s > 1 && !fits(s) {
		s--
	}
	for perRow > 1 && !fits(s) {
		perRow--
	}
	tileW, tileH := cols*s, rows*s
	gw, cw := groupW(s), cellW(s)
	labelH := 0
	if g.labels != nil {
		labelH = lineHeight(fs.label) + 2
	}
	underH := lineHeight(fs.small) + 2
	rowH := labelH + tileH + 4 + underH + 12
	nRows := (n + perRow - 1) / perRow
	h.wrap = max(perRow*cw-cellGap, minTitleWrap)
	width := 2*rasterMargin + max(perRow*cw-cellGap, h.width())
	height := 2*rasterMargin + h.height() + nRows*rowH
	img := newRaster(width, height)
	h.draw(img, rasterMargin, rasterMargin)

	top0 := rasterMargin + h.height()
	places := make([][]image.Rectangle, n)
	for i := range n {
		r, c := i/perRow, i%perRow
		x := rasterMargin + c*cw + (cw-cellGap-gw)/2
		y := top0 + r*rowH
		cx := x + gw/2
		if g.labels != nil {
			f, t := fitText(g.labels[i], cw-6, fs.label, fs.labelSmall)
			drawCentered(img, f, t, cx, y, colText)
			y += labelH
		}
		places[i] = make([]image.Rectangle, k)
		for kk, set := range g.sets {
			tx := x + kk*(tileW+inner(s))
			drawFrame(img, tx, y, tileW, tileH, colFrame)
			drawTile(img, tx, y, s, rows, cols, set.At(i), func(j int, v float64) color.RGBA {
				return g.pixel(kk, i, j, v)
			})
			places[i][kk] = image.Rect(tx, y, tx+tileW, y+tileH)
		}
		t, col := g.under(i)
		drawCentered(img, fs.small, t, cx, y+tileH+4, col)
	}
	return img, places
}
