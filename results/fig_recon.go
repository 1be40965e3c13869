package results

import (
	"fmt"
	"image"
	"image/color"
	"math"
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
func reconImage(orig, recon Images, binary bool, title string) (*image.RGBA, [][2]image.Rectangle, error) {
	if err := orig.validate("Reconstructions: orig"); err != nil {
		return nil, nil, err
	}
	if err := recon.validate("Reconstructions: recon"); err != nil {
		return nil, nil, err
	}
	if orig.N != recon.N || orig.Rows != recon.Rows || orig.Cols != recon.Cols {
		return nil, nil, fmt.Errorf("Reconstructions: orig is %d images of %d×%d but recon is %d images of %d×%d",
			orig.N, orig.Rows, orig.Cols, recon.N, recon.Rows, recon.Cols)
	}
	fs, err := newFonts()
	if err != nil {
		return nil, nil, err
	}
	n, rows, cols := orig.N, orig.Rows, orig.Cols
	labels := orig.Labels
	if labels == nil {
		labels = recon.Labels
	}

	// Per-pair scores.
	wrong := make([]int, n)
	mae := make([]float64, n)
	totalWrong, perfect, worst := 0, 0, 0
	sumMAE := 0.0
	for i := range n {
		o, r := orig.At(i), recon.At(i)
		for j := range o {
			if isOn(o[j]) != isOn(r[j]) {
				wrong[i]++
			}
			mae[i] += math.Abs(clamp01(o[j]) - clamp01(r[j]))
		}
		mae[i] /= float64(len(o))
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
			{{swatch: true, color: colMissing}, {text: "missing: should be on, is off      "},
				{swatch: true, color: colSpurious}, {text: "spurious: should be off, is on"}},
			{{text: fmt.Sprintf("wrong pixels in total: %d of %d (%.2f%%);  %d of %d images perfect",
				totalWrong, totalPix, 100*float64(totalWrong)/float64(totalPix), perfect, n), color: c}},
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

	// Geometry.
	perRow := min(8, n)
	const cellGap = 24
	s := pixelScale(rows, cols, 72)
	inner := func(s int) int { return max(3, s/2) }
	minCell := textWidth(fs.small, "MAE 0.000")
	cellW := func(s int) int { return max(2*cols*s+inner(s), minCell) + cellGap }
	for s > 1 && 2*rasterMargin+perRow*cellW(s) > maxWidth {
		s--
	}
	tileW, tileH := cols*s, rows*s
	pairW := 2*tileW + inner(s)
	cw := cellW(s)
	labelH := 0
	if labels != nil {
		labelH = lineHeight(fs.label) + 2
	}
	underH := lineHeight(fs.small) + 2
	rowH := labelH + tileH + 4 + underH + 12
	nRows := (n + perRow - 1) / perRow
	width := 2*rasterMargin + max(perRow*cw-cellGap, h.width())
	height := 2*rasterMargin + h.height() + nRows*rowH
	img := newRaster(width, height)
	h.draw(img, rasterMargin, rasterMargin)

	top0 := rasterMargin + h.height()
	places := make([][2]image.Rectangle, n)
	for i := range n {
		r, c := i/perRow, i%perRow
		x := rasterMargin + c*cw + (cw-cellGap-pairW)/2
		y := top0 + r*rowH
		cx := x + pairW/2
		if labels != nil {
			f, t := fitText(labels[i], cw-6, fs.label, fs.labelSmall)
			drawCentered(img, f, t, cx, y, colText)
			y += labelH
		}
		o, rc := orig.At(i), recon.At(i)
		drawFrame(img, x, y, tileW, tileH, colFrame)
		drawTile(img, x, y, s, rows, cols, o, func(_ int, v float64) color.RGBA { return pixelColor(v, binary) })
		x2 := x + tileW + inner(s)
		places[i] = [2]image.Rectangle{image.Rect(x, y, x+tileW, y+tileH), image.Rect(x2, y, x2+tileW, y+tileH)}
		drawFrame(img, x2, y, tileW, tileH, colFrame)
		drawTile(img, x2, y, s, rows, cols, rc, func(j int, v float64) color.RGBA {
			if !binary {
				return grayLevel(v)
			}
			switch want, got := isOn(o[j]), isOn(v); {
			case want && !got:
				return colMissing
			case !want && got:
				return colSpurious
			}
			return pixelColor(v, true)
		})
		t, col := under(i)
		drawCentered(img, fs.small, t, cx, y+tileH+4, col)
	}
	return img, places, nil
}
