package training

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// A ResumableSchedule is a Schedule whose state between two epochs can be
// saved and restored, so that a resumed run sets the rates an
// uninterrupted one would. Every schedule of this package is one.
type ResumableSchedule interface {
	Schedule
	// State returns the schedule's state after Start and any Next calls.
	State() ([]byte, error)
	// SetState restores a state State returned, in place of Start.
	SetState([]byte) error
}

// exact is a float64 that JSON carries exactly, ±Inf and NaN included: as
// the shortest decimal string that parses back to the same bits.
type exact float64

func (x exact) MarshalJSON() ([]byte, error) {
	return json.Marshal(strconv.FormatFloat(float64(x), 'g', -1, 64))
}

func (x *exact) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("not a number: %q", s)
	}
	*x = exact(v)
	return nil
}

// setState reads a schedule's state into v, a pointer to its fields, and
// checks the learning rates it holds.
func setState(name string, b []byte, v any, rates ...*exact) error {
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s schedule state: %w", name, err)
	}
	for _, r := range rates {
		if !(*r > 0) || math.IsInf(float64(*r), 0) {
			return fmt.Errorf("%s schedule state: a learning rate of %v", name, float64(*r))
		}
	}
	return nil
}

type fixedState struct {
	LR exact `json:"lr"`
}

func (f *Fixed) State() ([]byte, error) { return json.Marshal(fixedState{exact(f.lr)}) }
func (f *Fixed) SetState(b []byte) error {
	var s fixedState
	if err := setState("fixed", b, &s, &s.LR); err != nil {
		return err
	}
	f.lr = float64(s.LR)
	return nil
}

type adaptiveState struct {
	Up, Down, Cap, Floor exact
	UpAfter, DownAfter   int
	LR, Best             exact
	Better, Worse        int
}

func (a *Adaptive) State() ([]byte, error) {
	return json.Marshal(adaptiveState{Up: exact(a.Up), Down: exact(a.Down), Cap: exact(a.Cap), Floor: exact(a.Floor),
		UpAfter: a.UpAfter, DownAfter: a.DownAfter, LR: exact(a.lr), Best: exact(a.best), Better: a.better, Worse: a.worse})
}

func (a *Adaptive) SetState(b []byte) error {
	var s adaptiveState
	if err := setState("adaptive", b, &s, &s.LR, &s.Cap, &s.Floor); err != nil {
		return err
	}
	if !(s.Up >= 1) || !(s.Down > 0 && s.Down <= 1) || s.UpAfter < 1 || s.DownAfter < 1 || s.Better < 0 || s.Worse < 0 {
		return fmt.Errorf("adaptive schedule state: settings out of range")
	}
	// Cap is absolute after Start (a multiple of the initial rate before).
	*a = Adaptive{Up: float64(s.Up), UpAfter: s.UpAfter, Down: float64(s.Down), DownAfter: s.DownAfter,
		Cap: float64(s.Cap), Floor: float64(s.Floor), lr: float64(s.LR), best: float64(s.Best), better: s.Better, worse: s.Worse}
	return nil
}

type stepState struct {
	Every int
	Gamma exact
	LR0   exact
}

func (s *Step) State() ([]byte, error) {
	return json.Marshal(stepState{Every: s.Every, Gamma: exact(s.Gamma), LR0: exact(s.lr0)})
}

func (s *Step) SetState(b []byte) error {
	var st stepState
	if err := setState("step", b, &st, &st.LR0, &st.Gamma); err != nil {
		return err
	}
	if st.Every < 1 {
		return fmt.Errorf("step schedule state: every %d epochs", st.Every)
	}
	s.Every, s.Gamma, s.lr0 = st.Every, float64(st.Gamma), float64(st.LR0)
	return nil
}

type expState struct {
	Gamma, Floor, LR0 exact
}

func (e *Exponential) State() ([]byte, error) {
	return json.Marshal(expState{Gamma: exact(e.Gamma), Floor: exact(e.Floor), LR0: exact(e.lr0)})
}

func (e *Exponential) SetState(b []byte) error {
	var s expState
	if err := setState("exp", b, &s, &s.LR0, &s.Gamma, &s.Floor); err != nil {
		return err
	}
	e.Gamma, e.Floor, e.lr0 = float64(s.Gamma), float64(s.Floor), float64(s.LR0)
	return nil
}
