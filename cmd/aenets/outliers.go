package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/results"
	"github.com/aenets/aenets/training/outlier"
)

// outliersConfig is every setting of `aenets outliers`.
type outliersConfig struct {
	Weights   string
	Data      string
	TrainData string
	Threshold string
	Out       string
	Quiet     bool
}

func (c *outliersConfig) groups() []group {
	return []group{commandSettings("outliers", nil,
		option{name: "weights", ptr: &c.Weights, usage: "weights.npz of a trained autoencoder (required)"},
		option{name: "data", ptr: &c.Data, usage: "samples to score: a built-in set, a text file or a folder of PNGs (default: the training data)"},
		option{name: "train-data", ptr: &c.TrainData, usage: "the samples whose errors set the threshold (default: the data the weights were trained on, as recorded in the weights file)"},
		option{name: "threshold", ptr: &c.Threshold, usage: "sigma:K, quantile:Q, max:F or a number: the reconstruction error (MSE per pixel) above which a sample is an outlier"},
		option{name: "out", ptr: &c.Out, transient: true, usage: "folder for outliers.png and outliers.json (default " + results.RunsDir + "/outliers-<date>-<time>)"},
		option{name: "quiet", ptr: &c.Quiet, transient: true, usage: "print only the output folder's path (on stdout), for scripts"},
	)}
}

func outliersCommand(env *env) *cli.Command {
	cfg := &outliersConfig{Threshold: "max:1.5"}
	return newCommand("outliers", "score samples by how badly a trained autoencoder reconstructs them",
		"Each sample's score is its reconstruction's mean squared error per pixel. The threshold comes from the\n"+
			"scores of the training samples (--threshold): sigma:K, their mean + K standard deviations; quantile:Q,\n"+
			"their Q-quantile; max:F, F × the largest; or a plain number. Samples above it are outliers. Prints a\n"+
			"table and writes outliers.png and outliers.json.",
		cfg.groups(), func(given map[string]bool) error {
			return runOutliers(env, cfg)
		})
}

func runOutliers(env *env, cfg *outliersConfig) error {
	if cfg.Weights == "" {
		return fmt.Errorf("outliers: --weights is required (a weights.npz from `aenets ae`)")
	}
	rule, err := outlier.ParseThreshold(cfg.Threshold)
	if err != nil {
		return fmt.Errorf("--threshold: %w", err)
	}
	info, params, err := nets.LoadWeights(cfg.Weights)
	if err != nil {
		return err
	}
	if info.Spec.IsVAE() {
		return fmt.Errorf("outliers scores an autoencoder's reconstruction errors; %s holds a VAE, which it does not score (train one with aenets ae)", cfg.Weights)
	}
	trainSrc := cfg.TrainData
	if trainSrc == "" {
		if trainSrc = info.Data; trainSrc == "" {
			return fmt.Errorf("the weights file does not record its training data; give --train-data")
		}
	}
	train, err := loadData(trainSrc)
	if err != nil {
		return fmt.Errorf("training data: %w", err)
	}
	test := train
	if cfg.Data != "" {
		if test, err = loadData(cfg.Data); err != nil {
			return err
		}
	}
	for _, ds := range []*data.Dataset{train, test} {
		if err := info.Spec.CheckData(ds.D); err != nil {
			return fmt.Errorf("%s: %w", ds.Name, err)
		}
	}
	model, err := nets.Build(info.Spec, params, nets.Adam{})
	if err != nil {
		return err
	}
	rep, err := outlier.Score(model, train, test, rule)
	if err != nil {
		return err
	}
	dir, err := results.NewRunDir(cfg.Out, "outliers", time.Now())
	if err != nil {
		return err
	}
	rec := optionsOf(cfg.groups()).record("outliers")
	rec["train-data"] = trainSrc
	if err := results.WriteOutliers(dir, test, rep, rec); err != nil {
		return err
	}
	if cfg.Quiet {
		fmt.Fprintln(env.stdout, dir)
		return nil
	}
	fmt.Fprintf(env.stdout, "threshold %.4g (%s over %d training samples: mean %.4g, sd %.4g, max %.4g)\n",
		rep.Threshold, rep.Rule, len(rep.TrainScores), rep.TrainMean, rep.TrainSD, rep.TrainMax)
	tw := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "#\tid\tlabel\tscore\twrong px\toutlier\t")
	for i := range rep.Scores {
		flag := ""
		if rep.Outlier[i] {
			flag = "OUTLIER"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%.4g\t%d\t%s\t\n", i+1, test.IDs[i], test.Labels[i], rep.Scores[i], rep.WrongPixels[i], flag)
	}
	tw.Flush()
	fmt.Fprintf(env.stdout, "%d of %d samples are outliers → %s\n", rep.Count, len(rep.Scores), dir)
	return nil
}
