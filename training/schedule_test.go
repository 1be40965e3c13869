package training

import (
	"math"
	"strings"
	"testing"
)

func TestAdaptiveBothRulesFire(t *testing.T) {
	a := &Adaptive{}
	a.Start(0.01)
	lr, loss := 0.0, 1.0
	// 400 new bests in a row: one ×1.1.
	for e := 1; e <= 400; e++ {
		loss *= 0.99
		lr = a.Next(e, loss)
	}
	if math.Abs(lr-0.011) > 1e-15 {
		t.Fatalf("after 400 improving epochs lr = %v, want 0.011", lr)
	}
	// 499 epochs without a new best: no change yet; the 500th halves it.
	for e := 401; e <= 899; e++ {
		lr = a.Next(e, loss+1)
	}
	if math.Abs(lr-0.011) > 1e-15 {
		t.Fatalf("after 499 bad epochs lr = %v, want 0.011", lr)
	}
	if lr = a.Next(900, loss+1); math.Abs(lr-0.0055) > 1e-15 {
		t.Fatalf("after 500 bad epochs lr = %v, want 0.0055", lr)
	}
	// The count restarts: the next halving comes 500 epochs later.
	for e := 901; e <= 1399; e++ {
		lr = a.Next(e, loss+1)
	}
	if math.Abs(lr-0.0055) > 1e-15 {
		t.Fatalf("halved again too early: %v", lr)
	}
	if lr = a.Next(1400, loss+1); math.Abs(lr-0.00275) > 1e-15 {
		t.Fatalf("second halving: %v", lr)
	}
	// A single worse epoch breaks a run of improvements.
	b := &Adaptive{UpAfter: 3}
	b.Start(1)
	for i, l := range []float64{5, 4, 9, 3, 2} {
		lr = b.Next(i+1, l)
	}
	if lr != 1 {
		t.Fatalf("an interrupted run of improvements raised lr to %v", lr)
	}
	if lr = b.Next(6, 1); math.Abs(lr-1.1) > 1e-15 {
		t.Fatalf("three new bests in a row: lr %v, want 1.1", lr)
	}
}

func TestAdaptiveCapAndFloor(t *testing.T) {
	a := &Adaptive{Up: 2, UpAfter: 1, Cap: 3}
	a.Start(1)
	lr := 0.0
	for e := 1; e <= 10; e++ {
		lr = a.Next(e, -float64(e))
	}
	if lr != 3 {
		t.Errorf("capped lr %v, want 3 (3 × initial)", lr)
	}
	b := &Adaptive{DownAfter: 1, Floor: 0.1}
	b.Start(1)
	for e := 1; e <= 10; e++ {
		lr = b.Next(e, 7)
	}
	if lr != 0.1 {
		t.Errorf("floored lr %v, want 0.1", lr)
	}
}

func TestStepAndExponential(t *testing.T) {
	s := &Step{Every: 10, Gamma: 0.5}
	s.Start(1)
	if s.Next(9, 0) != 1 || s.Next(10, 0) != 0.5 || s.Next(25, 0) != 0.25 {
		t.Error("step schedule")
	}
	e := &Exponential{Gamma: 0.5, Floor: 0.1}
	e.Start(1)
	if e.Next(1, 0) != 0.5 || e.Next(2, 0) != 0.25 || e.Next(10, 0) != 0.1 {
		t.Error("exponential schedule")
	}
	f := &Fixed{}
	f.Start(0.3)
	if f.Next(100, 5) != 0.3 {
		t.Error("fixed schedule")
	}
}

func TestParseSchedule(t *testing.T) {
	s, err := ParseSchedule("adaptive:up=1.2,down-after=300")
	if err != nil {
		t.Fatal(err)
	}
	a := s.(*Adaptive)
	if a.Up != 1.2 || a.DownAfter != 300 || a.Down != 0 {
		t.Errorf("parsed %+v", a)
	}
	if s, _ := ParseSchedule("step:every=20,gamma=0.1"); s.(*Step).Every != 20 || s.(*Step).Gamma != 0.1 {
		t.Errorf("step: %+v", s)
	}
	for _, name := range ScheduleNames {
		if _, err := ParseSchedule(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	bad := map[string]string{
		"cosine":                "unknown schedule",
		"step:gamma":            "not key=number",
		"step:every=1.5":        "whole number",
		"step:gamma=2":          "gamma 2",
		"exp:every=3":           `takes no setting "every"`,
		"adaptive:up=0.5":       "up factor",
		"adaptive:down=1.5":     "down factor",
		"fixed:lr=3":            "takes no setting",
		"adaptive:floor=-1":     "must be > 0",
		"adaptive:up-after=NaN": "not key=number",
	}
	for in, want := range bad {
		if _, err := ParseSchedule(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}
