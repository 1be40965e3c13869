package results

import "testing"

func TestCheckFigures(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{CheckAEFigures(10, 15), ""},
		{CheckAEFigures(1, 15), "steps 1: want ≥ 2"},
		{CheckAEFigures(10, 61), "grid 61: want 2 to 60"},
		{CheckVAEFigures(64, 11, 9), ""},
		{CheckVAEFigures(401, 11, 9), "samples 401: want 1 to 400"},
		{CheckVAEFigures(64, 1, 9), "grid 1: want 2 to 60"},
	}
	for i, c := range cases {
		if (c.want == "") != (c.err == nil) || c.err != nil && c.err.Error() != c.want {
			t.Errorf("case %d: error %v, want %q", i, c.err, c.want)
		}
	}
}
