//go:build unix

package interrupt

import (
	"os"
	"syscall"
	"testing"
)

// TestTwoSignals sends the process SIGTERM twice: the first closes Stop,
// the second calls exit with 143.
func TestTwoSignals(t *testing.T) {
	firsts, exits := make(chan os.Signal, 1), make(chan int, 1)
	w := Watch(func(s os.Signal) { firsts <- s }, func(code int) { exits <- code })
	defer w.Close()
	if w.Signal() != nil {
		t.Fatal("a signal before any was sent")
	}
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	if s := <-firsts; s != syscall.SIGTERM {
		t.Fatalf("first signal %v", s)
	}
	<-w.Stop()
	if w.Signal() != syscall.SIGTERM {
		t.Errorf("Signal() = %v", w.Signal())
	}
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	if code := <-exits; code != 143 {
		t.Errorf("exit code %d on the second SIGTERM, want 143", code)
	}
	if Code(os.Interrupt) != 130 {
		t.Errorf("SIGINT's code %d, want 130", Code(os.Interrupt))
	}
}
