package data_test

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
)

// idxImages returns an IDX images file of n images of rows×cols pixels.
func idxImages(n, rows, cols uint32, pixels []byte) []byte {
	b := []byte{0, 0, 8, 3}
	for _, v := range []uint32{n, rows, cols} {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return append(b, pixels...)
}

// idxLabels returns an IDX labels file.
func idxLabels(labels ...byte) []byte {
	b := binary.BigEndian.AppendUint32([]byte{0, 0, 8, 1}, uint32(len(labels)))
	return append(b, labels...)
}

func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeBytes(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadIDX(t *testing.T) {
	pixels := []byte{0, 255, 51, 102, 0, 0, 255, 255, 255, 0, 0, 0} // 2 images of 2x3
	want := []float64{0, 1, 0.2, 0.4, 0, 0, 1, 1, 1, 0, 0, 0}
	for _, tc := range []struct {
		images, labels     string // file names; labels "" for none
		gzImages, gzLabels bool
		wantLabels         []string
	}{
		{"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", false, false, []string{"7", "2"}},
		{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", true, true, []string{"7", "2"}},
		{"train-images-idx3-ubyte", "train-labels-idx1-ubyte.gz", false, true, []string{"7", "2"}},
		{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte", true, false, []string{"7", "2"}},
		{"digits.bin", "", true, false, []string{"0", "1"}}, // gzip detected without .gz
		{"t10k-images-idx3-ubyte", "", false, false, []string{"0", "1"}},
		{"t10k-images-idx3-ubyte", "train-labels-idx1-ubyte", false, false, []string{"0", "1"}}, // not its labels
	} {
		dir := t.TempDir()
		img := idxImages(2, 2, 3, pixels)
		if tc.gzImages {
			img = gz(t, img)
		}
		path := filepath.Join(dir, tc.images)
		writeBytes(t, path, img)
		if tc.labels != "" {
			lab := idxLabels(7, 2)
			if tc.gzLabels {
				lab = gz(t, lab)
			}
			writeBytes(t, filepath.Join(dir, tc.labels), lab)
		}
		for _, load := range []func(string) (*data.Dataset, error){data.LoadIDX, data.Load} {
			d, err := load(path)
			if err != nil {
				t.Errorf("%s: %v", tc.images, err)
				continue
			}
			if d.Name != path || d.N != 2 || d.D != 6 || d.Rows != 2 || d.Cols != 3 {
				t.Errorf("%s: name %q, N %d, D %d, shape %dx%d", tc.images, d.Name, d.N, d.D, d.Rows, d.Cols)
			}
			for i, v := range want {
				if d.X[i] != v {
					t.Errorf("%s: X = %v, want %v", tc.images, d.X, want)
					break
				}
			}
			if !slices.Equal(d.IDs, []string{"0", "1"}) || !slices.Equal(d.Labels, tc.wantLabels) {
				t.Errorf("%s: IDs %q, labels %q, want labels %q", tc.images, d.IDs, d.Labels, tc.wantLabels)
			}
		}
	}
}

func TestLoadIDXErrors(t *testing.T) {
	px := make([]byte, 12)
	for _, tc := range []struct {
		name   string
		images []byte
		labels []byte // written as t10k-labels-idx1-ubyte if not nil
		want   string
	}{
		{"empty", nil, nil, "truncated IDX header: expected 16 bytes, got 0"},
		{"short header", idxImages(2, 2, 3, nil)[:10], nil, "truncated IDX header"},
		{"type", append([]byte{0, 0, 0x0d, 3}, idxImages(2, 2, 3, px)[4:]...), nil, "IDX data type 0x0d, expected 0x08 (unsigned bytes)"},
		{"dims", append([]byte{0, 0, 8, 1}, idxImages(2, 2, 3, px)[4:]...), nil, "IDX file of 1 dimensions, expected 3 (images × rows × columns)"},
		{"no images", idxImages(0, 2, 3, nil), nil, "IDX header: no images"},
		{"no pixels", idxImages(2, 0, 3, nil), nil, "IDX header: image has no pixels (3x0)"},
		{"huge", idxImages(1, 10000, 10000, nil), nil, "IDX header: image is 10000 pixels wide and 10000 high, above the limit of data.MaxImageSide = 4096"},
		{"too many", idxImages(1<<32-1, 28, 28, nil), nil, "IDX header: 4294967295 samples of 784 values exceed the limit of data.MaxValues = 134217728"},
		{"truncated", idxImages(2, 2, 3, px[:11]), nil, "truncated: the header announces 2 images of 3x2 pixels, 12 bytes, but only 11 follow"},
		{"truncated gz", gz(t, idxImages(2, 2, 3, px[:11])), nil, "truncated: the header announces 2 images of 3x2 pixels, 12 bytes, but only 11 follow"},
		{"bad gz", gz(t, idxImages(2, 2, 3, px))[:30], nil, "unexpected EOF"},
		{"extra", idxImages(2, 2, 3, append(px, 0)), nil, "the header announces 2 images of 3x2 pixels, 12 bytes, but more follow"},
		{"labels count", idxImages(2, 2, 3, px), idxLabels(1, 2, 3), "t10k-labels-idx1-ubyte: 3 labels, expected one for each of the 2 images"},
		{"labels magic", idxImages(2, 2, 3, px), idxImages(2, 2, 3, px), "t10k-labels-idx1-ubyte: IDX file of 3 dimensions, expected 1 (labels)"},
		{"labels truncated", idxImages(2, 2, 3, px), idxLabels(1, 2)[:9], "t10k-labels-idx1-ubyte: truncated: the header announces 2 labels, 2 bytes, but only 1 follow"},
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, "t10k-images-idx3-ubyte")
		writeBytes(t, path, tc.images)
		if tc.labels != nil {
			writeBytes(t, filepath.Join(dir, "t10k-labels-idx1-ubyte"), tc.labels)
		}
		_, err := data.LoadIDX(path)
		if err == nil || !strings.HasPrefix(err.Error(), dir) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %s", tc.name, err, tc.want)
		}
	}
}
