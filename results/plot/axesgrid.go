package plot

import (
	"fmt"
	"image"
	"strings"

	"golang.org/x/image/font"
)

// AxesGrid draws images as a grid of len(yTicks) rows of len(xTicks)
// columns, row by row from the top (e.g. decodings of a grid of latent
// points), with each column's value under it, each row's value to its
// left, the axes' names, and the title and notes wrapped to the grid's
// width: the figure is no wider than its grid. binary is as for Grid.
func AxesGrid(path string, imgs Images, xTicks, yTicks []string, xName, yName string, binary bool, title string, notes ...string) error {
	if path == "" {
		return errNoPath
	}
	img, _, err := axesGridImage(imgs, xTicks, yTicks, xName, yName, binary, title, notes)
	if err != nil {
		return err
	}
	return writePNG(path, img)
}

// axesGridImage draws the AxesGrid figure and returns it with the
// rectangle of each tile (for tests).
func axesGridImage(imgs Images, xTicks, yTicks []string, xName, yName string, binary bool, title string, notes []string) (*image.RGBA, []image.Rectangle, error) {
	if err := imgs.validate("AxesGrid"); err != nil {
		return nil, nil, err
	}
	cols, rows := len(xTicks), len(yTicks)
	if cols == 0 || rows == 0 || cols*rows != imgs.N {
		return nil, nil, fmt.Errorf("AxesGrid: %d×%d ticks for %d images", cols, rows, imgs.N)
	}
	fs, err := newFonts()
	if err != nil {
		return nil, nil, err
	}
	imgs.Labels = nil
	tickW := textWidth(fs.small, yName)
	for _, t := range yTicks {
		tickW = max(tickW, textWidth(fs.small, t))
	}
	left := tickW + 10
	st := layoutStrip(fs, imgs.Rows, imgs.Cols, cols, left, nil)
	gridW := cols*st.colW - st.gap
	// Title and notes wrap to the grid and its ticks, whichever is wider
	// (at least 360 pixels, so that a small grid still has a readable title).
	textW := max(left+gridW, 360)
	titleLines := wrapText(fs.title, title, textW)
	var noteLines []string
	for _, n := range notes {
		noteLines = append(noteLines, wrapText(fs.note, n, textW)...)
	}
	th, nh, sh := lineHeight(fs.title)+4, lineHeight(fs.note)+4, lineHeight(fs.small)
	header := len(titleLines)*th + len(noteLines)*nh
	if header > 0 {
		header += 10
	}
	rowH := st.tileH + st.gap
	width := 2*rasterMargin + textW
	height := 2*rasterMargin + header + sh + 6 + rows*rowH + sh + 6 + sh
	img := newRaster(width, height)
	y := rasterMargin
	for _, l := range titleLines {
		drawText(img, fs.title, l, rasterMargin, y, colText)
		y += th
	}
	for _, l := range noteLines {
		drawText(img, fs.note, l, rasterMargin, y, colText)
		y += nh
	}
	if header > 0 {
		y += 10
	}
	x0 := rasterMargin + left
	drawText(img, fs.small, yName, rasterMargin, y, colText) // the y axis's name, over its ticks
	y += sh + 6
	places := make([]image.Rectangle, imgs.N)
	for r := range rows {
		top := y + r*rowH
		t := yTicks[r]
		drawText(img, fs.small, t, x0-10-textWidth(fs.small, t), top+st.tileH/2-sh/2, colText)
		for c := range cols {
			places[r*cols+c] = drawCell(img, fs, st, x0+c*st.colW, top, imgs, r*cols+c, binary)
		}
	}
	y += rows*rowH + 2
	for c, t := range xTicks {
		drawCentered(img, fs.small, t, x0+c*st.colW+st.tileW/2, y, colText)
	}
	drawCentered(img, fs.small, xName, x0+gridW/2, y+sh+6, colText)
	return img, places, nil
}

// wrapText breaks s into lines at most maxW pixels wide in f, at spaces
// (a single word wider than maxW gets a line of its own).
func wrapText(f font.Face, s string, maxW int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case textWidth(f, line+" "+w) <= maxW:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
