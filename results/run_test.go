package results

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aenets/aenets/training"
)

func TestCheckFigures(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{CheckAEFigures(10, 15), ""},
		{CheckAEFigures(1, 15), "steps 1: want ≥ 2"},
		{CheckAEFigures(10, 61), "grid 61: want 2 to 60"},
		{CheckVAEFigures(64, 11, 9), ""},
		{CheckVAEFigures(401, 11, 9), "samples 401: want 1 to 400"},
		{CheckVAEFigures(64, 1, 9), "grid 1: want 2 to 60"},
	}
	for i, c := range cases {
		if (c.want == "") != (c.err == nil) || c.err != nil && c.err.Error() != c.want {
			t.Errorf("case %d: error %v, want %q", i, c.err, c.want)
		}
	}
}

func TestWriteHistory(t *testing.T) {
	h := &training.History{Loss: []float64{0.5, 0.25, 0.125}, TrainLoss: []float64{0.6, 0.3, 0.1}, LR: []float64{0.01, 0.01, 0.005},
		MaxWrong: []int{3, 1, 0}, MeanWrong: []float64{1.5, 0.5, 0}, Elapsed: []float64{0.1, 0.2, 0.3},
		Terms: []training.TermHistory{{Name: "recon", Value: []float64{0.4, 0.2, 0.1}, Weight: []float64{1, 1, 1}},
			{Name: "kl", Value: []float64{1, 0.5, 0.25}, Weight: []float64{0.5, 1, 1}}}}
	path := filepath.Join(t.TempDir(), "history.csv")
	if err := WriteHistory(path, h, 2); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "epoch,loss,train_loss,lr,max_wrong,mean_wrong,recon,kl,kl_weight,seconds\n" +
		"2,0.25,0.3,0.01,1,0.5,0.2,0.5,1,0.2\n" +
		"3,0.125,0.1,0.005,0,0,0.1,0.25,1,0.3\n"
	if string(b) != want {
		t.Errorf("history.csv:\n%s\nwant\n%s", b, want)
	}
	if err := WriteCSV(path, "step", 1, Column{"a", []float64{1}}, Column{"b", nil}); err == nil {
		t.Error("columns of unequal length written")
	}
}
