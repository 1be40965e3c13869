package nets

import (
	"runtime"
	"slices"
	"sync"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// solvers is Gorgonia's Adam as the engine runs it: one G.AdamSolver for
// each parameter, stepping only that parameter, the parameters shared out
// among the cores and stepped at the same time. A solver steps each
// parameter on its own (its moments and the same step count, bias
// corrections and rate for all), so the weights are bit for bit those of
// one solver stepping them all in turn; only the work is spread. Gorgonia's
// Adam clones every tensor it touches, and on a VAE it is over a quarter of
// a step.
type solvers struct {
	each  []*G.AdamSolver
	parts [][]int // the parameters (indices) each goroutine steps; parts[0] the caller's
	errs  []error // each part's error at the last step
}

// parallelAdam is the fewest values a net must have for its parameters to
// be stepped in parallel: below, waking a goroutine costs more than it
// saves (the default AE's Adam took 63 µs on two goroutines against 45 µs
// on one; the default VAE's 2.6 ms against 4.0 ms, MNIST's 3.8 ms against
// 6.7 ms: go test ./nets -bench Adam).
const parallelAdam = 1 << 14

// newSolvers makes a solver for each parameter of p with opt's settings.
func newSolvers(opt Adam, p *Params) *solvers {
	all := p.All()
	s := &solvers{}
	total := 0
	for range all {
		s.each = append(s.each, G.NewAdamSolver(G.WithLearnRate(opt.LR), G.WithBeta1(opt.Beta1),
			G.WithBeta2(opt.Beta2), G.WithEps(opt.Eps)))
	}
	for _, q := range all {
		total += len(q.Data)
	}
	workers := min(runtime.GOMAXPROCS(0), len(all))
	if total < parallelAdam {
		workers = 1
	}
	if workers > 1 {
		// The tensor package recycles the Dense values Gorgonia's Adam
		// returns to it (the moments it replaces) through a channel of
		// 4,096, checking that the channel has room and then sending:
		// two solvers returning at once into the last place would leave
		// one blocked until the next step takes a Dense from it, which
		// waits for this step to end. Without the pool each solver's
		// moments are garbage as they are replaced; the numbers are the
		// same.
		tensor.DontUsePool()
	}
	workers = max(workers, 1)
	s.parts, s.errs = share(all, workers), make([]error, workers)
	return s
}

// share deals the parameters out to n parts of about equal work, the
// largest first, each to the part with the least so far (its cost: the
// values, and a fixed cost a call); each part in the parameters' order.
func share(all []*Param, n int) [][]int {
	const perCall = 2000 // values Gorgonia's Step costs a call beyond its arithmetic, about
	order := make([]int, len(all))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return len(all[b].Data) - len(all[a].Data) })
	parts, load := make([][]int, n), make([]int, n)
	for _, i := range order {
		w := slices.Index(load, slices.Min(load))
		parts[w] = append(parts[w], i)
		load[w] += len(all[i].Data) + perCall
	}
	for _, p := range parts {
		slices.Sort(p)
	}
	return parts
}

// setLearnRate sets every solver's rate.
func (s *solvers) setLearnRate(lr float64) {
	for _, a := range s.each {
		G.WithLearnRate(lr)(a)
	}
}

// step takes one Adam step of every parameter with its gradient in vg (the
// parameters in the store's order).
func (s *solvers) step(vg []G.ValueGrad) error {
	var wg sync.WaitGroup
	for w := 1; w < len(s.parts); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.errs[w] = s.stepPart(s.parts[w], vg)
		}()
	}
	s.errs[0] = s.stepPart(s.parts[0], vg)
	wg.Wait()
	for _, err := range s.errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *solvers) stepPart(part []int, vg []G.ValueGrad) error {
	for _, i := range part {
		if err := s.each[i].Step(vg[i : i+1 : i+1]); err != nil {
			return err
		}
	}
	return nil
}
