package paginator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"testing"
)

// The corpora in testdata/django_paginator.json and django_paginator2.json
// were produced by real Django (testdata/gen_django_paginator.py and
// gen_django_paginator2.py); DJINN_PAGINATOR_CORPUS names another file of the
// same schema to run instead. A case with a "divergence" is a documented
// intended difference (docs/pagination.md) and is skipped.
type djangoPage struct {
	Number       string `json:"number"`
	Error        string `json:"error"`
	ItemsLen     int    `json:"items_len"`
	First        *int   `json:"first"`
	Last         *int   `json:"last"`
	HasNext      bool   `json:"has_next"`
	HasPrevious  bool   `json:"has_previous"`
	StartIndex   int    `json:"start_index"`
	EndIndex     int    `json:"end_index"`
	GetPage      *int   `json:"get_page"`
	GetPageError string `json:"get_page_error"`
	Elided       *struct {
		OnEachSide int      `json:"on_each_side"`
		OnEnds     int      `json:"on_ends"`
		Range      []string `json:"range"`
	} `json:"elided"`
	ElidedError string `json:"elided_error"`
}

func errName(err error) string {
	var ipe *InvalidPageError
	if !errors.As(err, &ipe) {
		return fmt.Sprint(err)
	}
	if errors.Is(err, ErrPageNotAnInteger) {
		return "PageNotAnInteger: " + ipe.Message
	}
	return "EmptyPage: " + ipe.Message
}

func TestDjangoCorpus(t *testing.T) {
	paths := []string{"testdata/django_paginator.json", "testdata/django_paginator2.json"}
	if p := os.Getenv("DJINN_PAGINATOR_CORPUS"); p != "" {
		paths = []string{p}
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) { runDjangoCorpus(t, path) })
	}
}

func runDjangoCorpus(t *testing.T, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var corpus struct {
		Cases []struct {
			Count               int    `json:"count"`
			PerPage             int    `json:"per_page"`
			Orphans             int    `json:"orphans"`
			AllowEmptyFirstPage bool   `json:"allow_empty_first_page"`
			NumPages            int    `json:"num_pages"`
			Divergence          string `json:"divergence"`
			Pages               []djangoPage
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &corpus); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	passed, total, skipped := 0, 0, 0
	for i, c := range corpus.Cases {
		if c.Divergence != "" {
			skipped++
			continue
		}
		p := &Paginator[int]{Source: SliceSource[int](ints(c.Count)), PerPage: c.PerPage, Orphans: c.Orphans, AllowEmptyFirstPage: c.AllowEmptyFirstPage}
		for _, pg := range c.Pages {
			total++
			name := fmt.Sprintf("case %d (count %d per %d orphans %d empty %v) page %q", i, c.Count, c.PerPage, c.Orphans, c.AllowEmptyFirstPage, pg.Number)
			ok := true
			fail := func(format string, args ...any) {
				t.Errorf(name+": "+format, args...)
				ok = false
			}
			if n, _ := p.NumPages(ctx); n != c.NumPages {
				fail("num pages %d, want %d", n, c.NumPages)
			}
			page, err := p.PageString(ctx, pg.Number)
			switch {
			case pg.Error != "":
				if err == nil || errName(err) != pg.Error {
					fail("error %v, want %s", err, pg.Error)
				}
			case err != nil:
				fail("error %v", err)
			default:
				first, last := (*int)(nil), (*int)(nil)
				if page.Len() > 0 {
					first, last = &page.Items[0], &page.Items[page.Len()-1]
				}
				if page.Len() != pg.ItemsLen || fmt.Sprint(deref(first)) != fmt.Sprint(deref(pg.First)) || fmt.Sprint(deref(last)) != fmt.Sprint(deref(pg.Last)) ||
					page.HasNext() != pg.HasNext || page.HasPrevious() != pg.HasPrevious || page.StartIndex() != pg.StartIndex || page.EndIndex() != pg.EndIndex {
					fail("page %v len %d next %v prev %v start %d end %d; want %+v", page, page.Len(), page.HasNext(), page.HasPrevious(), page.StartIndex(), page.EndIndex(), pg)
				}
			}
			gp, err := p.GetPage(ctx, pg.Number)
			switch {
			case pg.GetPageError != "":
				if err == nil || errName(err) != pg.GetPageError {
					fail("get_page error %v, want %s", err, pg.GetPageError)
				}
			case err != nil || pg.GetPage == nil || gp.Number != *pg.GetPage:
				fail("get_page %v %v, want %v", gp, err, deref(pg.GetPage))
			}
			n, perr := ParseNumber(pg.Number)
			var r []PageNumber
			var eerr error
			if perr != nil {
				eerr = perr
			} else if pg.Elided != nil {
				r, eerr = p.ElidedPageRange(ctx, n, pg.Elided.OnEachSide, pg.Elided.OnEnds)
			} else {
				r, eerr = p.ElidedPageRange(ctx, n, 3, 2)
			}
			switch {
			case pg.ElidedError != "":
				want := map[string]error{"EmptyPage": ErrEmptyPage, "PageNotAnInteger": ErrPageNotAnInteger}[pg.ElidedError]
				if !errors.Is(eerr, want) {
					fail("elided error %v, want %s", eerr, pg.ElidedError)
				}
			case eerr != nil:
				fail("elided error %v", eerr)
			default:
				got := make([]string, len(r))
				for i, x := range r {
					got[i] = x.String()
				}
				if fmt.Sprint(got) != fmt.Sprint(pg.Elided.Range) {
					fail("elided %v, want %v", got, pg.Elided.Range)
				}
			}
			if ok {
				passed++
			}
		}
	}
	fmt.Printf("%s: %d/%d passed, %d cases skipped as documented divergences\n", path, passed, total, skipped)
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
