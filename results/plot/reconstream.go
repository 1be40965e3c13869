package plot

import (
	"fmt"
	"slices"
)

// ReconStream draws the Reconstructions figure of a set too large to hold
// all its reconstructions at once: it takes the pairs chunk by chunk,
// scores each as Reconstructions does, and keeps the reconstructions of
// only the samples the figure can show: every one up to 64 samples; above,
// the evenly spaced ones and the worst so far of the others. Its
// Reconstructions then draws the figure Reconstructions draws of all the
// pairs, the same bytes.
type ReconStream struct {
	n, rows, cols int
	binary        bool
	scores        reconScores
	kept          map[int][]float64 // the reconstructions that may be shown, by sample
	fixed         map[int]bool      // the samples shown whatever their scores (n > maxShown)
	worst         []int             // the others kept: the worstShown highest scores so far
	bad           error             // the first non-finite value of a reconstruction
}

// NewReconStream prepares the figure of n pairs of rows×cols images,
// thresholded at 0.5 if binary (see Reconstructions).
func NewReconStream(n, rows, cols int, binary bool) *ReconStream {
	s := &ReconStream{n: n, rows: rows, cols: cols, binary: binary, kept: map[int][]float64{}, fixed: map[int]bool{}}
	if n > maxShown {
		for k := range fixedShown {
			s.fixed[k*n/fixedShown] = true
		}
	}
	return s
}

// Add scores the next pairs: the originals orig and their reconstructions
// recon, as many images of each.
func (s *ReconStream) Add(orig, recon []float64) error {
	sz := s.rows * s.cols
	first := len(s.scores.mae)
	if len(orig) != len(recon) || sz <= 0 || len(orig)%sz != 0 || first+len(orig)/sz > s.n {
		return fmt.Errorf("reconstructions: %d and %d values after %d of %d images of %d×%d", len(orig), len(recon), first, s.n, s.rows, s.cols)
	}
	if i := firstNonFinite(recon); i >= 0 && s.bad == nil {
		s.bad = nonFiniteError("Reconstructions: recon", recon, i, first, sz)
	}
	score := s.scores.score(s.binary)
	for c := range len(orig) / sz {
		i, r := first+c, recon[c*sz:(c+1)*sz]
		s.scores.add(orig[c*sz:(c+1)*sz], r)
		switch {
		case s.n <= maxShown || s.fixed[i]:
		case len(s.worst) < worstShown:
			s.worst = append(s.worst, i)
		default:
			// Replace the kept one ranked last (the lowest score, the later
			// of equal ones) if i ranks above it: a higher score (at an
			// equal one, the earlier sample ranks first, as in pickSamples).
			last := 0
			for q, j := range s.worst {
				if l := s.worst[last]; score(j) < score(l) || score(j) == score(l) && j > l {
					last = q
				}
			}
			if !(score(i) > score(s.worst[last])) {
				continue
			}
			delete(s.kept, s.worst[last])
			s.worst[last] = i
		}
		s.kept[i] = slices.Clone(r)
	}
	return nil
}

// Reconstructions draws the figure, as Reconstructions(path, orig, recon,
// binary, title) draws it with recon every reconstruction added; orig is
// every original, with the labels.
func (s *ReconStream) Reconstructions(path string, orig Images, title string) error {
	if path == "" {
		return errNoPath
	}
	if err := orig.validate("Reconstructions: orig"); err != nil {
		return err
	}
	if s.bad != nil {
		return s.bad
	}
	if added := len(s.scores.mae); added != s.n || orig.N != s.n || orig.Rows != s.rows || orig.Cols != s.cols {
		return fmt.Errorf("Reconstructions: orig is %d images of %d×%d but recon is %d images of %d×%d (%d added)",
			orig.N, orig.Rows, orig.Cols, s.n, s.rows, s.cols, added)
	}
	shown, note := pickSamples(s.n, s.scores.score(s.binary))
	recon := Images{N: s.n, Rows: s.rows, Cols: s.cols}
	if shown != nil {
		recon.N = len(shown)
	}
	for k := range recon.N {
		r, ok := s.kept[at(shown, k)]
		if !ok {
			return fmt.Errorf("Reconstructions: sample %d is shown but its reconstruction was not kept", at(shown, k))
		}
		recon.Pix = append(recon.Pix, r...)
	}
	img, _, err := drawRecon(orig, recon, orig.Labels, &s.scores, shown, note, s.binary, title)
	if err != nil {
		return err
	}
	return writePNG(path, img)
}
