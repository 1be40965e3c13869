package plot

import (
	"fmt"
	"image"
	"image/color"
)

// Denoising draws, for each sample, the clean sample, its noisy copy and the
// denoised output side by side (a group of three tiles, label above the
// group, at most 8 groups per row).
//
// All three are thresholded at 0.5 (black = on); the data are expected to
// be binary, like the glyphs of the font. Pixels of the noisy and of the
// denoised tiles that differ from the clean sample are highlighted with the
// colours of Reconstructions: orange for pixels that should be on but are
// off, blue for spurious ones. Under each group "noisy N / out M" gives the
// number of wrong pixels of the noisy input and of the output. At the top
// are the title, a legend naming the three columns and the colours, and the
// totals: wrong pixels of the noisy inputs and of the outputs, and how many
// outputs are within one pixel of the clean sample.
//
// clean, noisy and denoised must have the same number and size of images
// and finite values. Labels are taken from clean, or else from noisy or
// denoised.
func Denoising(path string, clean, noisy, denoised Images, title string) error {
	if path == "" {
		return errNoPath
	}
	img, _, err := denoiseImage(clean, noisy, denoised, title)
	if err != nil {
		return err
	}
	return writePNG(path, img)
}

// denoiseImage draws the Denoising figure and returns it with the
// rectangles of the clean, noisy and denoised tile of each sample (for
// tests).
func denoiseImage(clean, noisy, denoised Images, title string) (*image.RGBA, [][]image.Rectangle, error) {
	if err := validateSets("Denoising", []string{"clean", "noisy", "denoised"}, clean, noisy, denoised); err != nil {
		return nil, nil, err
	}
	fs, err := newFonts()
	if err != nil {
		return nil, nil, err
	}
	n, size := clean.N, clean.Rows*clean.Cols

	wrongIn, wrongOut := make([]int, n), make([]int, n)
	totalIn, totalOut, perfect, nearly := 0, 0, 0, 0
	for i := range n {
		c := clean.At(i)
		wrongIn[i], wrongOut[i] = wrongPixels(c, noisy.At(i)), wrongPixels(c, denoised.At(i))
		totalIn += wrongIn[i]
		totalOut += wrongOut[i]
		if wrongOut[i] == 0 {
			perfect++
		}
		if wrongOut[i] <= 1 {
			nearly++
		}
	}

	totalPix := n * size
	outCol := colText
	if totalOut > 0 {
		outCol = colBad
	}
	h := rasterHeader{fs: fs, title: title, lines: [][]headerSpan{
		{{text: "each group: clean | noisy | denoised, thresholded at 0.5 (black = on)"}},
		missingSpuriousLegend("      (noisy and denoised compared with clean)"),
		{
			{text: fmt.Sprintf("wrong pixels: noisy inputs %d of %d (%.2f%%),  ", totalIn, totalPix, percent(totalIn, totalPix))},
			{text: fmt.Sprintf("outputs %d (%.2f%%)", totalOut, percent(totalOut, totalPix)), color: outCol},
			{text: fmt.Sprintf(";  %d of %d outputs within one pixel of the clean sample, %d perfect", nearly, n, perfect)},
		},
	}}

	shown, note := pickSamples(n, func(i int) float64 { return float64(wrongOut[i]) })
	if shown != nil {
		h.lines = append(h.lines, []headerSpan{{text: note}})
	}
	img, places := tileGroups{
		header: h,
		sets:   []Images{clean.pick(shown), noisy.pick(shown), denoised.pick(shown)},
		labels: firstLabels(clean.pick(shown), noisy.pick(shown), denoised.pick(shown)),
		pixel: func(k, i, j int, v float64) color.RGBA {
			if k == 0 {
				return pixelColor(v, true)
			}
			return diffColor(clean.At(at(shown, i))[j], v)
		},
		under: func(i int) (string, color.RGBA) {
			i = at(shown, i)
			c := colMuted
			if wrongOut[i] > 0 {
				c = colBad
			}
			return fmt.Sprintf("noisy %d / out %d", wrongIn[i], wrongOut[i]), c
		},
		minUnder: "noisy 00 / out 00",
	}.draw()
	return img, places, nil
}
