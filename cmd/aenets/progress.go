package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/aenets/aenets/training"
)

// progress reports training: on a terminal a bar redrawn in place (at most
// ten times a second), otherwise a plain line every tenth of the epochs,
// and nothing with --quiet.
type progress struct {
	w     io.Writer
	tty   bool
	quiet bool
	cols  func() int // the terminal's width, read at every redraw
	last  time.Time
	drawn bool
	final training.Progress // the last epoch seen, drawn by done
}

func newProgress(w io.Writer, tty, quiet bool) *progress {
	return &progress{w: w, tty: tty, quiet: quiet, cols: func() int { return 80 }}
}

// progress reports training on the env's standard error, fitting the bar
// to its terminal.
func (e *env) progress(quiet bool) *progress {
	p := newProgress(e.stderr, e.tty, quiet)
	if e.cols != nil {
		p.cols = e.cols
	}
	return p
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
			fmt.Fprintf(p.w, "\r%s\x1b[K", barLine(pr, p.cols()))
		}
		return nil
	}
	every := max(1, pr.Epochs/10)
	if pr.Epoch == 1 || pr.Epoch%every == 0 {
		fmt.Fprintf(p.w, "epoch %d/%d  loss %.5g%s  lr %.3g  %s  %.1fs\n",
			pr.Epoch, pr.Epochs, pr.Loss, testLoss(pr, 5), pr.LR, quality(pr, false), pr.Elapsed.Seconds())
	}
	return nil
}

// A redraw returns to the line's start and clears what a longer line
// before left (ANSI erase to the end of the line).

// done draws the bar at the last epoch (training may stop between two
// redraws) and ends its line.
func (p *progress) done() {
	if p.drawn {
		fmt.Fprintf(p.w, "\r%s\x1b[K\n", barLine(p.final, p.cols()))
		p.drawn = false
	}
}

// barLine is the bar and the epoch's figures in at most cols-1 columns:
// the bar takes what the figures leave, up to 30 columns, and is dropped
// (the figures cut) on a terminal too narrow for both; the held-out set's
// score (--test-every) is left out before the bar is.
func barLine(pr training.Progress, cols int) string {
	eta := time.Duration(float64(pr.Elapsed) / float64(pr.Epoch) * float64(pr.Epochs-pr.Epoch))
	line := func(test string) string {
		return fmt.Sprintf(" %d/%d  loss %.4g%s  lr %.3g  %s  ETA %s",
			pr.Epoch, pr.Epochs, pr.Loss, test, pr.LR, quality(pr, true), eta.Round(time.Second))
	}
	figures := line(testLoss(pr, 4))
	room := cols - 1 - utf8.RuneCountInString(figures)
	if room < 5 && pr.TestEpoch > 0 {
		figures = line("")
		room = cols - 1 - utf8.RuneCountInString(figures)
	}
	if room < 5 {
		r := []rune(strings.TrimLeft(figures, " "))
		return string(r[:max(0, min(len(r), cols-1))])
	}
	width := min(room, 30)
	full := int(float64(pr.Epoch) / float64(pr.Epochs) * float64(width))
	return strings.Repeat("█", full) + strings.Repeat("·", width-full) + figures
}

// testLoss is the held-out set's last score, "  test 0.1234" in digits
// significant digits, once there is one (--test-every); else "".
func testLoss(pr training.Progress, digits int) string {
	if pr.TestEpoch == 0 {
		return ""
	}
	return fmt.Sprintf("  test %.*g", digits, pr.TestLoss)
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
			fmt.Fprintf(&b, "%s %.4g", t.Name, t.Value)
		}
		return b.String()
	case short:
		return fmt.Sprintf("max wrong %d", pr.Wrong.Max)
	}
	return fmt.Sprintf("wrong pixels max %d mean %.3f", pr.Wrong.Max, pr.Wrong.Mean)
}

// multiProgress reports several trainings that run at once (dae-matrix):
// on a terminal one bar a run, the block redrawn in place; otherwise a
// plain line a run every tenth of its epochs.
type multiProgress struct {
	mu    sync.Mutex
	p     *progress
	names []string
	lines []string
	drawn bool
}

func (e *env) multiProgress(quiet bool, names []string) *multiProgress {
	return &multiProgress{p: e.progress(quiet), names: names, lines: make([]string, len(names))}
}

// hook is run i's training hook; it may be called from run i's goroutine.
func (m *multiProgress) hook(i int) training.Hook {
	return func(pr training.Progress) error {
		p := m.p
		if p.quiet {
			return nil
		}
		m.mu.Lock()
		defer m.mu.Unlock()
		if !p.tty {
			if every := max(1, pr.Epochs/10); pr.Epoch == 1 || pr.Epoch%every == 0 {
				fmt.Fprintf(p.w, "%s: epoch %d/%d  loss %.5g%s  lr %.3g  %s  %.1fs\n",
					m.names[i], pr.Epoch, pr.Epochs, pr.Loss, testLoss(pr, 5), pr.LR, quality(pr, false), pr.Elapsed.Seconds())
			}
			return nil
		}
		prefix := m.names[i] + " "
		m.lines[i] = prefix + barLine(pr, p.cols()-utf8.RuneCountInString(prefix))
		if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond || pr.Epoch == pr.Epochs {
			p.last = now
			m.redraw()
		}
		return nil
	}
}

// redraw draws every run's line, over the block drawn before.
func (m *multiProgress) redraw() {
	if m.drawn {
		fmt.Fprintf(m.p.w, "\x1b[%dA", len(m.lines))
	}
	for i, l := range m.lines {
		if l == "" {
			l = m.names[i] + " waiting"
		}
		fmt.Fprintf(m.p.w, "\r%s\x1b[K\n", l)
	}
	m.drawn = true
}

// done draws the block a last time.
func (m *multiProgress) done() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.drawn {
		m.redraw()
	}
}
