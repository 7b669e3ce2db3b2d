//go:build unix

package filters

import (
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time the process has used; unlike wall time it does
// not grow while other processes have the CPU, so the test holds on a
// busy machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// timeIt returns the best over three tries of the CPU time of n runs of f,
// divided by n.
func timeIt(n int, f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range 3 {
		runtime.GC()
		start := cpuTime()
		for range n {
			f()
		}
		best = min(best, (cpuTime()-start)/time.Duration(n))
	}
	return best
}

// TestLinearTime feeds the scanning filters 100 KB and 1 MB of adversarial
// input: the larger must finish within a generous bound and take less than
// 30 times as long as the smaller (a quadratic algorithm takes 100 times).
func TestLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	fs := Builtins()
	type pattern struct {
		filter string
		arg    any
		unit   string
		prefix string
		suffix string
	}
	patterns := []pattern{
		{"striptags", nil, "<", "", ""},
		{"striptags", nil, "<a", "", ""},
		{"striptags", nil, "<<b>", "", "b>"},
		{"striptags", nil, "<!--", "", ""},
		{"striptags", nil, `<a href="`, "", ""},
		{"striptags", nil, "&", "><!", "D"},
		{"striptags", nil, "<script>", "", "</script>"},
		{"striptags", nil, "<a <b", "", ">"},
		{"striptags", nil, "<<", "", "b>"},
		{"striptags", nil, "&amp", "<b>", ""},
		{"striptags", nil, "<!-- ", "", "-->"},
		{"striptags", nil, "<a title='", "", ""},
		{"pprint", nil, "ab ", "", ""},
		{"urlize", nil, "(", "", "x.com"},
		{"urlize", nil, "[", "http://", ""},
		{"urlize", nil, ")", "http://x.com", ""},
		{"urlize", nil, "&", "", ""},
		{"urlize", nil, "&amp;", "www.", ";"},
		{"urlize", nil, ".@.", "", ""},
		{"urlize", nil, "a@", "", "x.com"},
		{"urlize", nil, ".", "www.x.com", ""},
		{"urlize", nil, "&#33", "http://x.com", ""},
		{"urlize", nil, "x.com ", "", ""},
		{"urlizetrunc", 10, "(", "http://", ")"},
		{"truncatewords_html", 1 << 30, "<", "", ""},
		{"truncatewords_html", 1 << 30, "<a>", "", ""},
		{"truncatewords_html", 1 << 30, "<a>w ", "", ""},
		{"truncatewords_html", 1 << 30, "</a>", strings.Repeat("<a>", 1000), ""},
		{"truncatechars_html", 1 << 30, "<", "", ""},
		{"truncatechars_html", 1 << 30, "<b>x", "", ""},
		{"truncatechars_html", 5, "<i>", "", ""},
		{"linebreaks", nil, "\n", "", ""},
		{"linebreaks", nil, "\r\n", "", ""},
		{"linebreaks", nil, "a\n\n", "", ""},
		{"wordwrap", 1, "a ", "", ""},
		{"wordwrap", 1000, "a ", "", ""},
		{"wordwrap", 5, "x", "", ""},
		{"wordwrap", 100000, "x", "a ", ""},
		{"wordwrap", 3, " ", "", ""},
	}
	for _, p := range patterns {
		build := func(size int) string {
			return p.prefix + strings.Repeat(p.unit, size/len(p.unit)) + p.suffix
		}
		smallSize, largeSize := 100_000, 1_000_000
		if raceEnabled {
			smallSize, largeSize = 10_000, 100_000
		}
		small, large := build(smallSize), build(largeSize)
		f := fs[p.filter]
		arg := Arg{Value: p.arg, Given: p.arg != nil}
		run := func(s string) func() {
			return func() {
				if _, err := Apply(f, s, arg, true); err != nil {
					t.Fatalf("%s: %v", p.filter, err)
				}
			}
		}
		// The machine may be busy: a measurement is retried before it fails.
		var ts, tl time.Duration
		var ratio float64
		// Linear is 10, quadratic 100: 30 leaves room for a garbage
		// collection landing in one measurement and not the other.
		for range 5 {
			ts = timeIt(10, run(small))
			tl = timeIt(1, run(large))
			ratio = float64(tl) / float64(max(ts, time.Millisecond))
			if ratio <= 30 {
				break
			}
		}
		if tl > 10*time.Second || ratio > 30 {
			t.Errorf("%s on %q×N: 100 KB %v, 1 MB %v (ratio %.1f): not linear", p.filter, p.unit, ts, tl, ratio)
		}
	}
}
