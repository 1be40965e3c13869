package results

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/aenets/aenets/internal/atomicfile"
)

// WriteIndex writes index.html into a run folder: one self-contained page
// (the figures embedded, no outside resource) with the run's settings
// (config.json), its metrics (metrics.json, or outliers.json) and every PNG
// figure of the folder, each with a caption saying how to read it, and a
// list of the other files. It reads the folder, so it is written last.
func WriteIndex(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("index.html: %w", err)
	}
	page := indexPage{Folder: filepath.Base(dir)}
	var pngs []string
	for _, e := range entries {
		switch name := e.Name(); {
		case e.IsDir() || name == "index.html" || strings.HasPrefix(name, "."):
		case strings.HasSuffix(name, ".png"):
			pngs = append(pngs, name)
		default:
			page.Files = append(page.Files, name)
		}
	}
	for _, f := range []struct {
		name string
		dst  **table
	}{{"config.json", &page.Config}, {"metrics.json", &page.Metrics}, {"outliers.json", &page.Metrics}} {
		v, err := readOrdered(filepath.Join(dir, f.name))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return fmt.Errorf("index.html: %s: %w", f.name, err)
		}
		if obj, ok := v.(object); ok {
			*f.dst = objectTable(obj)
			if c, ok := obj.get("command"); ok && page.Command == "" {
				page.Command = fmt.Sprint(c)
			}
		}
	}
	sort.SliceStable(pngs, func(a, b int) bool { return figureRank(pngs[a]) < figureRank(pngs[b]) })
	for _, name := range pngs {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("index.html: %w", err)
		}
		page.Figures = append(page.Figures, indexFigure{Name: name, Caption: caption(page.Command, name),
			Src: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b))})
	}
	return atomicfile.Write(filepath.Join(dir, "index.html"), func(w io.Writer) error {
		return indexTemplate.Execute(w, page)
	})
}

// indexPage is what index.html shows.
type indexPage struct {
	Folder, Command string
	Config, Metrics *table
	Figures         []indexFigure
	Files           []string
}

type indexFigure struct {
	Name, Caption string
	Src           template.URL
}

// table is a JSON value laid out for reading: a header (for a list of
// objects) and rows of cells, each a text or a table of its own.
type table struct {
	Head []string
	Rows [][]cell
}

type cell struct {
	Text  string
	Table *table
}

// object is a JSON object with its keys in the file's order.
type object struct {
	keys []string
	vals []any
}

func (o object) get(key string) (any, bool) {
	for i, k := range o.keys {
		if k == key {
			return o.vals[i], true
		}
	}
	return nil, false
}

// readOrdered reads a JSON file, keeping the order of objects' keys;
// numbers stay json.Number, as written.
func readOrdered(path string) (any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return decodeOrdered(d)
}

func decodeOrdered(d *json.Decoder) (any, error) {
	t, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch t {
	case json.Delim('{'):
		var o object
		for d.More() {
			k, err := d.Token()
			if err != nil {
				return nil, err
			}
			v, err := decodeOrdered(d)
			if err != nil {
				return nil, err
			}
			o.keys, o.vals = append(o.keys, fmt.Sprint(k)), append(o.vals, v)
		}
		_, err := d.Token()
		return o, err
	case json.Delim('['):
		var a []any
		for d.More() {
			v, err := decodeOrdered(d)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := d.Token()
		return a, err
	default:
		return t, nil
	}
}

// Limits of what the page spells out; the JSON files hold everything.
const (
	maxInline    = 12 // numbers of a list written out in full
	maxTableRows = 40 // rows of a list of objects or of a matrix
	maxTableCols = 16
)

func objectTable(o object) *table {
	t := &table{}
	for i, k := range o.keys {
		t.Rows = append(t.Rows, []cell{{Text: k}, valueCell(o.vals[i])})
	}
	return t
}

// valueCell lays out a JSON value: scalars as text, short lists in full,
// long ones summarised, lists of objects and small matrices as tables.
func valueCell(v any) cell {
	switch x := v.(type) {
	case nil:
		return cell{Text: "none"}
	case json.Number:
		return cell{Text: number(x)}
	case string:
		return cell{Text: x}
	case bool:
		return cell{Text: strconv.FormatBool(x)}
	case object:
		return cell{Table: objectTable(x)}
	case []any:
		return listCell(x)
	default:
		return cell{Text: fmt.Sprint(x)}
	}
}

func listCell(a []any) cell {
	if len(a) == 0 {
		return cell{Text: "(empty)"}
	}
	switch a[0].(type) {
	case object:
		if len(a) > maxTableRows {
			return cell{Text: fmt.Sprintf("%d entries (see the JSON file)", len(a))}
		}
		t := &table{}
		for _, e := range a {
			o, ok := e.(object)
			if !ok {
				return cell{Text: fmt.Sprintf("%d entries (see the JSON file)", len(a))}
			}
			for _, k := range o.keys {
				if !slices.Contains(t.Head, k) {
					t.Head = append(t.Head, k)
				}
			}
		}
		for _, e := range a {
			o := e.(object)
			row := make([]cell, len(t.Head))
			for j, k := range t.Head {
				if v, ok := o.get(k); ok {
					row[j] = valueCell(v)
				}
			}
			t.Rows = append(t.Rows, row)
		}
		return cell{Table: t}
	case []any:
		inner, _ := a[0].([]any)
		if len(a) > maxTableRows || len(inner) > maxTableCols || !allScalars(inner) {
			return cell{Text: fmt.Sprintf("%d rows of %d values (see the JSON file)", len(a), len(inner))}
		}
		t := &table{}
		for _, r := range a {
			rr, _ := r.([]any)
			row := make([]cell, len(rr))
			for j, v := range rr {
				row[j] = valueCell(v)
			}
			t.Rows = append(t.Rows, row)
		}
		return cell{Table: t}
	}
	texts := make([]string, len(a))
	for i, v := range a {
		texts[i] = valueCell(v).Text
	}
	if len(a) <= maxInline {
		return cell{Text: strings.Join(texts, ", ")}
	}
	return cell{Text: fmt.Sprintf("%d values: %s, …, %s (all in the JSON file)", len(a),
		strings.Join(texts[:6], ", "), strings.Join(texts[len(a)-2:], ", "))}
}

func allScalars(a []any) bool {
	for _, v := range a {
		switch v.(type) {
		case object, []any:
			return false
		}
	}
	return true
}

// number writes a JSON number with at most 6 significant digits.
func number(n json.Number) string {
	if _, err := n.Int64(); err == nil {
		return n.String()
	}
	f, err := n.Float64()
	if err != nil {
		return n.String()
	}
	return strconv.FormatFloat(f, 'g', 6, 64)
}

// indexTemplate is the page. Its script marks the body with how many of
// the figures loaded (data-images-loaded="n/total": an image the browser
// cannot read has no width) once the page has, for the browser test and
// for a reader's console.
var indexTemplate = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>aenets {{.Command}}: {{.Folder}}</title>
<style>
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; margin: 2em auto; max-width: 1300px; padding: 0 1em; color: #141414; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.3em 0; font-size: 0.92em; }
td, th { border: 1px solid #ddd; padding: 2px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
figure { margin: 1.5em 0; }
figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { max-width: 60em; margin-top: 0.4em; line-height: 1.4; }
nav a { margin-right: 1em; }
</style>
</head>
<body>
<h1>aenets {{.Command}}: {{.Folder}}</h1>
<nav>{{if .Figures}}<a href="#figures">figures</a>{{end}}{{if .Metrics}}<a href="#metrics">metrics</a>{{end}}{{if .Config}}<a href="#config">settings</a>{{end}}{{if .Files}}<a href="#files">files</a>{{end}}</nav>
{{if .Figures}}<h2 id="figures">Figures</h2>
{{range .Figures}}<figure id="{{.Name}}">
<img src="{{.Src}}" alt="{{.Name}}">
<figcaption><b>{{.Name}}</b>{{if .Caption}}: {{.Caption}}{{end}}</figcaption>
</figure>
{{end}}{{end}}
{{if .Metrics}}<h2 id="metrics">Metrics</h2>
{{template "table" .Metrics}}{{end}}
{{if .Config}}<h2 id="config">Settings (config.json: rerun with --config)</h2>
{{template "table" .Config}}{{end}}
{{if .Files}}<h2 id="files">Other files</h2>
<ul>{{range .Files}}<li><a href="{{.}}">{{.}}</a></li>{{end}}</ul>{{end}}
<script>
window.addEventListener("load", function () {
  var imgs = document.images, ok = 0;
  for (var i = 0; i < imgs.length; i++) { if (imgs[i].complete && imgs[i].naturalWidth > 0) ok++; }
  document.body.setAttribute("data-images-loaded", ok + "/" + imgs.length);
});
</script>
</body>
</html>
{{define "table"}}<table>{{if .Head}}<tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr>{{end}}
{{range .Rows}}<tr>{{range .}}<td>{{if .Table}}{{template "table" .Table}}{{else}}{{.Text}}{{end}}</td>{{end}}</tr>
{{end}}</table>{{end}}`))
