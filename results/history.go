package results

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"

	"github.com/aenets/aenets/internal/atomicfile"
	"github.com/aenets/aenets/training"
)

// Column is one column of a history.csv: its header and its values, one a
// row.
type Column struct {
	Name   string
	Values []float64
	// Gaps writes a NaN as an empty cell: a value not measured in that
	// row (a test loss between two scores).
	Gaps bool
}

// WriteCSV writes columns of equal length as CSV with a header row,
// atomically; the first column says what a row is (epoch, step) and holds
// 1, 2, …; every keeps every every-th row and the last (0 or 1: all).
func WriteCSV(path, first string, every int, cols ...Column) error {
	n := 0
	if len(cols) > 0 {
		n = len(cols[0].Values)
	}
	header := []string{first}
	for _, c := range cols {
		if len(c.Values) != n {
			return fmt.Errorf("%s: column %s has %d values, want %d", path, c.Name, len(c.Values), n)
		}
		header = append(header, c.Name)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(header); err != nil {
		return err
	}
	every = max(every, 1)
	row := make([]string, len(header))
	for i := range n {
		if (i+1)%every != 0 && i != n-1 {
			continue
		}
		row[0] = strconv.Itoa(i + 1)
		for j, c := range cols {
			if v := c.Values[i]; c.Gaps && math.IsNaN(v) {
				row[j+1] = ""
			} else {
				row[j+1] = strconv.FormatFloat(v, 'g', -1, 64)
			}
		}
		if err := w.Write(row); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, b.Bytes())
}

// HistoryColumns are a training history's columns: loss (clean, after the
// epoch), train_loss (the epoch's batches), test_loss (the held-out set's,
// if the run scored one while it trained; empty after the epochs that did
// not score it), lr, max_wrong and mean_wrong pixels, each term of the
// objective and, where a weight other than 1 applies, its weight
// (kl_weight: β), and seconds since the start.
func HistoryColumns(h *training.History) []Column {
	cols := []Column{{Name: "loss", Values: h.Loss}, {Name: "train_loss", Values: h.TrainLoss}}
	if h.TestLoss != nil {
		cols = append(cols, Column{Name: "test_loss", Values: h.TestLoss, Gaps: true})
	}
	cols = append(cols, Column{Name: "lr", Values: h.LR},
		Column{Name: "max_wrong", Values: ints(h.MaxWrong)}, Column{Name: "mean_wrong", Values: h.MeanWrong})
	for _, t := range h.Terms {
		cols = append(cols, Column{Name: t.Name, Values: t.Value})
		for _, w := range t.Weight {
			if w != 1 {
				cols = append(cols, Column{Name: t.Name + "_weight", Values: t.Weight})
				break
			}
		}
	}
	return append(cols, Column{Name: "seconds", Values: h.Elapsed})
}

// WriteHistory writes a training history as history.csv (see
// HistoryColumns), one row every every epochs and the last.
func WriteHistory(path string, h *training.History, every int) error {
	return WriteCSV(path, "epoch", every, HistoryColumns(h)...)
}

func ints(v []int) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}
