package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/aenets/aenets/results"
	"github.com/aenets/aenets/training"
)

// checkpointFile is the checkpoint of a run folder.
const checkpointFile = "checkpoint.npz"

// resumeCommand is `aenets resume RUN_DIR`: the command of the folder's
// config.json, run again with those settings into the same folder, going on
// from its checkpoint.
func resumeCommand(env *env) *cli.Command {
	return &cli.Command{
		Name: "resume", Usage: "go on with an interrupted ae, dae or vae run from the checkpoint in its folder",
		ArgsUsage: "RUN_DIR",
		Description: "Reads RUN_DIR/config.json and RUN_DIR/checkpoint.npz and trains on to the end, into RUN_DIR: the\n" +
			"weights at the end are those of the same run uninterrupted, bit for bit. --init-weights, by contrast,\n" +
			"only starts a new run from given weights (with a fresh optimiser, schedule and history).",
		Flags: []cli.Flag{&cli.BoolFlag{Name: "quiet", Usage: "print only the run folder's path (on stdout)"}},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageError{fmt.Errorf("resume: give one run folder, e.g. aenets resume %s/ae-20250101-120000", results.RunsDir)}
			}
			return runResume(env, c.Args().First(), c.Bool("quiet"))
		},
	}
}

func runResume(env *env, dir string, quiet bool) error {
	cfgPath := filepath.Join(dir, "config.json")
	b, err := os.ReadFile(cfgPath)
	if err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	var rec struct {
		Command string `json:"command"`
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		return fmt.Errorf("resume: %s: %w", cfgPath, err)
	}
	if rec.Command != "ae" && rec.Command != "vae" && rec.Command != "dae" {
		return fmt.Errorf("resume: %s is a run of %q; only ae, dae and vae runs can be resumed", dir, rec.Command)
	}
	args := []string{"aenets", rec.Command, "--config", cfgPath, "--out", dir}
	if quiet {
		args = append(args, "--quiet")
	}
	env.resume = dir
	defer func() { env.resume = "" }()
	return newApp(env).Run(args)
}

// runDir creates the run folder and writes config.json; or, resuming, takes
// the lock of the folder being resumed and reads its checkpoint. Either way
// the run writes its checkpoints there, and the first interrupt stops it
// gracefully.
func (t *trainer) runDir(env *env, command string, opts options) (string, error) {
	t.stop = env.interruptible()
	if env.resume == "" {
		dir, err := results.NewRunDir(t.cfg.Out, command, time.Now())
		if err != nil {
			return "", err
		}
		t.checkpoint = filepath.Join(dir, checkpointFile)
		return dir, writeConfig(dir, opts, command, t.spec)
	}
	dir := env.resume
	if err := results.OpenRunDir(dir); err != nil {
		return "", err
	}
	ck, err := training.LoadCheckpoint(filepath.Join(dir, checkpointFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("resume: %s has no %s (a run that diverged leaves none)", dir, checkpointFile)
	}
	if err != nil {
		return "", fmt.Errorf("resume: %w", err)
	}
	if err := ck.Resumable(); err != nil {
		return "", fmt.Errorf("resume %s: %w", dir, err)
	}
	t.checkpoint, t.resume = filepath.Join(dir, checkpointFile), ck
	env.say(t.cfg.Quiet, "resuming %s after epoch %d\n", dir, ck.History.Epochs)
	return dir, nil
}
