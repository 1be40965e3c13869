package nets

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aenets/aenets/internal/rng"
)

// entry is one file of a zip archive built by a test.
type entry struct {
	name string
	data []byte
}

// storedZip returns a zip archive of the entries, stored uncompressed and
// without data descriptors: the smallest archive of these bytes.
func storedZip(t testing.TB, entries ...entry) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := z.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(e.data),
			CompressedSize64: uint64(len(e.data)), UncompressedSize64: uint64(len(e.data))})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// npyBytes returns a .npy stream: a version 1.0 header of descr, order and
// shape (as numpy writes it, padded) followed by data.
func npyBytes(descr string, fortran bool, shape string, data []byte) []byte {
	order := map[bool]string{false: "False", true: "True"}[fortran]
	dict := "{'descr': '" + descr + "', 'fortran_order': " + order + ", 'shape': " + shape + ", }"
	dict += strings.Repeat(" ", (64-(10+len(dict)+1)%64)%64) + "\n"
	b := append([]byte{0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0, 0}, dict...)
	binary.LittleEndian.PutUint16(b[8:], uint16(len(dict)))
	return append(b, data...)
}

func f8(v ...float64) []byte {
	b := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
	}
	return b
}

// noNewline is the 130-byte weights file fuzzing found: an aenets.npy entry
// whose header has no newline, on which npyio panics (slice bounds out of
// range [:-1]).
func noNewline(t testing.TB) []byte {
	return storedZip(t, entry{"aenets.npy", []byte("\x93NUMPY\x01\x00\x02\x00{}")})
}

// entriesOf returns the entries of a weights file written by SaveWeights.
func entriesOf(t testing.TB, spec Spec, p *Params) []entry {
	path := filepath.Join(t.TempDir(), "w.npz")
	if err := SaveWeights(path, Info{Spec: spec, Data: "font"}, p); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out []entry
	for _, f := range z.File {
		r, _ := f.Open()
		var d bytes.Buffer
		d.ReadFrom(r)
		out = append(out, entry{f.Name, d.Bytes()})
	}
	return out
}

func readBytes(b []byte) (Info, *Params, error) {
	return readWeights(bytes.NewReader(b), int64(len(b)))
}

func TestLoadWeightsRefuses(t *testing.T) {
	spec := must(DefaultAE(35).WithLayers([]int{35, 3, 35}))
	p := must(NewParams(spec, rng.New(1, rng.Init)))
	good := entriesOf(t, spec, p)
	with := func(name string, data []byte) []byte {
		var es []entry
		for _, e := range good {
			if e.name == name {
				e.data = data
			}
			es = append(es, e)
		}
		return storedZip(t, es...)
	}
	info := func(js string) []byte {
		b := make([]byte, 0, 4*len(js))
		for _, r := range js {
			b = binary.LittleEndian.AppendUint32(b, uint32(r))
		}
		return npyBytes("<U"+strconv.Itoa(len([]rune(js))), false, "()", b)
	}
	huge := `{"format":"aenets-weights/2","spec":{"kind":"ae","in":35,"encoder":[200000,200000],"latent":200000,"decoder":[200000,200000],` +
		`"act":"sigmoid","latent_act":"sigmoid","out_act":"sigmoid","loss":"bce"}}`
	w0 := p.All()[0]
	for _, c := range []struct {
		name string
		file []byte
		want string
	}{
		{"no newline (130 bytes)", noNewline(t), "malformed .npy header"},
		{"duplicate entry", storedZip(t, append(good, entry{w0.Name + ".npy", npyBytes("<f8", false, "(35, 3)", f8(make([]float64, 105)...))})...), "appears twice"},
		{"huge architecture", storedZip(t, entry{"aenets.npy", info(huge)}), "nets.MaxParams"},
		{"huge string", with("aenets.npy", npyBytes("<U999999999", false, "()", nil)), "above the limit"},
		{"string of shape (2,)", with("aenets.npy", npyBytes("<U3", false, "(2,)", nil)), "want a string"},
		{"float32", with(w0.Name+".npy", npyBytes("<f4", false, "(35, 3)", make([]byte, 4*105))), "dtype \"<f4\""},
		{"other shape", with(w0.Name+".npy", npyBytes("<f8", false, "(3, 35)", f8(make([]float64, 105)...))), "shape [3 35], want [35 3]"},
		{"shape that overflows", with(w0.Name+".npy", npyBytes("<f8", false, "(3, 6148914691236517217)", nil)), "more than 248 values"},
		{"truncated", with(w0.Name+".npy", npyBytes("<f8", false, "(35, 3)", f8(make([]float64, 104)...))), "header announces"},
		{"NaN", with(w0.Name+".npy", npyBytes("<f8", false, "(35, 3)", f8(append(make([]float64, 104), math.NaN())...))), "holds NaN at 104"},
		{"missing array", storedZip(t, good[1:]...), "the arrays hold 143 values, 35-3-35 has 248 parameters"},
		{"big architecture, no arrays", storedZip(t, entry{"aenets.npy", info(strings.ReplaceAll(huge, "200000", "2000"))}), "the arrays hold 0 values, 35-2000-2000-2000-2000-2000-35 has 16150035 parameters"},
		{"empty entry", with(w0.Name+".npy", nil), "truncated .npy header"},
		{"not .npy", storedZip(t, append(good, entry{"readme.txt", nil})...), "not a .npy array"},
		{"not a zip", []byte("PK\x03\x04 not really"), "not a readable .npz"},
	} {
		_, _, err := readBytes(c.file)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	if n := len(noNewline(t)); n != 130 {
		t.Errorf("the no-newline file has %d bytes, want 130", n)
	}
}

// TestLoadWeightsFortranOrder writes a weight matrix in Fortran order (as
// numpy.asfortranarray then np.save would) and reads the same values.
func TestLoadWeightsFortranOrder(t *testing.T) {
	spec := must(DefaultAE(35).WithLayers([]int{35, 3, 35}))
	p := must(NewParams(spec, rng.New(2, rng.Init)))
	var es []entry
	for _, e := range entriesOf(t, spec, p) {
		if q := p.Get(strings.TrimSuffix(e.name, ".npy")); q != nil && len(q.Shape) == 2 {
			r, c := q.Shape[0], q.Shape[1]
			col := make([]float64, 0, r*c)
			for j := range c {
				for i := range r {
					col = append(col, q.Data[i*c+j])
				}
			}
			e.data = npyBytes("<f8", true, "("+strconv.Itoa(r)+", "+strconv.Itoa(c)+")", f8(col...))
		}
		es = append(es, e)
	}
	_, got, err := readBytes(storedZip(t, es...))
	if err != nil {
		t.Fatal(err)
	}
	if d := got.MaxAbsDiff(p); d != 0 {
		t.Errorf("Fortran-order weights read %g off", d)
	}
}

// TestParamCount holds ParamCount, computed from the widths, to the
// layouts the builders declare.
func TestParamCount(t *testing.T) {
	tied := DefaultAE(35)
	tied.Encoder, tied.Decoder, tied.Tied = []int{20, 9}, []int{9, 20}, true
	deep := tied
	deep.Tied, deep.Decoder = false, []int{7}
	for _, s := range []Spec{DefaultAE(35), DefaultVAE(400, 3), tied, deep, must(DefaultVAE(4, 1).WithLayers([]int{4, 1, 4}))} {
		if got, want := s.ParamCount(), must(Zeros(s)).Size(); got != want {
			t.Errorf("%s (tied %v, %s): ParamCount %d, layout %d", s.LayerString(), s.Tied, s.Kind, got, want)
		}
	}
}

// TestSizeLimits: a net over MaxParams fails Check, naming the limit and
// the flags, before anything is allocated; a pass over too many samples
// fails CheckSize.
func TestSizeLimits(t *testing.T) {
	s := DefaultAE(35)
	s.Encoder, s.Decoder = []int{100000, 100000}, []int{100000, 100000}
	err := s.Check()
	if err == nil || !strings.Contains(err.Error(), "nets.MaxParams = 16777216") || !strings.Contains(err.Error(), "--hidden") {
		t.Errorf("--hidden 100000,100000: %v", err)
	}
	s.Encoder, s.Decoder = []int{math.MaxInt / 2, math.MaxInt / 2}, []int{3}
	if err := s.Check(); err == nil || !strings.Contains(err.Error(), "more than 9.2e18 parameters") {
		t.Errorf("widths whose product overflows: %v", err)
	}
	ok := DefaultAE(35)
	if err := ok.CheckSize(1000); err != nil {
		t.Errorf("the default AE on 1000 samples: %v", err)
	}
	if err := ok.CheckSize(MaxActivations/106 + 1); err == nil || !strings.Contains(err.Error(), "nets.MaxActivations") {
		t.Errorf("a pass over too many samples: %v", err)
	}
}
