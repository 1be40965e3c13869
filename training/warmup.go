package training

import (
	"fmt"
	"math"

	"github.com/aenets/aenets/internal/setting"
)

// This file is the KL warm-up of a VAE: the factor of the spec's β in each
// epoch, linear (Config.KLWarmup) or cyclical (Config.KLCycles).

// DefaultKLRamp is the fraction of each cycle over which a cyclical warm-up
// raises β, the R = 0.5 of Fu et al. (2019).
const DefaultKLRamp = 0.5

// checkWarmup reports warm-up settings that cannot work.
func (c Config) checkWarmup() error {
	switch {
	case c.KLWarmup < 0:
		return setting.New("kl-warmup", c.KLWarmup, "≥ 0 (0 = none)")
	case c.KLCycles < 0:
		return setting.New("kl-cycles", c.KLCycles, "≥ 0 (0 = none)")
	case c.KLCycles > 0 && c.KLWarmup > 0:
		return fmt.Errorf("kl-warmup %d and kl-cycles %d: a linear or a cyclical KL warm-up, not both", c.KLWarmup, c.KLCycles)
	case !(c.KLRamp >= 0 && c.KLRamp <= 1) || c.KLCycles > 0 && c.KLRamp == 0:
		// With cycles, a ramp of 0 is checked as given: Train puts
		// DefaultKLRamp in its place before checking.
		return setting.New("kl-ramp", c.KLRamp, "a fraction of the cycle in (0, 1]")
	}
	return nil
}

// BetaFactor returns what multiplies the spec's β in epoch (from 1) of a
// run of c.Epochs epochs (c with its defaults):
//
//   - a linear warm-up of W = c.KLWarmup epochs: min(1, epoch/W), from 1/W
//     in epoch 1 to 1 from epoch W on;
//   - c.KLCycles = M cycles (Fu et al. 2019): the run is cut into cycles of
//     L = ⌈Epochs/M⌉ epochs; in the j-th epoch of a cycle (from 1) the
//     factor is min(1, j/(R·L)), R = c.KLRamp: it climbs linearly over the
//     first R·L epochs of every cycle, then stays at 1 until the cycle
//     ends, so that every cycle, and the run, ends at the full β;
//   - otherwise 1.
func (c Config) BetaFactor(epoch int) float64 {
	if c.KLCycles > 0 {
		ramp := c.KLRamp
		if ramp == 0 {
			ramp = DefaultKLRamp
		}
		cycle := (c.Epochs + c.KLCycles - 1) / c.KLCycles
		j := (epoch-1)%cycle + 1
		return math.Min(1, float64(j)/(ramp*float64(cycle)))
	}
	return math.Min(1, float64(epoch)/float64(max(c.KLWarmup, 1)))
}
