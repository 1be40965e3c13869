package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aenets/aenets/training"
)

// progress reports training: on a terminal a bar redrawn in place (at most
// ten times a second), otherwise a plain line every tenth of the epochs,
// and nothing with --quiet.
type progress struct {
	w     io.Writer
	tty   bool
	quiet bool
	last  time.Time
	drawn bool
	final training.Progress // the last epoch seen, drawn by done
}

func newProgress(w io.Writer, tty, quiet bool) *progress {
	return &progress{w: w, tty: tty, quiet: quiet}
}

func (p *progress) hook(pr training.Progress) error {
	if p.quiet {
		return nil
	}
	if p.tty {
		p.final = pr
		if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond || pr.Epoch == pr.Epochs {
			p.last = now
			p.drawn = true
			fmt.Fprintf(p.w, "\r%s", barLine(pr))
		}
		return nil
	}
	every := max(1, pr.Epochs/10)
	if pr.Epoch == 1 || pr.Epoch%every == 0 {
		fmt.Fprintf(p.w, "epoch %d/%d  loss %.5g  lr %.3g  %s  %.1fs\n",
			pr.Epoch, pr.Epochs, pr.Loss, pr.LR, quality(pr, false), pr.Elapsed.Seconds())
	}
	return nil
}

// done draws the bar at the last epoch (training may stop between two
// redraws) and ends its line.
func (p *progress) done() {
	if p.drawn {
		fmt.Fprintf(p.w, "\r%s\n", barLine(p.final))
		p.drawn = false
	}
}

func barLine(pr training.Progress) string {
	const width = 24
	frac := float64(pr.Epoch) / float64(pr.Epochs)
	full := int(frac * width)
	bar := strings.Repeat("█", full) + strings.Repeat("·", width-full)
	eta := time.Duration(float64(pr.Elapsed) / float64(pr.Epoch) * float64(pr.Epochs-pr.Epoch))
	return fmt.Sprintf("%s %6d/%d  loss %-9.4g lr %-8.3g %s  ETA %-8s",
		bar, pr.Epoch, pr.Epochs, pr.Loss, pr.LR, quality(pr, true), eta.Round(time.Second))
}

// quality is what says how good the epoch is: a VAE's loss terms, or
// an autoencoder's wrong pixels.
func quality(pr training.Progress, short bool) string {
	switch {
	case len(pr.Terms) > 1:
		var b strings.Builder
		for i, t := range pr.Terms {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%s %-8.4g", t.Name, t.Value)
		}
		return b.String()
	case short:
		return fmt.Sprintf("max wrong %-3d", pr.Wrong.Max)
	}
	return fmt.Sprintf("wrong pixels max %d mean %.3f", pr.Wrong.Max, pr.Wrong.Mean)
}
