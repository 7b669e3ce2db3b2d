package views

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/paginator"
)

// QuerySetFunc returns the objects a view works on (Django's
// get_queryset); base is orm.Objects[T](db).
type QuerySetFunc[T any] func(r *http.Request, base orm.QuerySet[T]) (orm.QuerySet[T], error)

// ListConfig configures List (Django's ListView).
type ListConfig[T any] struct {
	// DB opens the database (required).
	DB DBFunc
	// QuerySet narrows the objects listed; nil lists every object.
	QuerySet QuerySetFunc[T]
	// Ordering orders the list (Django's ordering).
	Ordering []string
	// PaginateBy splits the list into pages of that many objects; 0 shows
	// everything. Orphans is the paginator's.
	PaginateBy, Orphans int
	// PageKwarg names the URL keyword argument or query parameter of the
	// page number ("page" when empty); "last" means the last page.
	PageKwarg string
	// NoEmpty answers 404 for an empty list (Django's allow_empty=False).
	NoEmpty bool
	// Template is the template name; "" means "<app>/<model>_list.html".
	Template string
	// ContextObjectName names the list in the context besides object_list;
	// "" means "<model>_list".
	ContextObjectName string
	// Context adds to the template context.
	Context ContextFunc
}

// qsSource adapts a QuerySet to paginator.Source.
type qsSource[T any] struct{ qs orm.QuerySet[T] }

func (s qsSource[T]) Count(ctx context.Context) (int, error) {
	n, err := s.qs.Count(ctx)
	return int(n), err
}

func (s qsSource[T]) Slice(ctx context.Context, offset, limit int) ([]T, error) {
	return s.qs.Slice(int64(offset), int64(offset+limit)).All(ctx)
}

var _ paginator.Source[struct{}] = qsSource[struct{}]{}

// List returns a handler listing objects of model T, as Django's ListView.
// The context has object_list and <model>_list, and for a paginated list
// paginator, page_obj (a *paginator.Page[T]) and is_paginated. A page
// number that is not an integer or "last", or is out of range, is a 404.
func List[T any](cfg ListConfig[T]) http.Handler {
	return methods{
		http.MethodGet: func(w http.ResponseWriter, r *http.Request) error {
			db, err := cfg.DB.open(r.Context())
			if err != nil {
				return err
			}
			qs := orm.Objects[T](db)
			m := qs.Model()
			if m == nil {
				return fmt.Errorf("views: list: %w", qs.Err())
			}
			if cfg.QuerySet != nil {
				if qs, err = cfg.QuerySet(r, qs); err != nil {
					return err
				}
			}
			if len(cfg.Ordering) > 0 {
				qs = qs.OrderBy(cfg.Ordering...)
			}
			data := map[string]any{"paginator": nil, "page_obj": nil, "is_paginated": false}
			var list []T
			if cfg.PaginateBy > 0 {
				p := &paginator.Paginator[T]{Source: qsSource[T]{qs}, PerPage: cfg.PaginateBy, Orphans: cfg.Orphans, AllowEmptyFirstPage: !cfg.NoEmpty}
				page, err := pageOf(r, p, cmp(cfg.PageKwarg, "page"))
				if err != nil {
					return err
				}
				list = page.Items
				data["paginator"], data["page_obj"], data["is_paginated"] = p, page, page.HasOtherPages()
			} else if list, err = qs.All(r.Context()); err != nil {
				return err
			}
			if list == nil {
				list = []T{}
			}
			if cfg.NoEmpty && len(list) == 0 {
				return httpx.NotFound("Empty list and “allow_empty” is False.")
			}
			data["object_list"] = list
			data[cmp(cfg.ContextObjectName, modelName(m)+"_list")] = list
			return render(w, r, http.StatusOK, cmp(cfg.Template, templateName(m, "_list")), data, cfg.Context)
		},
	}.handler()
}

// pageOf is Django's paginate_queryset: the page from the URL keyword
// argument or the query string, 404 when invalid.
func pageOf[T any](r *http.Request, p *paginator.Paginator[T], kw string) (*paginator.Page[T], error) {
	raw := ""
	if v, ok := kwarg(r, kw); ok {
		raw = fmt.Sprint(v)
	} else {
		raw = httpx.QueryGet(r, kw)
	}
	if raw == "" {
		raw = "1"
	}
	var n int
	if raw == "last" {
		np, err := p.NumPages(r.Context())
		if err != nil {
			return nil, err
		}
		n = np
	} else {
		v, err := strconv.Atoi(raw)
		if err != nil {
			return nil, httpx.NotFound("Page is not “last”, nor can it be converted to an int.")
		}
		n = v
	}
	page, err := p.Page(r.Context(), n)
	var ip *paginator.InvalidPageError
	if errors.As(err, &ip) {
		return nil, httpx.NotFound(fmt.Sprintf("Invalid page (%d): %s", n, ip.Message))
	}
	return page, err
}

func cmp(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
