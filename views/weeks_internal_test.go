package views

import (
	"encoding/json"
	"os"
	"testing"
	"time"
)

// TestWeekStartMatchesPython: testdata/python_weeks.json holds what
// CPython's strptime makes of a year, a week and the week's first weekday
// under %U, %W and %G/%V (as Django's WeekArchiveView reads a week), for
// 1999–2031 and weeks 0–54.
func TestWeekStartMatchesPython(t *testing.T) {
	raw, err := os.ReadFile("testdata/python_weeks.json")
	if err != nil {
		t.Fatal(err)
	}
	var corpus struct {
		Cases [][4]any
	}
	if err := json.Unmarshal(raw, &corpus); err != nil {
		t.Fatal(err)
	}
	if len(corpus.Cases) < 5000 {
		t.Fatalf("%d cases", len(corpus.Cases))
	}
	for _, c := range corpus.Cases {
		format, year, week, want := c[0].(string), int(c[1].(float64)), int(c[2].(float64)), c[3].(string)
		got, ok := weekStart(year, week, format)
		switch {
		case want == "" && ok:
			t.Errorf("%s %d week %d: %s, want refused", format, year, week, got.Format(time.DateOnly))
		case want != "" && (!ok || got.Format(time.DateOnly) != want):
			t.Errorf("%s %d week %d: %s (ok %v), want %s", format, year, week, got.Format(time.DateOnly), ok, want)
		}
	}
}
