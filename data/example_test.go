package data_test

import (
	"fmt"
	"strings"

	"github.com/aenets/aenets/data"
)

// Print the glyph 'a' of the builtin font.
func ExampleFont() {
	font := data.Font()
	i, _ := font.Index("a")
	fmt.Printf("%s %s, %dx%d:\n", font.IDs[i], font.Labels[i], font.Rows, font.Cols)
	x := font.Row(i)
	for r := range font.Rows {
		for c := range font.Cols {
			if x[r*font.Cols+c] == 1 {
				fmt.Print("#")
			} else {
				fmt.Print(".")
			}
		}
		fmt.Println()
	}
	// Output:
	// 61 a, 7x5:
	// .....
	// .###.
	// ....#
	// .##.#
	// #..##
	// #..##
	// .##.#
}

// A file of numbers with a shape comment, and a defect reported by line.
func ExampleParseText() {
	const good = `# two 2x3 images
# shape: 2x3
p1 top    1 1 1 0 0 0
p2 bottom 0 0 0 1 1 1
`
	d, err := data.ParseText(strings.NewReader(good), "good.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.N, "samples of", d.Rows, "x", d.Cols, d.Labels)

	const bad = `61 a 00 0e 01 0d 13 13 0d
62 b 10 10 10 1c 12 12 3c
`
	_, err = data.ParseText(strings.NewReader(bad), "bad.txt")
	fmt.Println(err)
	// Output:
	// 2 samples of 2 x 3 [top bottom]
	// bad.txt:2: hex byte 0x3c has bits above the 5 pixels of a glyph row (at most 0x1f)
}

func ExampleLoad() {
	for _, source := range []string{"emoji", "examples/unseen.txt"} {
		d, err := data.Load(source)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: %d samples of %dx%d, first %s %q\n", d.Name, d.N, d.Rows, d.Cols, d.IDs[0], d.Labels[0])
	}
	// Output:
	// emoji: 56 samples of 20x20, first 1F600 "grinning"
	// examples/unseen.txt: 10 samples of 7x5, first 41 "A"
}
