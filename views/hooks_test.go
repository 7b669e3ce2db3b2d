package views_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/djinn-go/djinn/forms"
	"github.com/djinn-go/djinn/forms/modelform"
	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/orm/ormtest"
	"github.com/djinn-go/djinn/template"
	"github.com/djinn-go/djinn/template/loader"
	"github.com/djinn-go/djinn/urls"
	"github.com/djinn-go/djinn/views"
)

// Note has an AbsoluteURL, where create and update views redirect.
type Note struct {
	ID   int64
	Text string `djinn:"max_length=20"`
}

func (n *Note) AbsoluteURL() string { return "/notes/" + strings.Repeat("i", int(n.ID)) + "/" }

var hookTemplates = fstest.MapFS{
	"show.html":             {Data: []byte(`{{ thing.title }}/{{ extra }}`)},
	"blog/note_form.html":   {Data: []byte(`{{ form.as_p }}`)},
	"blog/note_detail.html": {Data: []byte(`note {{ note.text }}`)},
}

func TestHooks(t *testing.T) {
	reg := registry(t)
	if err := reg.Register("blog", Note{}); err != nil {
		t.Fatal(err)
	}
	ormtest.Run(t, reg, func(t *testing.T, db *orm.DB) {
		ctx := context.Background()
		seed(t, db, "Public", "Secret")
		dbf := views.UseDB(db)
		onlyPublic := views.Lookup[Article]{QuerySet: func(r *http.Request, qs orm.QuerySet[Article]) (orm.QuerySet[Article], error) {
			return qs.Exclude("title", "Secret"), nil
		}}
		byTitle := views.Lookup[Article]{Get: func(r *http.Request, qs orm.QuerySet[Article]) (*Article, error) {
			a, err := qs.Get(r.Context(), orm.Q{"title": r.URL.Query().Get("t")})
			return &a, err
		}}
		extra := func(r *http.Request, data map[string]any) error {
			data["extra"] = "x"
			return nil
		}
		var invalidCalled, validCalled bool
		router := urls.NewRouter(
			urls.Path("public/<int:pk>/", views.Detail(views.DetailConfig[Article]{DB: dbf, Lookup: onlyPublic, Template: "show.html", ContextObjectName: "thing", Context: extra}), "public"),
			urls.Path("title/", views.Detail(views.DetailConfig[Article]{DB: dbf, Lookup: byTitle, Template: "show.html", ContextObjectName: "thing"}), "title"),
			urls.Path("both/<int:pk>/<slug:slug>/", views.Detail(views.DetailConfig[Article]{DB: dbf, Lookup: views.Lookup[Article]{PKAndSlug: true}, Template: "show.html", ContextObjectName: "thing"}), "both"),
			urls.Path("fail/", views.List(views.ListConfig[Article]{DB: func(context.Context) (*orm.DB, error) { return nil, errors.New("down") }}), "fail"),
			urls.Path("notes/new/", views.Create(views.EditConfig[Note]{DB: dbf, Form: modelform.Options{Fields: []string{"text"}}}), "note-create"),
			urls.Path("notes/<int:pk>/", views.Detail(views.DetailConfig[Note]{DB: dbf}), "note"),
			urls.Path("notes/hooked/", views.Create(views.EditConfig[Note]{
				DB: dbf,
				NewForm: func(r *http.Request, db *orm.DB, obj *Note) (*modelform.Form[Note], error) {
					return modelform.New(r.Context(), db, obj, modelform.Options{Fields: []string{"text"}, Initial: map[string]any{"text": "preset"}})
				},
				Valid: func(w http.ResponseWriter, r *http.Request, f *modelform.Form[Note]) error {
					validCalled = true
					return httpx.Text(w, http.StatusAccepted, "queued "+f.Instance.Text)
				},
				Invalid: func(w http.ResponseWriter, r *http.Request, f *modelform.Form[Note]) error {
					invalidCalled = true
					return httpx.Text(w, http.StatusUnprocessableEntity, "bad")
				},
			}), "note-hooked"),
			urls.Path("notes/reverse/", views.Form(views.FormConfig{
				Template:   "blog/note_form.html",
				Form:       func(r *http.Request) (*forms.Form, error) { return forms.New(), nil },
				SuccessURL: views.Reverse("note", 1),
			}), "note-reverse"),
		)
		eng := engine{template.New(template.Config{Loader: loader.NewFS(hookTemplates)})}
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			router.ServeHTTP(w, r.WithContext(httpx.WithTemplates(r.Context(), eng)))
		})
		expect(t, "queryset hook", do(h, "GET", "/public/1/", nil), 200, "Public/x")
		expect(t, "queryset hides", do(h, "GET", "/public/2/", nil), 404)
		expect(t, "get hook", do(h, "GET", "/title/?t=Secret", nil), 200, "Secret/")
		expect(t, "get hook missing", do(h, "GET", "/title/?t=Nope", nil), 404)
		expect(t, "pk and slug", do(h, "GET", "/both/1/public/", nil), 200, "Public/")
		expect(t, "pk and wrong slug", do(h, "GET", "/both/1/secret/", nil), 404)
		expect(t, "db error", do(h, "GET", "/fail/", nil), 500)

		r := do(h, "POST", "/notes/new/", url.Values{"text": {"hello"}})
		if r.code != 302 || r.hdr.Get("Location") != "/notes/i/" {
			t.Errorf("absolute url: %d %q", r.code, r.hdr.Get("Location"))
		}
		expect(t, "hooked form", do(h, "GET", "/notes/hooked/", nil), 200, `value="preset"`)
		expect(t, "invalid hook", do(h, "POST", "/notes/hooked/", url.Values{"text": {strings.Repeat("x", 30)}}), 422, "bad")
		expect(t, "valid hook", do(h, "POST", "/notes/hooked/", url.Values{"text": {"later"}}), 202, "queued later")
		if !validCalled || !invalidCalled {
			t.Error("hooks not called")
		}
		if n, _ := orm.Objects[Note](db).Count(ctx); n != 1 {
			t.Errorf("%d notes: the Valid hook must replace saving", n)
		}
		r = do(h, "POST", "/notes/reverse/", url.Values{})
		if r.code != 302 || r.hdr.Get("Location") != "/notes/1/" {
			t.Errorf("reverse: %d %q", r.code, r.hdr.Get("Location"))
		}
	})
}

// The views read the standard library's path values when no urls.Router
// serves them.
func TestServeMux(t *testing.T) {
	ormtest.Run(t, registry(t), func(t *testing.T, db *orm.DB) {
		seed(t, db, "Mux")
		mux := http.NewServeMux()
		mux.Handle("GET /a/{pk}/", views.Detail(views.DetailConfig[Article]{DB: views.UseDB(db)}))
		eng := engine{template.New(template.Config{Loader: loader.NewFS(templates)})}
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mux.ServeHTTP(w, r.WithContext(httpx.WithTemplates(r.Context(), eng)))
		})
		expect(t, "path value", do(h, "GET", "/a/1/", nil), 200, "Mux=Mux")
		expect(t, "bad path value", do(h, "GET", "/a/x/", nil), 404)
		expect(t, "NUL in path value", do(h, "GET", "/a/%00/", nil), 404)
		expect(t, "invalid UTF-8 in path value", do(h, "GET", "/a/%FF/", nil), 404)
	})
}

// Values parsed by net/http before the view (the CSRF middleware calls
// ParseForm) are cleaned of invalid UTF-8 as the upload parser does.
func TestParsedBody(t *testing.T) {
	ormtest.Run(t, registry(t), func(t *testing.T, db *orm.DB) {
		h := server(t, db)
		parsed := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			h.ServeHTTP(w, r)
		})
		r := do(parsed, "POST", "/new/", url.Values{"title": {"a\xffb\xe2\x82"}, "slug": {"ab"}})
		if r.code != 302 {
			t.Fatalf("%d %s", r.code, r.body)
		}
		a, err := orm.Objects[Article](db).Get(context.Background(), orm.Q{"slug": "ab"})
		if err != nil || a.Title != "a\uFFFDb\uFFFD" { // a truncated sequence: one U+FFFD, as Python
			t.Errorf("%q %v", a.Title, err)
		}
	})
}
