// Package plot draws aenets' figures as PNG files: reconstructions, image
// grids, loss curves, latent-space scatter plots, error charts, outlier plots,
// heat maps and simple line plots.
//
// # Pixel conventions
//
// All image values are expected in [0,1]; values outside are clamped when
// drawn, NaN and ±Inf are rejected. Every data pixel is drawn as a crisp
// square block of screen pixels (integer scaling, no interpolation).
//
//   - Binary mode (binary == true, used for the 5×7 glyph font): a value
//     ≥ 0.5 is "on" and drawn as black ink, a value < 0.5 is "off" and drawn
//     as white paper, like a printed character.
//   - Grayscale mode (binary == false, used for the 20×20 emoji faces and for
//     thumbnails): a value v is drawn as the gray level v, so 0 is black and
//     1 is white. This is how the emoji data was made (bright faces on a black
//     background).
//
// In Reconstructions with binary == true, wrong pixels of a reconstruction
// are coloured: orange for a pixel that should be on but is off (missing
// ink), blue for a pixel that should be off but is on (spurious ink).
//
// # Raster figures and plots
//
// Reconstructions, Denoising, Grid, Rows and LatentGrid are drawn directly
// into an image with integer pixel scaling. The other figures are drawn
// with gonum.org/v1/plot at a fixed resolution of 120 dots per inch. Both
// kinds are set in one font family, Liberation Sans. Every title and label
// is measured with the font's metrics and wrapped at spaces, or set
// smaller, to fit its figure: none is cut off at the edge.
//
// # Many samples
//
// Figures of samples stay readable and quick (well under 2 s each) up to
// tens of thousands of samples: above a few hundred, scatter plots draw a
// dot per sample coloured by its label, bar charts per sample become a
// sorted profile, and Reconstructions and Denoising show a fixed selection
// of samples plus the worst ones (BenchmarkFigures60k measures them). A
// ReconStream draws Reconstructions from pairs given chunk by chunk,
// keeping only the reconstructions it may show: the same figure without
// every reconstruction in memory.
//
// # Files
//
// Every figure is written through internal/atomicfile, so an existing file
// is replaced only by a complete new PNG; when writing fails (for example
// because the folder does not exist), an error is returned and no file is
// left behind. Functions never print; invalid inputs (empty data,
// mismatched lengths, NaN) are reported as errors.
package plot
