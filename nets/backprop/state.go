package backprop

import (
	"slices"

	"github.com/aenets/aenets/nets"
)

// AdamState returns a copy of Adam's step count and moments.
func (m *model) AdamState() (nets.AdamState, error) {
	s := nets.AdamState{Step: m.adam.t}
	for i := range m.adam.m {
		s.M = append(s.M, slices.Clone(m.adam.m[i]))
		s.V = append(s.V, slices.Clone(m.adam.v[i]))
	}
	return s, nil
}

// SetAdamState gives Adam s's step count and a copy of its moments.
func (m *model) SetAdamState(s nets.AdamState) error {
	if err := s.Check(m.params); err != nil {
		return err
	}
	m.adam.t = s.Step
	for i := range m.adam.m {
		copy(m.adam.m[i], s.M[i])
		copy(m.adam.v[i], s.V[i])
	}
	return nil
}
