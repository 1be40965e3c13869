package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResume stops an ae run before its first epoch (as an interrupt
// arriving then would), resumes it with `aenets resume`, and gets the
// weights of the same run uninterrupted, byte for byte; the finished run
// cannot be resumed again. (training's TestResumeIsExact interrupts runs
// in their middle, on both engines.)
func TestResume(t *testing.T) {
	args := append([]string{"ae", "--seed", "6", "--goal", "-1", "--batch", "8"}, tiny...)
	whole := filepath.Join(t.TempDir(), "whole")
	if _, stderr, err := run(t, append(args, "--out", whole)...); err != nil {
		t.Fatal(err, stderr)
	}
	dir := filepath.Join(t.TempDir(), "run")
	stop := make(chan struct{})
	close(stop)
	var out, errb bytes.Buffer
	if err := newApp(&env{stdout: &out, stderr: &errb, stop: stop}).Run(append([]string{"aenets"}, append(args, "--out", dir)...)); err != nil {
		t.Fatal(err, errb.String())
	}
	if m := readMetrics(t, dir); m["stopped_because"] != "interrupted" || m["epochs_run"] != 0.0 {
		t.Fatalf("interrupted run: stopped because %v after %v epochs", m["stopped_because"], m["epochs_run"])
	}
	stdout, stderr, err := run(t, "resume", dir)
	if err != nil || !strings.Contains(stdout, "resuming "+dir+" after epoch 0") {
		t.Fatal(err, stdout, stderr)
	}
	a, errA := os.ReadFile(filepath.Join(whole, "weights.npz"))
	b, errB := os.ReadFile(filepath.Join(dir, "weights.npz"))
	if errA != nil || errB != nil || !bytes.Equal(a, b) {
		t.Errorf("resumed weights differ from the uninterrupted run's (%v, %v)", errA, errB)
	}
	if _, _, err := run(t, "resume", dir); err == nil || !strings.Contains(err.Error(), "nothing to resume") {
		t.Errorf("resuming a finished run: %v", err)
	}
	if _, _, err := run(t, "resume"); err == nil {
		t.Error("resume without a folder")
	}
}

// TestResumeDAE stops a dae run before the first epoch of its pretraining
// and resumes it, and stops one without pretraining before its first
// noisy epoch and resumes it: each ends with the weights of the same run
// uninterrupted, byte for byte.
func TestResumeDAE(t *testing.T) {
	for _, extra := range [][]string{nil, {"--no-pretrain"}} {
		args := append(append([]string{"dae", "--seed", "3", "--pretrain-epochs", "80", "--batch", "8", "--copies", "1", "--test-levels", "0.1"}, tiny...), extra...)
		whole := filepath.Join(t.TempDir(), "whole")
		if _, stderr, err := run(t, append(args, "--out", whole)...); err != nil {
			t.Fatal(err, stderr)
		}
		dir := filepath.Join(t.TempDir(), "run")
		stop := make(chan struct{})
		close(stop)
		var out, errb bytes.Buffer
		if err := newApp(&env{stdout: &out, stderr: &errb, stop: stop}).Run(append([]string{"aenets"}, append(args, "--out", dir)...)); err != nil {
			t.Fatal(err, errb.String())
		}
		stdout, stderr, err := run(t, "resume", dir)
		if err != nil || !strings.Contains(stdout, "resuming "+dir+" after epoch 0") {
			t.Fatal(extra, err, stdout, stderr)
		}
		a, errA := os.ReadFile(filepath.Join(whole, "weights.npz"))
		b, errB := os.ReadFile(filepath.Join(dir, "weights.npz"))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%v: resumed weights differ from the uninterrupted run's (%v, %v)", extra, errA, errB)
		}
		if _, _, err := run(t, "resume", dir); err == nil || !strings.Contains(err.Error(), "nothing to resume") {
			t.Errorf("%v: resuming a finished run: %v", extra, err)
		}
	}
}
