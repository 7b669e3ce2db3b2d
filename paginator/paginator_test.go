package paginator

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func ints(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i + 1
	}
	return s
}

func TestDocsExample(t *testing.T) {
	ctx := context.Background()
	p := FromSlice([]string{"john", "paul", "george", "ringo"}, 2)
	if n, _ := p.Count(ctx); n != 4 {
		t.Fatalf("count %d", n)
	}
	if n, _ := p.NumPages(ctx); n != 2 {
		t.Fatalf("num pages %d", n)
	}
	if r, _ := p.PageRange(ctx); !slices.Equal(r, []int{1, 2}) {
		t.Fatalf("range %v", r)
	}
	p1, err := p.Page(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p1.Items, []string{"john", "paul"}) || !p1.HasNext() || p1.HasPrevious() || !p1.HasOtherPages() {
		t.Fatalf("page1 %+v", p1)
	}
	if n, err := p1.NextPageNumber(); n != 2 || err != nil {
		t.Fatal(n, err)
	}
	if _, err := p1.PreviousPageNumber(); !errors.Is(err, ErrEmptyPage) || err.Error() != "That page number is less than 1" {
		t.Fatal(err)
	}
	if p1.StartIndex() != 1 || p1.EndIndex() != 2 || p1.String() != "<Page 1 of 2>" {
		t.Fatal(p1.StartIndex(), p1.EndIndex(), p1)
	}
	p2, _ := p.Page(ctx, 2)
	if p2.StartIndex() != 3 || p2.EndIndex() != 4 || p2.HasNext() {
		t.Fatal(p2.StartIndex(), p2.EndIndex())
	}
	if _, err := p2.NextPageNumber(); err == nil || err.Error() != "That page contains no results" {
		t.Fatal(err)
	}
	_, err = p.Page(ctx, 0)
	var ipe *InvalidPageError
	if !errors.As(err, &ipe) || !errors.Is(err, ErrInvalidPage) || ipe.Message != "That page number is less than 1" {
		t.Fatal(err)
	}
	_, err = p.Page(ctx, 3)
	if !errors.Is(err, ErrEmptyPage) || err.Error() != "That page contains no results" {
		t.Fatal(err)
	}
	_, err = p.PageString(ctx, "x")
	if !errors.Is(err, ErrPageNotAnInteger) || !errors.Is(err, ErrInvalidPage) || err.Error() != "That page number is not an integer" {
		t.Fatal(err)
	}
	if errors.Is(err, ErrEmptyPage) {
		t.Fatal("not-an-integer must not match ErrEmptyPage")
	}
}

func TestNumPagesOrphansEmpty(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		count, per, orphans int
		allowEmpty          bool
		want                int
	}{
		{10, 10, 0, true, 1},
		{11, 10, 0, true, 2},
		{11, 10, 1, true, 1},
		{12, 10, 1, true, 2},
		{20, 10, 1, true, 2},
		{0, 10, 0, true, 1},
		{0, 10, 0, false, 0},
		{1, 10, 0, false, 1},
		{10, 10, 3, false, 1},
		{0, 10, 3, true, 1},
		{5, 0, 0, true, 5}, // PerPage below 1 acts as 1
	}
	for _, c := range cases {
		p := &Paginator[int]{Source: SliceSource[int](ints(c.count)), PerPage: c.per, Orphans: c.orphans, AllowEmptyFirstPage: c.allowEmpty}
		got, err := p.NumPages(ctx)
		if err != nil || got != c.want {
			t.Errorf("%+v: got %d %v", c, got, err)
		}
	}
}

func TestPageWithOrphansAndIndexes(t *testing.T) {
	ctx := context.Background()
	p := &Paginator[int]{Source: SliceSource[int](ints(11)), PerPage: 5, Orphans: 1, AllowEmptyFirstPage: true}
	last, err := p.Page(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(last.Items, []int{6, 7, 8, 9, 10, 11}) || last.StartIndex() != 6 || last.EndIndex() != 11 {
		t.Fatalf("%v %d %d", last.Items, last.StartIndex(), last.EndIndex())
	}
	if _, err := p.Page(ctx, 3); !errors.Is(err, ErrEmptyPage) {
		t.Fatal(err)
	}
	// Empty first page.
	e := FromSlice([]int{}, 5)
	pg, err := e.Page(ctx, 1)
	if err != nil || pg.Len() != 0 || pg.StartIndex() != 0 || pg.EndIndex() != 0 || pg.HasNext() {
		t.Fatal(pg, err)
	}
	e.AllowEmptyFirstPage = false
	e2 := &Paginator[int]{Source: SliceSource[int](nil), PerPage: 5}
	if _, err := e2.Page(ctx, 1); !errors.Is(err, ErrEmptyPage) {
		t.Fatal(err)
	}
}

func TestGetPageFallback(t *testing.T) {
	ctx := context.Background()
	p := FromSlice(ints(25), 10)
	// A number too large for an int is still an integer, past the last page (Django 3.2.25).
	for in, want := range map[string]int{"": 1, "abc": 1, "1.5": 1, "2": 2, " 3 ": 3, "0": 3, "-1": 3, "99": 3, "99999999999999999999999": 3, "-99999999999999999999999": 3} {
		pg, err := p.GetPage(ctx, in)
		if err != nil || pg.Number != want {
			t.Errorf("GetPage(%q) = %v, %v; want %d", in, pg, err, want)
		}
	}
	empty := &Paginator[int]{PerPage: 10}
	if _, err := empty.GetPage(ctx, "5"); !errors.Is(err, ErrEmptyPage) {
		// no pages at all and empty first page not allowed: Django raises EmptyPage too
		t.Fatal(err)
	}
}

func TestElidedPageRange(t *testing.T) {
	ctx := context.Background()
	render := func(r []PageNumber) string {
		s := make([]string, len(r))
		for i, n := range r {
			s[i] = n.String()
		}
		return strings.Join(s, ",")
	}
	cases := []struct {
		pages, number, side, ends int
		want                      string
	}{
		{50, 1, 3, 2, "1,2,3,4,…,49,50"},
		{50, 25, 3, 2, "1,2,…,22,23,24,25,26,27,28,…,49,50"},
		{50, 50, 3, 2, "1,2,…,47,48,49,50"},
		{50, 7, 3, 2, "1,2,3,4,5,6,7,8,9,10,…,49,50"},
		{50, 8, 3, 2, "1,2,…,5,6,7,8,9,10,11,…,49,50"},
		{50, 43, 3, 2, "1,2,…,40,41,42,43,44,45,46,…,49,50"},
		{50, 44, 3, 2, "1,2,…,41,42,43,44,45,46,47,48,49,50"},
		{10, 5, 3, 2, "1,2,3,4,5,6,7,8,9,10"},
		{11, 1, 3, 2, "1,2,3,4,…,10,11"},
		{20, 10, 0, 0, "…,10,…"},
		{20, 10, 1, 1, "1,…,9,10,11,…,20"},
		{1, 1, 3, 2, "1"},
	}
	for _, c := range cases {
		p := FromSlice(ints(c.pages), 1)
		got, err := p.ElidedPageRange(ctx, c.number, c.side, c.ends)
		if err != nil || render(got) != c.want {
			t.Errorf("%+v: got %q %v", c, render(got), err)
		}
	}
	p := FromSlice(ints(5), 1)
	if _, err := p.ElidedPageRange(ctx, 6, 3, 2); !errors.Is(err, ErrEmptyPage) {
		t.Fatal(err)
	}
	if Ellipsis.String() != "…" || !Ellipsis.IsEllipsis() || PageNumber(4).String() != "4" {
		t.Fatal("PageNumber.String")
	}
}

type countingSource struct {
	counts, slices int
	fail           bool
}

func (c *countingSource) Count(context.Context) (int, error) {
	c.counts++
	if c.fail {
		return 0, errors.New("db down")
	}
	return 100, nil
}

func (c *countingSource) Slice(_ context.Context, off, lim int) ([]string, error) {
	c.slices++
	out := make([]string, lim)
	for i := range out {
		out[i] = fmt.Sprint(off + i)
	}
	return out, nil
}

func TestSourceCountedOnceAndErrors(t *testing.T) {
	ctx := context.Background()
	src := &countingSource{}
	p := New[string](src, 30)
	pg, err := p.Page(ctx, 4)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pg.Items, []string{"90", "91", "92", "93", "94", "95", "96", "97", "98", "99"}) {
		t.Fatal(pg.Items)
	}
	p.Page(ctx, 1)
	p.NumPages(ctx)
	if src.counts != 1 || src.slices != 2 {
		t.Fatalf("counts %d slices %d", src.counts, src.slices)
	}
	bad := New[string](&countingSource{fail: true}, 10)
	if _, err := bad.GetPage(ctx, "1"); err == nil || errors.Is(err, ErrInvalidPage) || !strings.Contains(err.Error(), "db down") {
		t.Fatal(err)
	}
}

func TestSliceSourceBounds(t *testing.T) {
	s := SliceSource[int](ints(3))
	if got, _ := s.Slice(context.Background(), 5, 2); len(got) != 0 {
		t.Fatal(got)
	}
	if _, err := s.Slice(context.Background(), -1, 2); err == nil {
		t.Fatal("negative offset accepted")
	}
}

func FuzzGetPage(f *testing.F) {
	for _, s := range []string{"1", "", "-0", "+3", "1e3", "９", "99999999999999999999"} {
		f.Add(s, 7, 3, 1)
	}
	f.Fuzz(func(t *testing.T, s string, count, per, orphans int) {
		count = ((count % 500) + 500) % 500
		p := &Paginator[int]{Source: SliceSource[int](ints(count)), PerPage: per % 50, Orphans: orphans % 50, AllowEmptyFirstPage: true}
		pg, err := p.GetPage(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		if pg.Len() > 0 && pg.Items[0] != pg.StartIndex() {
			t.Fatalf("start index %d, first item %d", pg.StartIndex(), pg.Items[0])
		}
		if _, err := p.ElidedPageRange(context.Background(), pg.Number, 3, 2); err != nil {
			t.Fatal(err)
		}
	})
}

// Page numbers as Python's int() reads them for Django's validate_number
// (checked against Django 3.2.25).
func TestParseNumberLikePythonInt(t *testing.T) {
	ok := map[string]int{
		"٣": 3, "1_0": 10, "+2": 2, "\u30002": 2, "\u00a02\u2028": 2, "\x0b5\x0c": 5, "-0": 0, "007": 7,
		"99999999999999999999": math.MaxInt, "-99999999999999999999": math.MinInt, "\uff12": 2,
	}
	for s, want := range ok {
		if got, err := ParseNumber(s); err != nil || got != want {
			t.Errorf("ParseNumber(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"1__0", "_1", "1_", "+-1", "-_1", "\x1f5\x1c", "\u200b5", "1.0", "", " ", "0x2", "1e1", "2\x00", "None"} {
		if _, err := ParseNumber(s); !errors.Is(err, ErrPageNotAnInteger) {
			t.Errorf("ParseNumber(%q): %v, want ErrPageNotAnInteger", s, err)
		}
	}
	p := FromSlice(make([]int, 31), 3)
	if _, err := p.PageString(context.Background(), "99999999999999999999"); !errors.Is(err, ErrEmptyPage) {
		t.Errorf("huge page number: %v, want ErrEmptyPage", err)
	}
}

// Negative windows are not clamped, as in Django (checked against 3.2.25).
func TestElidedPageRangeNegative(t *testing.T) {
	p := FromSlice(make([]int, 31), 3) // 11 pages
	for _, c := range []struct {
		number, side, ends int
		want               string
	}{
		{4, -1, 2, "[1 2 … … 10 11]"},
		{6, 2, -1, "[… 4 5 6 7 8 …]"},
	} {
		r, err := p.ElidedPageRange(context.Background(), c.number, c.side, c.ends)
		if err != nil || fmt.Sprint(r) != c.want {
			t.Errorf("ElidedPageRange(%d, %d, %d) = %v, %v; want %s", c.number, c.side, c.ends, r, err, c.want)
		}
	}
}
