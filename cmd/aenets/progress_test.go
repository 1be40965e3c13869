package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

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
