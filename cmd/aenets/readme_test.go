package main

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeNamesEveryFlag keeps the README's flag tables from drifting
// away from the commands.
func TestReadmeNamesEveryFlag(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	e := &env{}
	for _, cmd := range newApp(e).Commands {
		for _, f := range cmd.Flags {
			name := f.Names()[0]
			if !strings.Contains(readme, "`--"+name+"`") && !strings.Contains(readme, "--"+name+" ") {
				t.Errorf("README does not mention aenets %s --%s", cmd.Name, name)
			}
		}
	}
}

// TestEveryOptionIsRecorded: config.json holds every setting that changes
// a run, so that --config reruns it.
func TestEveryOptionIsRecorded(t *testing.T) {
	cfg := defaultAE()
	opts := optionsOf(cfg.groups())
	rec := opts.record("ae")
	for _, o := range opts {
		if _, ok := rec[o.name]; ok == o.transient {
			t.Errorf("option %s: recorded %v, transient %v", o.name, ok, o.transient)
		}
	}
}
