package results

import (
	"fmt"
	"path/filepath"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/results/plot"
	"github.com/aenets/aenets/training/outlier"
)

// OutliersReport is outliers.json.
type OutliersReport struct {
	Command     string         `json:"command"`
	Config      map[string]any `json:"config"`
	Threshold   float64        `json:"threshold"`
	Rule        string         `json:"rule"`
	TrainMean   float64        `json:"train_mean"`
	TrainSD     float64        `json:"train_sd"`
	TrainMax    float64        `json:"train_max"`
	Samples     int            `json:"samples"`
	Outliers    int            `json:"outliers"`
	Labels      []string       `json:"labels"`
	IDs         []string       `json:"ids"`
	Scores      []float64      `json:"scores"`
	WrongPixels []int          `json:"wrong_pixels"`
	IsOutlier   []bool         `json:"is_outlier"`
}

// WriteOutliers writes outliers.json, outliers.png (score per sample and
// threshold), outliers-reconstructions.png and index.html into dir.
func WriteOutliers(dir string, test *data.Dataset, o *outlier.Result, config map[string]any) error {
	rep := OutliersReport{Command: "outliers", Config: config, Threshold: o.Threshold, Rule: o.Rule.String(),
		TrainMean: o.TrainMean, TrainSD: o.TrainSD, TrainMax: o.TrainMax, Samples: test.N, Outliers: o.Count,
		Labels: test.Labels, IDs: test.IDs, Scores: o.Scores, WrongPixels: o.WrongPixels, IsOutlier: o.Outlier}
	title := fmt.Sprintf("reconstruction error of %s (threshold %s = %.3g)", test.Name, rep.Rule, o.Threshold)
	if err := plot.Outliers(filepath.Join(dir, "outliers.png"), test.Labels, o.Scores, o.Threshold, o.Outlier, o.TrainScores, title); err != nil {
		return err
	}
	orig := plot.Images{Pix: test.X, N: test.N, Rows: test.Rows, Cols: test.Cols, Labels: test.Labels}
	recon := plot.Images{Pix: o.Recon, N: test.N, Rows: test.Rows, Cols: test.Cols, Labels: test.Labels}
	if err := plot.Reconstructions(filepath.Join(dir, "outliers-reconstructions.png"), orig, recon, test.Binary(),
		test.Name+": sample | reconstruction"); err != nil {
		return err
	}
	if err := WriteJSON(filepath.Join(dir, "outliers.json"), rep); err != nil {
		return err
	}
	return WriteIndex(dir)
}
