package main

import (
	"testing"
)

// FuzzConfig feeds the config loader arbitrary files: it must return an
// error or settings that every group then checks, never panic. Run it with
// go test ./cmd/aenets -run '^$' -fuzz FuzzConfig -fuzztime 30s.
func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		`{"command": "vae", "latent": 3, "hidden": [300, 200, 100], "lr": 0.003}`,
		`{"hidden": "35,x"}`, `{"epochs": 1e400}`, `{"epochs": -1}`, `{"layers": [35, 17, 2, 17, 35]}`,
		`{"epochs": 3} {"epochs": 4}`, `{"epochs": 3} x`, `null`, `[]`, `{"seed": -1}`, `{"beta": "1"}`,
		`{"kl-warmup": 99999999999999999999}`, `{"data": null}`, `{"command": 7}`, `{"layers": [1e9, 2, 1e9]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		cfg := defaultVAE()
		groups := cfg.groups()
		opts := optionsOf(groups)
		file, err := opts.parseConfig("fuzz.json", b, "vae")
		if err != nil {
			return
		}
		given := map[string]bool{}
		for _, o := range opts {
			if raw, ok := file[o.name]; ok {
				if o.fromJSON(raw) != nil {
					return
				}
				given[o.name] = true
			}
		}
		for _, g := range groups {
			if g.check(given) != nil {
				return
			}
		}
		// Settings that pass every check make a Spec or fail with an error.
		if _, err := cfg.spec("vae", 400, given, nil, &cfg.vaeSettings); err == nil && cfg.Latent <= 0 && len(cfg.Layers) == 0 {
			t.Errorf("latent %d accepted", cfg.Latent)
		}
	})
}
