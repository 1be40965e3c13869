package setting

import (
	"errors"
	"fmt"
	"testing"
)

func TestError(t *testing.T) {
	err := fmt.Errorf("optimiser: %w", New("lr", 0.0, "> 0"))
	var e *Error
	if !errors.As(err, &e) || e.Name != "lr" {
		t.Fatalf("errors.As(%v) = %v", err, e)
	}
	if got, want := err.Error(), "optimiser: lr 0: want > 0"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	inner := errors.New("noise level 2 outside [0,1]")
	w := Wrap("test-levels", inner)
	if got, want := w.Error(), "test-levels: noise level 2 outside [0,1]"; got != want || !errors.Is(w, inner) {
		t.Errorf("Wrap: %q (is inner: %v), want %q", got, errors.Is(w, inner), want)
	}
}
