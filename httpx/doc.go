// Package httpx adapts error-returning views to net/http and turns errors into
// responses.
//
// A view in Djinn is an ordinary Go function that returns an error:
//
//	func detail(w http.ResponseWriter, r *http.Request) error {
//		q, err := findQuestion(r.Context(), r.PathValue("id"))
//		if err != nil {
//			return err
//		}
//		if q == nil {
//			return httpx.NotFound("no question with that id")
//		}
//		return httpx.HTML(w, http.StatusOK, render(q))
//	}
//
//	mux.Handle("/q/{id}/", httpx.HandlerFunc(detail))
//
// # Errors
//
// [HandlerFunc] implements [http.Handler]. When the view returns an error, the
// [ErrorRenderer] carried by the request's context (see [WithRenderer]) writes
// the response; without one, [Renderer] with its zero value is used, which
// writes a plain page and never reveals the error's text for a 500.
//
// The status comes from the error: an [*Error] (built by [NotFound],
// [BadRequest], [PermissionDenied], [MethodNotAllowed], [Gone] or [NewError]),
// or any error in the chain with a method HTTPStatus() int. Everything else is
// a 500, logged with the request id.
//
// # The request's values
//
// The error renderer, the template renderer ([WithTemplates], for [Render])
// and the request id ([WithRequestID], [RequestID]) travel in the request's
// context. A stack that owns its requests keeps them in one [Scope] per
// request (djinn's App does, through middleware.Renderers) instead of a
// context value each; the With functions keep working below it, the
// nearest value winning.
//
// # Responses
//
// [HTML], [Text], [JSON], [Redirect], [File] and [Stream] write common
// responses; [NotModified] implements conditional GET for a view that knows its
// ETag or modification time.
package httpx
