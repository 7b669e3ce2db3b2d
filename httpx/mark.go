package httpx

import "net/http"

// HandlerMarked reports whether marked holds for h or for a handler h wraps.
// View marks (csrf.Exempt, auth.LoginNotRequired) are wrapper types with an
// Unwrap() http.Handler method, so that one mark never hides another, as
// Django's view attributes survive other decorators. The walk stops after
// 32 wrappers, against a cycle.
func HandlerMarked(h http.Handler, marked func(http.Handler) bool) bool {
	for range 32 {
		if h == nil {
			return false
		}
		if marked(h) {
			return true
		}
		u, ok := h.(interface{ Unwrap() http.Handler })
		if !ok {
			return false
		}
		h = u.Unwrap()
	}
	return false
}
