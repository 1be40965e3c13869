package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestResume stops an ae run before its first epoch (as an interrupt
// arriving then would), resumes it with `aenets resume`, and gets the
// weights of the same run uninterrupted, byte for byte; the finished run
// cannot be resumed again. (training's TestResumeIsExact interrupts runs
// in their middle, on both engines.)
func TestResume(t *testing.T) {
	dir := interruptAndResume(t, append([]string{"ae", "--seed", "6", "--goal", "-1", "--batch", "8"}, tiny...), func(dir string) {
		if m := readMetrics(t, dir); m["stopped_because"] != "interrupted" || m["epochs_run"] != 0.0 {
			t.Fatalf("interrupted run: stopped because %v after %v epochs", m["stopped_because"], m["epochs_run"])
		}
	})
	if m := readMetrics(t, dir); m["epochs_run"] != 60.0 {
		t.Errorf("resumed run: %v epochs", m["epochs_run"])
	}
	if _, _, err := run(t, "resume"); err == nil {
		t.Error("resume without a folder")
	}
}

// TestResumeTestEvery resumes a run that scores a held-out set while it
// trains: its history, test losses included, is the uninterrupted run's.
func TestResumeTestEvery(t *testing.T) {
	test := filepath.Join("..", "..", "data", "examples", "unseen.txt")
	dir := interruptAndResume(t, append([]string{"ae", "--seed", "6", "--goal", "-1", "--test-data", test, "--test-every", "25"}, tiny...), func(string) {})
	h := readCSV(t, filepath.Join(dir, "history.csv"))
	if h[0][3] != "test_loss" || h[25][3] == "" || h[26][3] != "" || h[60][3] == "" {
		t.Errorf("history.csv: %v, %v, %v, %v", h[0], h[25], h[26], h[60])
	}
}

// TestResumeDAE stops a dae run before the first epoch of its pretraining
// and resumes it, and stops one without pretraining before its first
// noisy epoch and resumes it: each ends with the weights of the same run
// uninterrupted, byte for byte.
func TestResumeDAE(t *testing.T) {
	for _, extra := range [][]string{nil, {"--no-pretrain"}} {
		interruptAndResume(t, append(append([]string{"dae", "--seed", "3", "--pretrain-epochs", "80", "--batch", "8",
			"--copies", "1", "--test-levels", "0.1"}, tiny...), extra...), func(dir string) {
			want := []string{"checkpoint.npz"} // stopped before its first noisy epoch
			if extra == nil {                  // stopped in the pretraining: no DAE yet
				want = []string{"pretrain-checkpoint.npz"}
			}
			for _, f := range want {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Fatalf("interrupted dae %v: %v", extra, err)
				}
			}
		})
	}
}

// interruptAndResume runs the command args whole, and again stopped before
// its first epoch (as an interrupt arriving then would) and resumed with
// `aenets resume`: the resumed run must end with the whole run's weights,
// byte for byte, and refuse a second resume. interrupted checks the folder
// between the two. It returns the resumed run's folder.
func interruptAndResume(t *testing.T, args []string, interrupted func(dir string)) string {
	t.Helper()
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
	interrupted(dir)
	stdout, stderr, err := run(t, "resume", dir)
	if err != nil || !strings.Contains(stdout, "resuming "+dir+" after epoch 0") {
		t.Fatal(args, err, stdout, stderr)
	}
	a, errA := os.ReadFile(filepath.Join(whole, "weights.npz"))
	b, errB := os.ReadFile(filepath.Join(dir, "weights.npz"))
	if errA != nil || errB != nil || !bytes.Equal(a, b) {
		t.Errorf("%v: resumed weights differ from the uninterrupted run's (%v, %v)", args, errA, errB)
	}
	for _, f := range []string{"history.csv", "pretrain-history.csv"} {
		if _, err := os.Stat(filepath.Join(whole, f)); err == nil && !slices.EqualFunc(withoutSeconds(t, readCSV(t, filepath.Join(whole, f))),
			withoutSeconds(t, readCSV(t, filepath.Join(dir, f))), slices.Equal) {
			t.Errorf("%v: the resumed run's %s differs from the uninterrupted run's", args, f)
		}
	}
	if _, _, err := run(t, "resume", dir); err == nil || !strings.Contains(err.Error(), "nothing to resume") {
		t.Errorf("%v: resuming a finished run: %v", args, err)
	}
	return dir
}

// withoutSeconds drops a history.csv's last column, seconds, the one a
// resumed run cannot repeat.
func withoutSeconds(t *testing.T, rows [][]string) [][]string {
	t.Helper()
	if len(rows) == 0 || rows[0][len(rows[0])-1] != "seconds" {
		t.Fatalf("history.csv's last column is not seconds: %v", rows)
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r[:len(r)-1]
	}
	return out
}
