package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/training"
	"github.com/aenets/aenets/training/metrics"
)

func TestProgressTerminal(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, true, false)
	for e := 1; e <= 50; e++ {
		p.hook(training.Progress{Epoch: e, Epochs: 100, Loss: 1 / float64(e), LR: 0.01, Elapsed: time.Duration(e) * time.Millisecond,
			Wrong: metrics.Wrong{Max: 50 - e}})
	}
	p.done()
	s := b.String()
	// Redrawn in place (throttled), and the last epoch drawn at the end even
	// though training stopped between redraws.
	if !strings.HasPrefix(s, "\r") || strings.Count(s, "\n") != 1 {
		t.Errorf("not one line redrawn in place: %q", s)
	}
	last := s[strings.LastIndex(s, "\r")+1:]
	for _, want := range []string{"50/100", "loss 0.02", "lr 0.01", "max wrong 0", "ETA"} {
		if !strings.Contains(last, want) {
			t.Errorf("final bar %q lacks %q", last, want)
		}
	}
}

func TestProgressPlainAndQuiet(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, false, false)
	for e := 1; e <= 100; e++ {
		p.hook(training.Progress{Epoch: e, Epochs: 100})
	}
	p.done()
	if n := strings.Count(b.String(), "\n"); n != 11 {
		t.Errorf("%d plain lines for 100 epochs, want 11 (epoch 1 and every 10th):\n%s", n, b.String())
	}
	b.Reset()
	q := newProgress(&b, true, true)
	q.hook(training.Progress{Epoch: 1, Epochs: 1})
	q.done()
	if b.Len() != 0 {
		t.Errorf("quiet printed %q", b.String())
	}
}

// TestBarFitsTheTerminal: the bar line never runs past the terminal's
// width, and keeps the figures where there is room for them.
func TestBarFitsTheTerminal(t *testing.T) {
	pr := training.Progress{Epoch: 500, Epochs: 10000, Loss: 0.0123, LR: 0.009, Elapsed: time.Second,
		Terms: []nets.TermValue{{Name: "recon", Value: 150.5}, {Name: "kl", Value: 3.25}}}
	for _, cols := range []int{20, 40, 60, 80, 120, 200} {
		line := barLine(pr, cols)
		if n := utf8.RuneCountInString(line); n > cols-1 {
			t.Errorf("%d columns: a line of %d: %q", cols, n, line)
		}
		if cols >= 80 && (!strings.Contains(line, "500/10000") || !strings.Contains(line, "··")) {
			t.Errorf("%d columns: %q lacks the bar or the epoch", cols, line)
		}
	}
}

// TestProgressTestLoss: with --test-every the bar and the plain lines show
// the held-out set's last score once there is one, and on a terminal too
// narrow for it and the bar the score goes first.
func TestProgressTestLoss(t *testing.T) {
	pr := training.Progress{Epoch: 500, Epochs: 10000, Loss: 153.25, LR: 0.003, Elapsed: time.Second,
		Terms: []nets.TermValue{{Name: "recon", Value: 150.5}, {Name: "kl", Value: 3.25}}}
	if line := barLine(pr, 120); strings.Contains(line, "test") {
		t.Errorf("no score yet: %q", line)
	}
	pr.TestLoss, pr.TestEpoch = 160.125, 450
	if line := barLine(pr, 120); !strings.Contains(line, "loss 153.2  test 160.1  lr") || !strings.Contains(line, "··") {
		t.Errorf("120 columns: %q", line)
	}
	for _, cols := range []int{20, 60, 80, 90, 100} {
		line := barLine(pr, cols)
		if n := utf8.RuneCountInString(line); n > cols-1 {
			t.Errorf("%d columns: a line of %d: %q", cols, n, line)
		}
		if cols >= 80 && (!strings.Contains(line, "ETA") || !strings.Contains(line, "··") || !strings.Contains(line, "test 160.1")) {
			t.Errorf("%d columns: %q lacks the bar, the ETA or the test loss", cols, line)
		}
		if cols == 60 && strings.Contains(line, "test") {
			t.Errorf("60 columns: %q keeps the test loss and cuts the rest", line)
		}
	}
	var b bytes.Buffer
	p := newProgress(&b, false, false)
	p.hook(training.Progress{Epoch: 10, Epochs: 100, Loss: 0.5, TestLoss: 0.625, TestEpoch: 10})
	if !strings.Contains(b.String(), "loss 0.5  test 0.625  lr") {
		t.Errorf("plain line %q", b.String())
	}
}

// TestMultiProgress: dae-matrix's runs each get a line, redrawn as a block
// on a terminal, and plain lines otherwise.
func TestMultiProgress(t *testing.T) {
	var b bytes.Buffer
	e := &env{stderr: &b, tty: true, cols: func() int { return 60 }}
	m := e.multiProgress(false, []string{"0.05", "0.1 "})
	for ep := 1; ep <= 20; ep++ {
		for i := range 2 {
			m.hook(i)(training.Progress{Epoch: ep, Epochs: 20, Loss: 1, LR: 0.01, Elapsed: time.Millisecond})
		}
	}
	m.done()
	s := b.String()
	last := s[strings.LastIndex(s, "\x1b[2A")+len("\x1b[2A"):]
	if lines := strings.Split(strings.TrimSuffix(last, "\n"), "\n"); len(lines) != 2 ||
		!strings.Contains(lines[0], "0.05 ") || !strings.Contains(lines[1], "20/20") {
		t.Errorf("last block %q", last)
	}
	b.Reset()
	e.tty = false
	m = e.multiProgress(false, []string{"a", "b"})
	for ep := 1; ep <= 20; ep++ {
		m.hook(ep % 2)(training.Progress{Epoch: ep, Epochs: 20})
	}
	if n := strings.Count(b.String(), "\n"); n != 11 {
		t.Errorf("%d plain lines, want 11:\n%s", n, b.String())
	}
}
