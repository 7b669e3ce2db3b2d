package views

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/orm"
)

// Lookup finds the one object a detail, update or delete view works on
// (Django's SingleObjectMixin): by the URL keyword argument "pk", else by
// "slug" matched against the slug field.
type Lookup[T any] struct {
	// QuerySet narrows the objects that may be found (a user's own, the
	// published ones); nil means every object.
	QuerySet QuerySetFunc[T]
	// PKKwarg and SlugKwarg name the URL keyword arguments ("pk" and "slug"
	// when empty); SlugField is the model field the slug is matched
	// against ("slug" when empty).
	PKKwarg, SlugKwarg, SlugField string
	// PKAndSlug requires both to match when both are in the URL (Django's
	// query_pk_and_slug).
	PKAndSlug bool
	// Get replaces the lookup (Django's get_object); return an error
	// matching orm.ErrDoesNotExist for a 404.
	Get func(r *http.Request, qs orm.QuerySet[T]) (*T, error)
}

// object returns the object the request names, and the model's metadata.
func (l Lookup[T]) object(r *http.Request, db *orm.DB) (*T, *orm.Model, error) {
	qs := orm.Objects[T](db)
	m := qs.Model()
	if m == nil {
		return nil, nil, fmt.Errorf("views: %w", qs.Err())
	}
	var err error
	if l.QuerySet != nil {
		if qs, err = l.QuerySet(r, qs); err != nil {
			return nil, m, err
		}
	}
	notFound := httpx.NotFound(fmt.Sprintf("No %s found matching the query", m.VerboseName))
	if l.Get != nil {
		obj, err := l.Get(r, qs)
		if errors.Is(err, orm.ErrDoesNotExist) {
			return nil, m, notFound
		}
		return obj, m, err
	}
	pk, hasPK := kwarg(r, cmp(l.PKKwarg, "pk"))
	slug, hasSlug := kwarg(r, cmp(l.SlugKwarg, "slug"))
	for _, v := range []any{pk, slug} {
		// Text the database would refuse names no object.
		if s, ok := v.(string); ok && (!utf8.ValidString(s) || strings.ContainsRune(s, 0)) {
			return nil, m, notFound
		}
	}
	switch {
	case hasPK:
		qs = qs.Filter("pk", pk)
		if hasSlug && l.PKAndSlug {
			qs = qs.Filter(cmp(l.SlugField, "slug"), slug)
		}
	case hasSlug:
		qs = qs.Filter(cmp(l.SlugField, "slug"), slug)
	default:
		return nil, m, fmt.Errorf("%w: a detail view of %s must be called with either an object pk or a slug in the URLconf", ErrConfig, m.Label)
	}
	obj, err := qs.Get(r.Context())
	switch {
	case err == nil:
		return &obj, m, nil
	case errors.Is(err, orm.ErrDoesNotExist):
		return nil, m, notFound
	case errors.Is(err, orm.ErrInvalidQuery) && hasPK:
		// A pk of the wrong type ("abc" from a regex route) names no object.
		if _, ok := pk.(string); ok {
			return nil, m, notFound
		}
	}
	return nil, m, err
}

// objectContext adds "object" and "<model>" (or name) to data.
func objectContext(data map[string]any, m *orm.Model, name string, obj any) {
	data["object"] = obj
	data[cmp(name, modelName(m))] = obj
}

// DetailConfig configures Detail (Django's DetailView).
type DetailConfig[T any] struct {
	// DB opens the database (required).
	DB DBFunc
	// Lookup finds the object.
	Lookup Lookup[T]
	// Template is the template name; "" means "<app>/<model>_detail.html".
	Template string
	// ContextObjectName names the object in the context besides "object";
	// "" means "<model>".
	ContextObjectName string
	// Context adds to the template context.
	Context ContextFunc
}

// Detail returns a handler showing one object of model T, as Django's
// DetailView: found by the URL's pk or slug, 404 when there is none.
func Detail[T any](cfg DetailConfig[T]) http.Handler {
	return methods{
		http.MethodGet: func(w http.ResponseWriter, r *http.Request) error {
			db, err := cfg.DB.open(r.Context())
			if err != nil {
				return err
			}
			return cfg.show(w, r, db, cfg.Lookup)
		},
	}.handler()
}

// show renders the object lookup finds, as DetailView's get (Detail and
// DateDetail).
func (cfg DetailConfig[T]) show(w http.ResponseWriter, r *http.Request, db *orm.DB, lookup Lookup[T]) error {
	obj, m, err := lookup.object(r, db)
	if err != nil {
		return err
	}
	data := map[string]any{}
	objectContext(data, m, cfg.ContextObjectName, obj)
	return render(w, r, http.StatusOK, cmp(cfg.Template, templateName(m, "_detail")), data, cfg.Context)
}
