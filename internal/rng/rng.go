package rng

import "math/rand/v2"

// Purpose names what a stream is used for.
type Purpose uint64

// The purposes of a run's streams. Their values are part of the file format
// of reproducibility: changing one changes every seeded result.
const (
	Init      Purpose = 0x1417 // initial weights
	Shuffle   Purpose = 0x5408 // minibatch order
	Noise     Purpose = 0x7015 // training-time corruption (DAE)
	Epsilon   Purpose = 0xE951 // reparameterisation noise (VAE)
	EvalNoise Purpose = 0xE7A1 // corruption for evaluation sets
	Sample    Purpose = 0x5A3B // latent samples drawn for figures
	ELBO      Purpose = 0xE1B0 // ε of the reported ELBO's estimate (VAE)
)

// New returns the stream for purpose p under seed.
func New(seed uint64, p Purpose) *rand.Rand {
	return rand.New(Source(seed, p))
}

// Source returns the generator of the stream for purpose p under seed:
// rand.New(Source(seed, p)) draws what New(seed, p) draws, and the
// generator's state can be saved (MarshalBinary) and restored, which
// resuming a run needs.
func Source(seed uint64, p Purpose) *rand.PCG {
	return rand.NewPCG(seed, uint64(p))
}

// NewKeyed returns a stream for purpose p under seed that is also keyed by
// key: streams for different keys (say, different noise levels) are
// independent, and each is the same whatever other keys are drawn.
func NewKeyed(seed uint64, p Purpose, key uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(p)^(key*0x9E3779B97F4A7C15)))
}
