package nets

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// A Feature is one thing a Spec asks of an engine: a setting and its value,
// e.g. act=sigmoid, loss=bce, kind=vae, l1=0.01. Widths are not features:
// every engine takes any.
type Feature struct {
	Key   string // the setting's JSON name (as in weights files and flags)
	Value string // its value, as text
}

func (f Feature) String() string { return f.Key + "=" + f.Value }

// widths are the settings every engine takes whatever their value.
var widths = map[string]bool{"in": true, "encoder": true, "latent": true, "decoder": true}

// Features lists what s asks of an engine: every setting of the Spec, its
// options' included, found by reflection, so that a setting added to Spec
// (or to AEOptions, VAEOptions) is a feature at once, and an engine that
// does not know it refuses it. Options at their zero value (off) are left
// out.
func (s Spec) Features() []Feature {
	var out []Feature
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		t := v.Type()
		for i := range t.NumField() {
			f, fv := t.Field(i), v.Field(i)
			if f.Anonymous {
				walk(fv)
				continue
			}
			key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if key == "" || key == "-" {
				key = f.Name
			}
			if widths[key] || fv.IsZero() && key != "kind" {
				continue
			}
			out = append(out, Feature{Key: key, Value: text(fv)})
		}
	}
	walk(reflect.ValueOf(s))
	return out
}

func text(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Float64, reflect.Float32:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	default:
		return fmt.Sprint(v.Interface())
	}
}

// featureNames are the words a refusal uses for a feature's key (others
// are named by their key).
var featureNames = map[string]string{
	"kind": "net kind", "act": "activation", "latent_act": "latent activation", "out_act": "output activation",
	"loss": "loss", "beta": "β", "free_bits": "free bits",
}

// Implements is what an engine implements: for each feature key, the values
// it takes (nil: any value).
type Implements map[string][]string

// Refuse returns nil if the engine named engine implements every feature
// of s, else a one-line error naming the first it lacks.
func (im Implements) Refuse(engine string, s Spec) error {
	for _, f := range s.Features() {
		vals, ok := im[f.Key]
		known := ok && (vals == nil || slices.Contains(vals, f.Value))
		if known {
			continue
		}
		what, named := featureNames[f.Key]
		if !named {
			what = f.Key
		}
		if ok {
			return fmt.Errorf("the %s engine does not implement %s %q; use --engine gorgonia", engine, what, f.Value)
		}
		return fmt.Errorf("the %s engine does not implement %s (%s); use --engine gorgonia", engine, what, f)
	}
	return nil
}
