package data

import "fmt"

// Limits on what a loader accepts. They are checked before memory is
// allocated for the values, so a small hostile file (a PNG or IDX header
// claiming a huge image, a shape comment with huge sizes) is refused with
// an error naming the limit instead of exhausting memory.
const (
	// MaxImageSide is the largest width or height of an image read from
	// a PNG, IDX or NumPy file.
	MaxImageSide = 4096
	// MaxSampleValues is the largest number of values of one sample
	// (4096×4096): values on a line of a text file, pixels of an image.
	MaxSampleValues = 1 << 24
	// MaxValues is the largest number of values of a whole dataset, N×D
	// (134,217,728 float64 values, 1 GiB).
	MaxValues = 1 << 27
)

// tooManyValues returns a message if n samples of d values each exceed
// MaxValues, and "" otherwise. It does not overflow for any n, d ≥ 0.
func tooManyValues(n int64, d int) string {
	if d > 0 && n > int64(MaxValues/d) {
		return fmt.Sprintf("%d samples of %d values exceed the limit of data.MaxValues = %d values in all", n, d, MaxValues)
	}
	return ""
}

// imageSizeMsg returns a message if a w×h image (pixels wide × high) is
// empty or above MaxImageSide, and "" otherwise.
func imageSizeMsg(w, h int) string {
	switch {
	case w <= 0 || h <= 0:
		return fmt.Sprintf("image has no pixels (%dx%d)", w, h)
	case w > MaxImageSide || h > MaxImageSide:
		return fmt.Sprintf("image is %d pixels wide and %d high, above the limit of data.MaxImageSide = %d pixels a side",
			w, h, MaxImageSide)
	}
	return ""
}
