package results

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aenets/aenets/results/plot"
)

// testRunFolder writes a run folder like a dae run's: config.json,
// metrics.json (with a list of objects and a matrix), three figures and a
// weights file.
func testRunFolder(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "dae-run")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	check(WriteJSON(filepath.Join(dir, "config.json"), map[string]any{"epochs": 2000, "lr": 0.01, "noise": "salt-pepper"}))
	check(WriteJSON(filepath.Join(dir, "metrics.json"), map[string]any{
		"command": "dae", "final_loss": 0.0684912345678, "labels": []string{"a", "b"},
		"wrong_pixels": []int{0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2},
		"noise_eval":   []map[string]any{{"level": 0.1, "output_wrong_pixels": 1.5}, {"level": 0.2, "output_wrong_pixels": 3.1}},
		"matrix":       [][]float64{{1, 2}, {3, 4}},
		"first_drift":  nil,
	}))
	img := plot.Images{Pix: make([]float64, 4*35), N: 4, Rows: 7, Cols: 5}
	check(plot.Grid(filepath.Join(dir, "generated.png"), img, 2, true, "generated"))
	check(plot.Grid(filepath.Join(dir, "denoise-0.1.png"), img, 4, true, "denoised"))
	check(plot.LossFigure(filepath.Join(dir, "loss.png"), []plot.Curve{{Name: "loss", Y: []float64{1, 0.5, 0.2}}}, nil, "loss"))
	check(os.WriteFile(filepath.Join(dir, "weights.npz"), []byte("not read"), 0o644))
	return dir
}

func TestWriteIndex(t *testing.T) {
	dir := testRunFolder(t)
	if err := WriteIndex(dir); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{
		"<title>aenets dae: dae-run</title>",
		`<img src="data:image/png;base64,`, // embedded, not linked
		"<b>loss.png</b>: The training loss", "<b>denoise-0.1.png</b>: Each glyph clean",
		"<b>generated.png</b>: The decodings of a regular grid",
		"<td>final_loss</td><td>0.0684912</td>", // 6 significant digits
		"15 values: 0, 1, 2, 0, 1, 2, …, 1, 2",  // a long list summarised
		"<th>level</th><th>output_wrong_pixels</th>", "<td>none</td>",
		"<td>lr</td><td>0.01</td>", `<a href="weights.npz">weights.npz</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	// Figures in the reading order: loss, generated, then the denoising.
	order := regexp.MustCompile(`<figure id="([^"]+)">`).FindAllStringSubmatch(page, -1)
	var names []string
	for _, m := range order {
		names = append(names, m[1])
	}
	if strings.Join(names, " ") != "loss.png generated.png denoise-0.1.png" {
		t.Errorf("figures in order %q", names)
	}
	if strings.Contains(page, "http://") || strings.Contains(page, "https://") {
		t.Error("index.html refers to an outside resource")
	}
	// Written again, it does not list itself.
	if err := WriteIndex(dir); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); strings.Contains(string(b), `href="index.html"`) {
		t.Error("index.html lists itself")
	}
}

func TestWriteIndexMissingFolder(t *testing.T) {
	if err := WriteIndex(filepath.Join(t.TempDir(), "none")); err == nil || !strings.Contains(err.Error(), "index.html") {
		t.Errorf("error %v", err)
	}
}

// chromium returns the path of a Chromium or Chrome browser, or "".
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestIndexInBrowser opens index.html in headless Chromium: the page's own
// script marks the body with how many images loaded, which the dumped DOM
// must show as all of them; and a screenshot of the page must be a picture
// (set AENETS_SCREENSHOT to a file name to keep it). Without Chromium
// (apt-get install chromium) the test is skipped.
func TestIndexInBrowser(t *testing.T) {
	browser := chromium()
	if browser == "" {
		t.Skip("no chromium, chromium-browser or google-chrome on PATH: index.html is not opened in a browser (apt-get install chromium)")
	}
	dir := testRunFolder(t)
	if err := WriteIndex(dir); err != nil {
		t.Fatal(err)
	}
	url := "file://" + filepath.Join(dir, "index.html")
	run := func(args ...string) []byte {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		args = append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
			"--user-data-dir=" + filepath.Join(t.TempDir(), "profile"), "--virtual-time-budget=5000"}, args...)
		cmd := exec.CommandContext(ctx, browser, append(args, url)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v\n%s", browser, err, stderr.String())
		}
		return out
	}
	dom := string(run("--dump-dom"))
	if !strings.Contains(dom, `data-images-loaded="3/3"`) {
		m := regexp.MustCompile(`data-images-loaded="[^"]*"`).FindString(dom)
		t.Errorf("the browser did not load the 3 figures: %q (DOM of %d bytes)", m, len(dom))
	}
	// A figure the browser cannot read is caught.
	if err := os.WriteFile(filepath.Join(dir, "eval.png"), []byte("not a PNG"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteIndex(dir); err != nil {
		t.Fatal(err)
	}
	if dom := string(run("--dump-dom")); !strings.Contains(dom, `data-images-loaded="3/4"`) {
		t.Errorf("a broken figure went unnoticed: %q", regexp.MustCompile(`data-images-loaded="[^"]*"`).FindString(dom))
	}
	shot := filepath.Join(t.TempDir(), "index.png")
	if keep := os.Getenv("AENETS_SCREENSHOT"); keep != "" {
		shot = keep
	}
	run("--screenshot="+shot, "--window-size=1280,1600", "--hide-scrollbars")
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	// The page shows something: some pixels are not the white background.
	b, dark := img.Bounds(), 0
	for y := b.Min.Y; y < b.Max.Y; y += 4 {
		for x := b.Min.X; x < b.Max.X; x += 4 {
			if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0xc000 {
				dark++
			}
		}
	}
	if dark < 100 {
		t.Errorf("the screenshot (%v) is blank: %d dark pixels", b.Size(), dark)
	}
}
