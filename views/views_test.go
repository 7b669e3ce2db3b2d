package views_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
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

type Article struct {
	ID    int64
	Title string `djinn:"max_length=100;unique"`
	Slug  string `djinn:"type=slug"`
	Body  string `djinn:"type=text;blank"`
}

type Comment struct {
	ID      int64
	Article *Article `djinn:"on_delete=protect"`
	Text    string   `djinn:"max_length=100"`
}

var templates = fstest.MapFS{
	"about.html":                       {Data: []byte(`About {{ name }}{% if extra %} {{ extra }}{% endif %}`)},
	"blog/article_list.html":           {Data: []byte(`{% for a in article_list %}[{{ a.title }}]{% endfor %} paginated={{ is_paginated }}{% if page_obj %} page={{ page_obj.number }}/{{ page_obj.num_pages }}{% endif %} n={{ object_list|length }}`)},
	"blog/article_detail.html":         {Data: []byte(`{{ object.title }}={{ article.title }}`)},
	"blog/article_form.html":           {Data: []byte(`{% if object %}editing {{ object.title }} {% endif %}<form method="post">{{ form.as_p }}</form>`)},
	"blog/article_confirm_delete.html": {Data: []byte(`Delete {{ article.title }}?`)},
	"contact.html":                     {Data: []byte(`<form>{{ form.as_p }}</form>`)},
}

type engine struct{ e *template.Engine }

func (t engine) RenderTemplate(w io.Writer, r *http.Request, name string, data map[string]any) error {
	return t.e.Render(template.WithRequest(r.Context(), r), w, name, data)
}

func registry(t testing.TB) *orm.Registry {
	reg := orm.NewRegistry()
	if err := reg.Register("blog", Article{}, Comment{}, Entry{}); err != nil {
		t.Fatal(err)
	}
	return reg
}

func server(t testing.TB, db *orm.DB) http.Handler {
	t.Helper()
	dbf := views.UseDB(db)
	toDetail := func(r *http.Request, a *Article) (string, error) {
		return urls.ReverseCtx(r.Context(), "detail", a.ID)
	}
	contact := func(r *http.Request) (*forms.Form, error) {
		return forms.New(&forms.EmailField{Options: forms.Options{Name: "email", Required: true}}), nil
	}
	router := urls.NewRouter(
		urls.Path("about/<str:name>/", views.Template(views.TemplateConfig{Template: "about.html"}), "about"),
		urls.Path("about2/<str:name>/", views.Template(views.TemplateConfig{Template: "about.html", Context: func(r *http.Request, data map[string]any) error {
			data["extra"] = "more"
			return nil
		}}), "about2"),
		urls.Path("old/<int:pk>/", views.Redirect(views.RedirectConfig{URL: "/articles/%(pk)s/", Permanent: true}), "old"),
		urls.Path("go/<int:pk>/", views.Redirect(views.RedirectConfig{PatternName: "detail", QueryString: true}), "go"),
		urls.Path("gone/", views.Redirect(views.RedirectConfig{}), "gone"),
		urls.Path("articles/", views.List(views.ListConfig[Article]{DB: dbf, Ordering: []string{"title"}}), "list"),
		urls.Path("paged/", views.List(views.ListConfig[Article]{DB: dbf, Ordering: []string{"title"}, PaginateBy: 2}), "paged"),
		urls.Path("paged/<int:page>/", views.List(views.ListConfig[Article]{DB: dbf, Ordering: []string{"title"}, PaginateBy: 2}), "paged-kw"),
		urls.Path("filtered/", views.List(views.ListConfig[Article]{DB: dbf, NoEmpty: true, QuerySet: func(r *http.Request, qs orm.QuerySet[Article]) (orm.QuerySet[Article], error) {
			return qs.Filter("title__startswith", r.URL.Query().Get("q")), nil
		}}), "filtered"),
		urls.Path("articles/<int:pk>/", views.Detail(views.DetailConfig[Article]{DB: dbf}), "detail"),
		urls.Path("slug/<slug:slug>/", views.Detail(views.DetailConfig[Article]{DB: dbf}), "by-slug"),
		urls.Path("broken/", views.Detail(views.DetailConfig[Article]{DB: dbf}), "broken"),
		urls.Path("new/", views.Create(views.EditConfig[Article]{DB: dbf, Form: modelform.Options{Fields: []string{"title", "slug", "body"}}, SuccessURL: toDetail}), "create"),
		urls.Path("unsafe/", views.Create(views.EditConfig[Article]{DB: dbf}), "unsafe"),
		urls.Path("articles/<int:pk>/edit/", views.Update(views.EditConfig[Article]{DB: dbf, Form: modelform.Options{Fields: []string{"title", "body"}}, SuccessURL: toDetail}), "update"),
		urls.Path("articles/<int:pk>/delete/", views.Delete(views.DeleteConfig[Article]{DB: dbf, SuccessURL: func(*http.Request, *Article) (string, error) { return "/articles/", nil }}), "delete"),
		urls.Path("contact/", views.Form(views.FormConfig{Template: "contact.html", Form: contact, SuccessURL: views.URL("/thanks/")}), "contact"),
	)
	eng := engine{template.New(template.Config{Loader: loader.NewFS(templates)})}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		router.ServeHTTP(w, r.WithContext(httpx.WithTemplates(r.Context(), eng)))
	})
}

type result struct {
	code int
	body string
	hdr  http.Header
}

func do(h http.Handler, method, target string, form url.Values) result {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return result{rec.Code, rec.Body.String(), rec.Header()}
}

func seed(t *testing.T, db *orm.DB, titles ...string) []*Article {
	t.Helper()
	var out []*Article
	for _, ti := range titles {
		a := &Article{Title: ti, Slug: strings.ToLower(strings.ReplaceAll(ti, " ", "-"))}
		if err := orm.Save(context.Background(), db, a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func expect(t *testing.T, what string, got result, code int, contains ...string) {
	t.Helper()
	if got.code != code {
		t.Errorf("%s: status %d, want %d (%s)", what, got.code, code, got.body)
	}
	for _, s := range contains {
		if !strings.Contains(got.body, s) {
			t.Errorf("%s: body lacks %q:\n%s", what, s, got.body)
		}
	}
}

func TestTemplateAndRedirect(t *testing.T) {
	ormtest.Run(t, registry(t), func(t *testing.T, db *orm.DB) {
		h := server(t, db)
		expect(t, "template", do(h, "GET", "/about/ann/", nil), 200, "About ann")
		expect(t, "context hook", do(h, "GET", "/about2/ann/", nil), 200, "About ann more")
		expect(t, "head", do(h, "HEAD", "/about/ann/", nil), 200)
		r := do(h, "POST", "/about/ann/", url.Values{})
		expect(t, "post", r, 405)
		if r.hdr.Get("Allow") != "GET, HEAD, OPTIONS" {
			t.Errorf("Allow %q", r.hdr.Get("Allow"))
		}
		r = do(h, "OPTIONS", "/about/ann/", nil)
		if r.code != 200 || r.hdr.Get("Allow") != "GET, HEAD, OPTIONS" {
			t.Errorf("options %d %q", r.code, r.hdr.Get("Allow"))
		}

		r = do(h, "GET", "/old/7/", nil)
		if r.code != 301 || r.hdr.Get("Location") != "/articles/7/" {
			t.Errorf("permanent redirect %d %q", r.code, r.hdr.Get("Location"))
		}
		r = do(h, "POST", "/go/7/?a=1&b=2", url.Values{})
		if r.code != 302 || r.hdr.Get("Location") != "/articles/7/?a=1&b=2" {
			t.Errorf("pattern redirect %d %q", r.code, r.hdr.Get("Location"))
		}
		expect(t, "gone", do(h, "GET", "/gone/", nil), 410)
	})
}

func TestList(t *testing.T) {
	ormtest.Run(t, registry(t), func(t *testing.T, db *orm.DB) {
		h := server(t, db)
		expect(t, "empty list", do(h, "GET", "/articles/", nil), 200, "paginated=False", "n=0")
		seed(t, db, "Echo", "Alpha", "Delta", "Charlie", "Bravo")
		expect(t, "list", do(h, "GET", "/articles/", nil), 200, "[Alpha][Bravo][Charlie][Delta][Echo] paginated=False n=5")
		expect(t, "page 1", do(h, "GET", "/paged/", nil), 200, "[Alpha][Bravo] paginated=True page=1/3 n=2")
		expect(t, "page 2", do(h, "GET", "/paged/?page=2", nil), 200, "[Charlie][Delta] paginated=True page=2/3")
		// request.GET.get: the last value; a ";" is data (net/url drops the pair).
		expect(t, "last value", do(h, "GET", "/paged/?page=1&page=2", nil), 200, "[Charlie][Delta] paginated=True page=2/3")
		expect(t, "semicolon", do(h, "GET", "/paged/?page=2;x", nil), 404)
		expect(t, "last", do(h, "GET", "/paged/?page=last", nil), 200, "[Echo] paginated=True page=3/3 n=1")
		expect(t, "kwarg page", do(h, "GET", "/paged/3/", nil), 200, "[Echo]")
		expect(t, "not an int", do(h, "GET", "/paged/?page=abc", nil), 404)
		expect(t, "out of range", do(h, "GET", "/paged/?page=9", nil), 404)
		expect(t, "zero", do(h, "GET", "/paged/?page=0", nil), 404)
		expect(t, "queryset hook", do(h, "GET", "/filtered/?q=B", nil), 200, "n=1")
		expect(t, "allow_empty false", do(h, "GET", "/filtered/?q=Z", nil), 404)
		expect(t, "post", do(h, "POST", "/articles/", url.Values{}), 405)
	})
}

func TestDetail(t *testing.T) {
	ormtest.Run(t, registry(t), func(t *testing.T, db *orm.DB) {
		h := server(t, db)
		as := seed(t, db, "Hello World")
		expect(t, "by pk", do(h, "GET", "/articles/1/", nil), 200, "Hello World=Hello World")
		expect(t, "by slug", do(h, "GET", "/slug/"+as[0].Slug+"/", nil), 200, "Hello World=Hello World")
		expect(t, "missing", do(h, "GET", "/articles/99/", nil), 404)
		expect(t, "missing slug", do(h, "GET", "/slug/nope/", nil), 404)
		expect(t, "no pk nor slug", do(h, "GET", "/broken/", nil), 500)
	})
}

func TestCreateUpdateDelete(t *testing.T) {
	ormtest.Run(t, registry(t), func(t *testing.T, db *orm.DB) {
		ctx := context.Background()
		h := server(t, db)
		expect(t, "create form", do(h, "GET", "/new/", nil), 200, `name="title"`, `name="slug"`, `<textarea name="body"`)

		// Bad input re-renders the form with field errors, never a 500.
		bad := do(h, "POST", "/new/", url.Values{"title": {""}, "slug": {"not a slug"}})
		expect(t, "invalid", bad, 200, "This field is required.", "Enter a valid “slug”", `value="not a slug"`)

		r := do(h, "POST", "/new/", url.Values{"title": {"First"}, "slug": {"first"}, "body": {"Text"}})
		if r.code != 302 || r.hdr.Get("Location") != "/articles/1/" {
			t.Fatalf("create: %d %q %s", r.code, r.hdr.Get("Location"), r.body)
		}
		a, err := orm.Objects[Article](db).Get(ctx, orm.Q{"pk": 1})
		if err != nil || a.Title != "First" || a.Body != "Text" {
			t.Fatalf("created %+v %v", a, err)
		}
		expect(t, "duplicate", do(h, "POST", "/new/", url.Values{"title": {"First"}, "slug": {"x"}}), 200, "Article with this Title already exists.")
		expect(t, "no fields", do(h, "GET", "/unsafe/", nil), 500)

		expect(t, "update form", do(h, "GET", "/articles/1/edit/", nil), 200, "editing First", `value="First"`)
		expect(t, "update missing", do(h, "GET", "/articles/9/edit/", nil), 404)
		expect(t, "update invalid", do(h, "POST", "/articles/1/edit/", url.Values{"title": {strings.Repeat("x", 101)}}), 200, "Ensure this value has at most 100 characters (it has 101).")
		r = do(h, "POST", "/articles/1/edit/", url.Values{"title": {"First!"}, "body": {""}})
		if r.code != 302 || r.hdr.Get("Location") != "/articles/1/" {
			t.Fatalf("update: %d %s", r.code, r.body)
		}
		a, _ = orm.Objects[Article](db).Get(ctx, orm.Q{"pk": 1})
		if a.Title != "First!" || a.Body != "" || a.Slug != "first" {
			t.Errorf("updated %+v", a)
		}

		expect(t, "confirm", do(h, "GET", "/articles/1/delete/", nil), 200, "Delete First!?")
		expect(t, "delete missing", do(h, "POST", "/articles/9/delete/", url.Values{}), 404)
		// A protected relation refuses the delete: 409, nothing deleted.
		if err := orm.Save(ctx, db, &Comment{Article: &a, Text: "hi"}); err != nil {
			t.Fatal(err)
		}
		expect(t, "protected", do(h, "POST", "/articles/1/delete/", url.Values{}), 409)
		if _, _, err := orm.Objects[Comment](db).Delete(ctx); err != nil {
			t.Fatal(err)
		}
		r = do(h, "POST", "/articles/1/delete/", url.Values{})
		if r.code != 302 || r.hdr.Get("Location") != "/articles/" {
			t.Fatalf("delete: %d %s", r.code, r.body)
		}
		if n, _ := orm.Objects[Article](db).Count(ctx); n != 0 {
			t.Errorf("%d articles after delete", n)
		}
		expect(t, "put on delete", do(h, "PUT", "/articles/1/delete/", url.Values{}), 405)
	})
}

func TestFormView(t *testing.T) {
	h := server(t, nil)
	expect(t, "form", do(h, "GET", "/contact/", nil), 200, `name="email"`)
	expect(t, "invalid", do(h, "POST", "/contact/", url.Values{"email": {"nope"}}), 200, "Enter a valid email address.")
	r := do(h, "POST", "/contact/", url.Values{"email": {"a@example.com"}})
	if r.code != 302 || r.hdr.Get("Location") != "/thanks/" {
		t.Errorf("valid: %d %q", r.code, r.hdr.Get("Location"))
	}
	expect(t, "delete method", do(h, "DELETE", "/contact/", nil), 405)
}
