package training

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// A Schedule sets the learning rate epoch by epoch. Start is called once
// with the initial rate; Next after every epoch with that epoch's number
// (from 1) and evaluation loss, and returns the rate for the next epoch.
type Schedule interface {
	Start(lr float64)
	Next(epoch int, loss float64) float64
}

// Fixed keeps the initial learning rate.
type Fixed struct{ lr float64 }

func (f *Fixed) Start(lr float64)                  { f.lr = lr }
func (f *Fixed) Next(epoch int, _ float64) float64 { return f.lr }

// Adaptive is the course project's rule, made to work both ways. An epoch
// improves when its loss is a new best (lower than every earlier one). After
// UpAfter improving epochs in a row the rate is multiplied by Up; after
// DownAfter epochs in a row without a new best, by Down. Each rule restarts
// its count when it fires. The rate stays within [Floor, Cap×initial rate].
// Zero fields take the defaults: Up 1.1, UpAfter 400, Down 0.5,
// DownAfter 500, Cap 10, Floor 1e-6.
type Adaptive struct {
	Up        float64
	UpAfter   int
	Down      float64
	DownAfter int
	Cap       float64
	Floor     float64

	lr, best      float64
	better, worse int
}

// WithDefaults returns a copy with zero fields set to their defaults.
func (a Adaptive) WithDefaults() Adaptive {
	if a.Up == 0 {
		a.Up = 1.1
	}
	if a.UpAfter == 0 {
		a.UpAfter = 400
	}
	if a.Down == 0 {
		a.Down = 0.5
	}
	if a.DownAfter == 0 {
		a.DownAfter = 500
	}
	if a.Cap == 0 {
		a.Cap = 10
	}
	if a.Floor == 0 {
		a.Floor = 1e-6
	}
	return a
}

// Check reports settings that cannot work.
func (a Adaptive) Check() error {
	a = a.WithDefaults()
	switch {
	case !(a.Up >= 1):
		return fmt.Errorf("adaptive schedule: up factor %v, want ≥ 1", a.Up)
	case !(a.Down > 0 && a.Down <= 1):
		return fmt.Errorf("adaptive schedule: down factor %v, want in (0,1]", a.Down)
	case a.UpAfter < 1 || a.DownAfter < 1:
		return fmt.Errorf("adaptive schedule: epochs before a change must be ≥ 1")
	case !(a.Cap >= 1):
		return fmt.Errorf("adaptive schedule: cap %v, want ≥ 1 (a multiple of the initial rate)", a.Cap)
	case !(a.Floor > 0):
		return fmt.Errorf("adaptive schedule: floor %v, want > 0", a.Floor)
	}
	return nil
}

func (a *Adaptive) Start(lr float64) {
	*a = a.WithDefaults()
	a.Cap *= lr
	a.lr, a.best, a.better, a.worse = lr, math.Inf(1), 0, 0
}

func (a *Adaptive) Next(epoch int, loss float64) float64 {
	if loss < a.best {
		a.best = loss
		a.better++
		a.worse = 0
	} else {
		a.worse++
		a.better = 0
	}
	if a.better >= a.UpAfter {
		a.lr = math.Min(a.lr*a.Up, a.Cap)
		a.better = 0
	}
	if a.worse >= a.DownAfter {
		a.lr = math.Max(a.lr*a.Down, a.Floor)
		a.worse = 0
	}
	return a.lr
}

// Step multiplies the rate by Gamma every Every epochs (defaults 0.5 and 1000).
type Step struct {
	Every int
	Gamma float64
	lr0   float64
}

func (s *Step) Start(lr float64) {
	if s.Every == 0 {
		s.Every = 1000
	}
	if s.Gamma == 0 {
		s.Gamma = 0.5
	}
	s.lr0 = lr
}

func (s *Step) Next(epoch int, _ float64) float64 {
	return s.lr0 * math.Pow(s.Gamma, float64(epoch/s.Every))
}

// Exponential multiplies the rate by Gamma every epoch (default 0.9995),
// down to Floor (default 1e-6).
type Exponential struct {
	Gamma float64
	Floor float64
	lr0   float64
}

func (e *Exponential) Start(lr float64) {
	if e.Gamma == 0 {
		e.Gamma = 0.9995
	}
	if e.Floor == 0 {
		e.Floor = 1e-6
	}
	e.lr0 = lr
}

func (e *Exponential) Next(epoch int, _ float64) float64 {
	return math.Max(e.lr0*math.Pow(e.Gamma, float64(epoch)), e.Floor)
}

// ScheduleNames lists the schedules ParseSchedule knows.
var ScheduleNames = []string{"fixed", "adaptive", "step", "exp"}

// ParseSchedule reads a schedule: a name, optionally followed by a colon and
// comma-separated settings, e.g. "adaptive", "adaptive:up=1.2,down-after=300",
// "step:every=2000,gamma=0.3", "exp:gamma=0.999,floor=1e-5". Settings left
// out keep their defaults; an unknown setting is an error.
//
//	adaptive: up, up-after, down, down-after, cap (× initial rate), floor
//	step:     every, gamma
//	exp:      gamma, floor
func ParseSchedule(s string) (Schedule, error) {
	name, args, _ := strings.Cut(s, ":")
	kv := map[string]float64{}
	if args != "" {
		for _, a := range strings.Split(args, ",") {
			k, v, ok := strings.Cut(a, "=")
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if !ok || err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, fmt.Errorf("schedule %q: setting %q is not key=number", s, a)
			}
			if f <= 0 {
				return nil, fmt.Errorf("schedule %q: setting %q must be > 0", s, a)
			}
			kv[strings.TrimSpace(k)] = f
		}
	}
	take := func(key string, dst *float64) {
		if v, ok := kv[key]; ok {
			*dst = v
			delete(kv, key)
		}
	}
	takeInt := func(key string, dst *int) error {
		if v, ok := kv[key]; ok {
			if v != math.Trunc(v) || v < 1 {
				return fmt.Errorf("schedule %q: %s=%v, want a whole number ≥ 1", s, key, v)
			}
			*dst = int(v)
			delete(kv, key)
		}
		return nil
	}
	var sch Schedule
	var err error
	switch name {
	case "fixed":
		sch = &Fixed{}
	case "adaptive":
		a := &Adaptive{}
		take("up", &a.Up)
		take("down", &a.Down)
		take("cap", &a.Cap)
		take("floor", &a.Floor)
		if err = takeInt("up-after", &a.UpAfter); err == nil {
			err = takeInt("down-after", &a.DownAfter)
		}
		if err == nil {
			if err = a.Check(); err != nil {
				err = fmt.Errorf("schedule %q: %w", s, err)
			}
		}
		sch = a
	case "step":
		st := &Step{}
		take("gamma", &st.Gamma)
		err = takeInt("every", &st.Every)
		if err == nil && st.Gamma > 1 {
			err = fmt.Errorf("schedule %q: gamma %v, want in (0,1]", s, st.Gamma)
		}
		sch = st
	case "exp":
		e := &Exponential{}
		take("gamma", &e.Gamma)
		take("floor", &e.Floor)
		if e.Gamma > 1 {
			err = fmt.Errorf("schedule %q: gamma %v, want in (0,1]", s, e.Gamma)
		}
		sch = e
	default:
		return nil, fmt.Errorf("unknown schedule %q (want one of %s, optionally with settings, e.g. step:every=2000,gamma=0.5)",
			name, strings.Join(ScheduleNames, ", "))
	}
	if err != nil {
		return nil, err
	}
	for k := range kv {
		return nil, fmt.Errorf("schedule %q: %s takes no setting %q", s, name, k)
	}
	return sch, nil
}
