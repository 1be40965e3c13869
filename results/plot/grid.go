package plot

import (
	"errors"
	"fmt"
	"image"
	"image/color"
)

// tileStrip is the geometry shared by Grid and Rows: tiles of Rows×Cols data
// pixels scaled by s, laid out in columns colW pixels apart.
type tileStrip struct {
	s, tileW, tileH, colW, gap, labelH int
}

// layoutStrip chooses the pixel scale so that perLine tiles (plus extra
// pixels) fit in maxWidth, and widens columns for labels when needed.
func layoutStrip(fs *rasterFonts, rows, cols, perLine, extra int, labels [][]string) tileStrip {
	widest := 0
	for _, ls := range labels {
		for _, l := range ls {
			widest = max(widest, textWidth(fs.label, l))
		}
	}
	at := func(s int, tight bool) tileStrip {
		st := tileStrip{s: s, tileW: cols * s, tileH: rows * s, gap: max(8, s)}
		if tight { // too many tiles: small gaps, labels shortened to the tile width
			st.gap = 4
		}
		st.colW = st.tileW + st.gap
		if widest > 0 {
			st.labelH = lineHeight(fs.label) + 2
			if !tight {
				st.colW = max(st.tileW, min(widest, 2*st.tileW, 160)) + st.gap
			}
		}
		return st
	}
	fits := func(st tileStrip) bool { return 2*rasterMargin+extra+perLine*st.colW <= maxWidth }
	s := pixelScale(rows, cols, 72)
	for s > 1 && !fits(at(s, false)) {
		s--
	}
	if !fits(at(s, false)) {
		return at(s, true)
	}
	return at(s, false)
}

// drawStrip draws one line of images starting at column x0 with tops at y
// (labels, if any, above the tiles).
func drawStrip(img *image.RGBA, fs *rasterFonts, st tileStrip, x0, y int, im Images, binary bool) []image.Rectangle {
	var out []image.Rectangle
	for i := range im.N {
		out = append(out, drawCell(img, fs, st, x0+i*st.colW, y, im, i, binary))
	}
	return out
}

// drawCell draws image i of im in the column starting at x.
func drawCell(img *image.RGBA, fs *rasterFonts, st tileStrip, x, y int, im Images, i int, binary bool) image.Rectangle {
	cx := x + (st.colW-st.gap)/2
	if im.Labels != nil {
		f, t := fitText(im.Labels[i], st.colW-4, fs.label, fs.labelSmall)
		drawCentered(img, f, t, cx, y, colText)
	}
	y += st.labelH
	tx := cx - st.tileW/2
	drawFrame(img, tx, y, st.tileW, st.tileH, colFrame)
	drawTile(img, tx, y, st.s, im.Rows, im.Cols, im.At(i), func(_ int, v float64) color.RGBA {
		return pixelColor(v, binary)
	})
	return image.Rect(tx, y, tx+st.tileW, y+st.tileH)
}

// Grid draws images in a grid of cols columns (labels above tiles if any),
// e.g. 15×15 generated glyphs, VAE samples or an interpolation row: crisp
// pixel blocks, small gaps between tiles, an optional title on top. If binary
// is true, each value ≥ 0.5 is drawn as black ink on white; otherwise values
// are drawn as gray levels (0 black, 1 white).
func Grid(path string, imgs Images, cols int, binary bool, title string) error {
	if path == "" {
		return errNoPath
	}
	img, _, err := gridImage(imgs, cols, binary, title)
	if err != nil {
		return err
	}
	return writePNG(path, img)
}

// gridImage draws the Grid figure and returns it with the rectangle of
// each tile (for tests).
func gridImage(imgs Images, cols int, binary bool, title string) (*image.RGBA, []image.Rectangle, error) {
	if err := imgs.validate("Grid"); err != nil {
		return nil, nil, err
	}
	if cols <= 0 {
		return nil, nil, fmt.Errorf("Grid: %d columns", cols)
	}
	fs, err := newFonts()
	if err != nil {
		return nil, nil, err
	}
	cols = min(cols, imgs.N)
	st := layoutStrip(fs, imgs.Rows, imgs.Cols, cols, 0, [][]string{imgs.Labels})
	h := rasterHeader{fs: fs, title: title, wrap: max(cols*st.colW-st.gap, minTitleWrap)}
	nRows := (imgs.N + cols - 1) / cols
	rowH := st.labelH + st.tileH + st.gap
	width := 2*rasterMargin + max(cols*st.colW-st.gap, h.width())
	height := 2*rasterMargin + h.height() + nRows*rowH
	if err := checkFigureSize("Grid", width, height); err != nil {
		return nil, nil, err
	}
	img := newRaster(width, height)
	h.draw(img, rasterMargin, rasterMargin)
	top := rasterMargin + h.height()
	places := make([]image.Rectangle, imgs.N)
	for i := range imgs.N {
		places[i] = drawCell(img, fs, st, rasterMargin+(i%cols)*st.colW, top+(i/cols)*rowH, imgs, i, binary)
	}
	return img, places, nil
}

// Rows draws several rows of images, each row with a caption on its left
// (e.g. interpolation pairs: "linear a→o", "slerp a→o"). All images must have
// the same size; rows may have different lengths. captions may be nil,
// otherwise it has one caption per row. binary is as for Grid.
func Rows(path string, rows []Images, captions []string, binary bool, title string) error {
	if path == "" {
		return errNoPath
	}
	img, _, err := rowsImage(rows, captions, binary, title)
	if err != nil {
		return err
	}
	return writePNG(path, img)
}

// rowsImage draws the Rows figure and returns it with the rectangles of the
// tiles of each row (for tests).
func rowsImage(rows []Images, captions []string, binary bool, title string) (*image.RGBA, [][]image.Rectangle, error) {
	if len(rows) == 0 {
		return nil, nil, errors.New("Rows: no rows")
	}
	if captions != nil && len(captions) != len(rows) {
		return nil, nil, fmt.Errorf("Rows: %d captions for %d rows", len(captions), len(rows))
	}
	perLine := 0
	var labels [][]string
	for i, r := range rows {
		if err := r.validate(fmt.Sprintf("Rows: row %d", i)); err != nil {
			return nil, nil, err
		}
		if r.Rows != rows[0].Rows || r.Cols != rows[0].Cols {
			return nil, nil, fmt.Errorf("Rows: row %d has %d×%d images, row 0 has %d×%d",
				i, r.Rows, r.Cols, rows[0].Rows, rows[0].Cols)
		}
		perLine = max(perLine, r.N)
		labels = append(labels, r.Labels)
	}
	fs, err := newFonts()
	if err != nil {
		return nil, nil, err
	}
	capW := 0
	for _, c := range captions {
		capW = max(capW, textWidth(fs.label, c))
	}
	capW = min(capW, 320)
	capGap := 0
	if capW > 0 {
		capGap = 16
	}
	st := layoutStrip(fs, rows[0].Rows, rows[0].Cols, perLine, capW+capGap, labels)
	h := rasterHeader{fs: fs, title: title, wrap: max(capW+capGap+perLine*st.colW-st.gap, minTitleWrap)}
	width := 2*rasterMargin + max(capW+capGap+perLine*st.colW-st.gap, h.width())
	height := 2*rasterMargin + h.height()
	for _, r := range rows {
		height += st.tileH + max(12, st.s)
		if r.Labels != nil {
			height += st.labelH
		}
	}
	if err := checkFigureSize("Rows", width, height); err != nil {
		return nil, nil, err
	}
	img := newRaster(width, height)
	h.draw(img, rasterMargin, rasterMargin)
	y := rasterMargin + h.height()
	rowSt := st
	places := make([][]image.Rectangle, len(rows))
	for i, r := range rows {
		rowSt.labelH = 0
		if r.Labels != nil {
			rowSt.labelH = st.labelH
		}
		if captions != nil {
			f, t := fitText(captions[i], capW, fs.label, fs.labelSmall)
			cy := y + rowSt.labelH + st.tileH/2 - lineHeight(f)/2
			drawText(img, f, t, rasterMargin, cy, colText)
		}
		places[i] = drawStrip(img, fs, rowSt, rasterMargin+capW+capGap, y, r, binary)
		y += rowSt.labelH + st.tileH + max(12, st.s)
	}
	return img, places, nil
}
