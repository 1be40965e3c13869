package nets

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"unsafe"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// AdamState is what an Adam optimiser carries from one step to the next:
// the number of steps taken (the bias corrections depend on it) and the
// two moments of every parameter. The learning rate and the other
// settings are not part of it.
type AdamState struct {
	Step int         // steps taken
	M, V [][]float64 // first and second moments, one array per parameter, in the order of Params().All()
}

// Resumable is a Model whose optimiser state can be read and restored
// exactly: a model built anew on the same weights and given the state
// steps as the original would have, bit for bit. The models of both
// engines are Resumable.
type Resumable interface {
	Model
	AdamState() (AdamState, error)
	SetAdamState(AdamState) error
}

// Check reports whether s fits the parameters p: one moment array of each
// parameter's size, finite values, a step count ≥ 0.
func (s AdamState) Check(p *Params) error {
	all := p.All()
	if s.Step < 0 {
		return fmt.Errorf("adam state: step %d", s.Step)
	}
	if len(s.M) != len(all) || len(s.V) != len(all) {
		return fmt.Errorf("adam state: %d and %d moment arrays, the net has %d parameters", len(s.M), len(s.V), len(all))
	}
	for i, q := range all {
		if len(s.M[i]) != len(q.Data) || len(s.V[i]) != len(q.Data) {
			return fmt.Errorf("adam state: moments of %s have %d and %d values, want %d", q.Name, len(s.M[i]), len(s.V[i]), len(q.Data))
		}
		for j, v := range s.V[i] {
			if !(v >= 0) || math.IsInf(v, 1) || math.IsNaN(s.M[i][j]) || math.IsInf(s.M[i][j], 0) {
				return fmt.Errorf("adam state: moments of %s are %v and %v at %d", q.Name, s.M[i][j], v, j)
			}
		}
	}
	return nil
}

// ZeroAdamState is the state of an optimiser that has taken no step.
func ZeroAdamState(p *Params) AdamState {
	s := AdamState{}
	for _, q := range p.All() {
		s.M = append(s.M, make([]float64, len(q.Data)))
		s.V = append(s.V, make([]float64, len(q.Data)))
	}
	return s
}

// Gorgonia's AdamSolver (v0.9.18, solvers.go) keeps its step count and
// moments in unexported fields: iter int, and cache []*dualValue, one per
// parameter in the order of the ValueGrads stepped (the store's), each
// dualValue holding the first moment as its embedded Value and the second
// as d. They are read and written here through reflect and unsafe; any
// change of these fields in another Gorgonia version is an error, not a
// panic, and TestResumeGorgonia checks the round trip bit for bit.

// solverFields returns the solver's iter and cache fields, writable.
func solverFields(s *G.AdamSolver) (iter, cache reflect.Value, err error) {
	v := reflect.ValueOf(s).Elem()
	iter, cache = v.FieldByName("iter"), v.FieldByName("cache")
	if !iter.IsValid() || iter.Kind() != reflect.Int || !cache.IsValid() || cache.Kind() != reflect.Slice ||
		cache.Type().Elem().Kind() != reflect.Pointer || cache.Type().Elem().Elem().Kind() != reflect.Struct {
		return iter, cache, fmt.Errorf("this Gorgonia's AdamSolver has no fields iter and cache as v0.9.18 has: its state cannot be saved")
	}
	return writable(iter), writable(cache), nil
}

// dualFields returns the fields of a dualValue holding the moments.
func dualFields(dv reflect.Value) (m, v reflect.Value, err error) {
	m, v = dv.FieldByName("Value"), dv.FieldByName("d")
	if !m.IsValid() || !v.IsValid() || m.Kind() != reflect.Interface || v.Kind() != reflect.Interface {
		return m, v, fmt.Errorf("this Gorgonia's dualValue has no fields Value and d as v0.9.18 has: the solver's state cannot be saved")
	}
	return writable(m), writable(v), nil
}

// writable returns the field f, obtained through unexported fields, as a
// value that can be read and set.
func writable(f reflect.Value) reflect.Value {
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
}

// AdamState returns a copy of the solvers' step count and moments.
func (m *gorgoniaModel) AdamState() (AdamState, error) {
	s := ZeroAdamState(m.params)
	all := m.params.All()
	if len(m.solvers.each) != len(all) {
		return s, fmt.Errorf("adam state: %d solvers, the net has %d parameters", len(m.solvers.each), len(all))
	}
	for i, q := range all {
		iter, cache, err := solverFields(m.solvers.each[i])
		if err != nil {
			return s, err
		}
		if i == 0 {
			s.Step = int(iter.Int())
		} else if int(iter.Int()) != s.Step {
			return s, fmt.Errorf("adam state: the solver of %s took %d steps, the first %d", q.Name, iter.Int(), s.Step)
		}
		if cache.IsNil() {
			continue
		}
		if cache.Len() != 1 {
			return s, fmt.Errorf("adam state: the solver of %s holds %d moments, want 1", q.Name, cache.Len())
		}
		dv := cache.Index(0)
		if dv.IsNil() {
			continue
		}
		mf, vf, err := dualFields(dv.Elem())
		if err != nil {
			return s, err
		}
		for _, c := range []struct {
			f   reflect.Value
			dst []float64
		}{{mf, s.M[i]}, {vf, s.V[i]}} {
			val, ok := c.f.Interface().(G.Value)
			if !ok || val == nil {
				return s, fmt.Errorf("adam state: no moment of %s", q.Name)
			}
			src, ok := val.Data().([]float64)
			if !ok || len(src) != len(c.dst) {
				return s, fmt.Errorf("adam state: a moment of %s is not %d float64 values", q.Name, len(c.dst))
			}
			copy(c.dst, src)
		}
	}
	return s, nil
}

// SetAdamState gives the solvers s's step count and a copy of its moments.
func (m *gorgoniaModel) SetAdamState(s AdamState) error {
	if err := s.Check(m.params); err != nil {
		return err
	}
	for i, q := range m.params.All() {
		iter, cache, err := solverFields(m.solvers.each[i])
		if err != nil {
			return err
		}
		if s.Step == 0 { // as NewAdamSolver leaves it: the first step makes zero moments
			iter.SetInt(0)
			cache.Set(reflect.Zero(cache.Type()))
			continue
		}
		c := reflect.MakeSlice(cache.Type(), 1, 1)
		dv := reflect.New(cache.Type().Elem().Elem())
		mf, vf, err := dualFields(dv.Elem())
		if err != nil {
			return err
		}
		// As the solver's first step makes them: tensors of the parameter's shape.
		mf.Set(reflect.ValueOf(G.Value(tensor.New(tensor.WithShape(q.Shape...), tensor.WithBacking(slices.Clone(s.M[i]))))))
		vf.Set(reflect.ValueOf(G.Value(tensor.New(tensor.WithShape(q.Shape...), tensor.WithBacking(slices.Clone(s.V[i]))))))
		c.Index(0).Set(dv)
		cache.Set(c)
		iter.SetInt(int64(s.Step))
	}
	return nil
}
