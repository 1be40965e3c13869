package results

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/setting"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/results/plot"
)

// Limits of the figures, checked before training by CheckFigures, so that
// a run never trains for nothing and then fails drawing.
const (
	// MaxSteps is the most decodings along an interpolation (--steps).
	MaxSteps = 100
	// MaxGrid is the largest side of a grid of decodings (--grid).
	MaxGrid = 60
	// MaxNewSamples is the most new samples a VAE's samples.png decodes (--samples).
	MaxNewSamples = 400
	// MaxFigureSamples bounds the pairs Furthest compares (the first
	// MaxFigureSamples codes): it is quadratic in the samples.
	MaxFigureSamples = 1000
)

// FigureSettings are what decides whether a run's figures can be drawn.
type FigureSettings struct {
	Rows, Cols int // the shape of a sample's image
	Steps      int // decodings along an interpolation, ends included
	Grid       int // side of the grid of decodings
	NewSamples int // a VAE's samples.png (0: not drawn)
}

// CheckFigures reports figure settings that would fail once the model is
// trained, naming the flag to change: call it before training, once the
// data's image shape is known.
func CheckFigures(f FigureSettings) error {
	switch {
	case f.Rows > plot.MaxSide || f.Cols > plot.MaxSide:
		return fmt.Errorf("images of %d×%d pixels: the figures draw images of at most %d a side (plot.MaxSide); use smaller images",
			f.Cols, f.Rows, plot.MaxSide)
	case f.Rows <= 0 || f.Cols <= 0:
		return fmt.Errorf("images of %d×%d pixels: nothing to draw", f.Cols, f.Rows)
	}
	return CheckFigureSettings(f.Steps, f.Grid, f.NewSamples)
}

// CheckFigureSettings is the part of CheckFigures that needs no data: the
// decodings along an interpolation, the side of a grid of decodings, and
// a VAE's new samples (0: not drawn), as *setting.Error.
func CheckFigureSettings(steps, grid, newSamples int) error {
	switch {
	case steps < 2 || steps > MaxSteps:
		return setting.New("steps", steps, fmt.Sprintf("2 to %d (results.MaxSteps)", MaxSteps))
	case grid < 2 || grid > MaxGrid:
		return setting.New("grid", grid, fmt.Sprintf("2 to %d (results.MaxGrid)", MaxGrid))
	case newSamples < 0 || newSamples > MaxNewSamples:
		return setting.New("samples", newSamples, fmt.Sprintf("1 to %d (results.MaxNewSamples)", MaxNewSamples))
	}
	return nil
}

// FiguresError reports the figures of a run folder that could not be
// drawn. The weights and metrics.json were written before them, and the
// other figures after them: the folder is valid without these.
type FiguresError struct {
	Names  []string // the figures not drawn, e.g. "loss.png"
	Failed []error  // why, one per figure
}

func (e *FiguresError) Error() string {
	return fmt.Sprintf("%d figure(s) not drawn (weights.npz and metrics.json are written): %s (%s: %v)",
		len(e.Names), strings.Join(e.Names, ", "), e.Names[0], e.Failed[0])
}

func (e *FiguresError) Unwrap() []error { return e.Failed }

// figure is one file of a run folder and how to draw it.
type figure struct {
	name string
	draw func(path string) error
}

// writeRun writes a run's results into dir, the most valuable first: the
// model's weights (recording its spec and data), then met as metrics.json,
// then the figures. A figure that fails does not stop the others; the
// error is then a *FiguresError.
func writeRun(dir string, m nets.Model, dataSource string, met any, figs []figure) error {
	if err := nets.SaveWeights(filepath.Join(dir, "weights.npz"), nets.Info{Spec: m.Spec(), Data: dataSource}, m.Params()); err != nil {
		return err
	}
	if err := WriteJSON(filepath.Join(dir, "metrics.json"), met); err != nil {
		return err
	}
	var fe FiguresError
	for _, f := range figs {
		if err := f.draw(filepath.Join(dir, f.name)); err != nil {
			fe.Names, fe.Failed = append(fe.Names, f.name), append(fe.Failed, err)
		}
	}
	if len(fe.Names) > 0 {
		return &fe
	}
	return nil
}

// IsFigures reports whether err is only a failure to draw figures.
func IsFigures(err error) bool {
	var f *FiguresError
	return errors.As(err, &f)
}

// dataTitle is the data set's name as the figures' titles give it: the
// base name of a file or folder read (metrics.json and config.json keep the
// path as given), the name of a built-in set.
func dataTitle(ds *data.Dataset) string {
	name := strings.TrimRight(ds.Name, `/\`)
	if name == "" {
		return ds.Name
	}
	return name[strings.LastIndexAny(name, `/\`)+1:]
}
