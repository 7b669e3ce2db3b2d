// Package urls is Djinn's URL resolver: Django's path()/re_path()/include()
// URL configuration, resolving a path to a view, and reversing a URL name to
// a path.
//
// A configuration is a [Router] built from [Pattern] values:
//
//	blog := urls.Patterns{
//		urls.Path("", httpx.HandlerFunc(index), "index"),
//		urls.Path("<slug:slug>/", httpx.HandlerFunc(post), "post"),
//	}
//	r := urls.NewRouter(
//		urls.Path("", httpx.HandlerFunc(home), "home"),
//		urls.Path("articles/<int:year>/", httpx.HandlerFunc(archive), "article-year"),
//		urls.RePath(`^legacy/(?P<id>[0-9]+)/$`, legacyHandler, "legacy"),
//		urls.Include("blog/", blog, "blog", "blog"),
//	)
//	if err := r.Err(); err != nil { … } // bad patterns, at startup
//	http.ListenAndServe(":8000", r)
//
// Patterns are tried in order and the first match wins, exactly as in
// Django. Routes use the converters int, str, slug, uuid and path, plus the
// ones registered on the router with [Router.RegisterConverter]. A view is
// any [http.Handler], httpx.HandlerFunc included; it finds its arguments
// in the [Match] that [MatchFrom] returns, and captured parameters also as
// r.PathValue(name):
//
//	func archive(w http.ResponseWriter, r *http.Request) error {
//		year, _ := urls.MatchFrom(r.Context()).Kwarg("year")
//		…
//	}
//
// [Router.Resolve] is Django's resolve(): it returns the [Match] (view,
// args, kwargs, URL name, namespaces, route) or a [*NotFoundError], which
// is a 404 for httpx and lists the patterns tried for the debug page.
//
// [Router.Reverse] is Django's reverse(): namespaced names ("blog:post"),
// application namespaces with the current application and the default
// instance, converters' ToURL, and Django's percent-encoding. It satisfies
// the template engine's Reverser interface. In views, [ReverseCtx] and
// [Redirect] reverse with the router serving the request.
//
// Regular expressions are written in Python's syntax and run by Go's RE2
// engine: named groups, classes, quantifiers and flags i, m, s, a work;
// a pattern with backreferences ((?P=name), \1) runs on a bounded
// backtracking matcher instead; look-arounds, atomic groups, possessive
// quantifiers, conditionals and verbose mode do not work, and such a
// pattern is reported by [Router.Check]. See docs/routing.md for the
// differences from Django.
package urls
