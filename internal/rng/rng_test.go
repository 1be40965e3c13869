package rng

import "testing"

func TestStreams(t *testing.T) {
	a, b := New(7, Init), New(7, Init)
	for range 100 {
		if a.Uint64() != b.Uint64() {
			t.Fatal("same seed and purpose, different numbers")
		}
	}
	purposes := []Purpose{Init, Shuffle, Noise, Epsilon, EvalNoise, Sample, ELBO}
	first := map[uint64]Purpose{}
	for _, p := range purposes {
		v := New(7, p).Uint64()
		if q, ok := first[v]; ok {
			t.Fatalf("purposes %x and %x share a stream", p, q)
		}
		first[v] = p
	}
	if New(7, Init).Uint64() == New(8, Init).Uint64() {
		t.Error("seeds 7 and 8 give the same stream")
	}
}
