package interrupt

import (
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/aenets/aenets/internal/atomicfile"
)

// Watcher watches for SIGINT and SIGTERM.
type Watcher struct {
	stop chan struct{}
	ch   chan os.Signal
	done chan struct{}
	mu   sync.Mutex
	sig  os.Signal
}

// Watch starts watching. first is called on the first signal (to say what
// happens next); exit ends the process on the second, after removing the
// temporary files of the writes under way.
func Watch(first func(os.Signal), exit func(code int)) *Watcher {
	w := &Watcher{stop: make(chan struct{}), ch: make(chan os.Signal, 2), done: make(chan struct{})}
	signal.Notify(w.ch, os.Interrupt, syscall.SIGTERM)
	go w.loop(first, exit)
	return w
}

func (w *Watcher) loop(first func(os.Signal), exit func(int)) {
	for {
		select {
		case <-w.done:
			return
		case s := <-w.ch:
			w.mu.Lock()
			again := w.sig != nil
			if !again {
				w.sig = s
				close(w.stop)
			}
			w.mu.Unlock()
			if again {
				atomicfile.RemoveTemps()
				exit(Code(s))
				return
			}
			first(s)
		}
	}
}

// Stop is closed on the first signal.
func (w *Watcher) Stop() <-chan struct{} { return w.stop }

// Signal returns the first signal received, or nil.
func (w *Watcher) Signal() os.Signal {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.sig
}

// Close stops watching: signals have their default effect again.
func (w *Watcher) Close() {
	signal.Stop(w.ch)
	close(w.done)
}

// Code is the exit status of a process ended by s: 128 + its number (130
// for SIGINT, 143 for SIGTERM), as shells report it.
func Code(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 1
}
