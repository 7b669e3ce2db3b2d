package middleware

import (
	"net/http"
	"strings"
)

// ClickjackingConfig configures [Clickjacking], Django's
// XFrameOptionsMiddleware. The zero value sends "X-Frame-Options: DENY".
type ClickjackingConfig struct {
	// XFrameOptions is X_FRAME_OPTIONS: "DENY" (the default when empty) or
	// "SAMEORIGIN", in any case. Any other value is treated as DENY.
	XFrameOptions string
}

const xFrameOptions = "X-Frame-Options"

var (
	xFrameDenyValue       = []string{"DENY"}
	xFrameSameOriginValue = []string{"SAMEORIGIN"}
)

// Clickjacking sets X-Frame-Options on every response so that browsers
// refuse to show the site in a frame of another site. The header is set
// before the handler runs: a view that sets its own value, or is wrapped in
// [XFrameSameOrigin], [XFrameDeny] or [XFrameExempt], wins.
func Clickjacking(cfg ClickjackingConfig) func(http.Handler) http.Handler {
	// Shared by every response (see Security).
	value := xFrameDenyValue
	if strings.EqualFold(cfg.XFrameOptions, "SAMEORIGIN") {
		value = xFrameSameOriginValue
	}
	return func(next http.Handler) http.Handler {
		return &clickjacking{next: next, value: value}
	}
}

type clickjacking struct {
	next  http.Handler
	value []string
}

func (h *clickjacking) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header()[xFrameOptions] = h.value
	h.next.ServeHTTP(w, r)
}

// XFrameExempt is Django's xframe_options_exempt: the responses of h carry
// no X-Frame-Options header (unless h sets one), so that they may be framed
// by any site. It works by removing the header [Clickjacking] set before h
// runs, so h must be below Clickjacking.
func XFrameExempt(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		delete(w.Header(), xFrameOptions)
		h.ServeHTTP(w, r)
	})
}

// XFrameSameOrigin is Django's xframe_options_sameorigin: the responses of h
// carry "X-Frame-Options: SAMEORIGIN" (unless h sets another value), with
// or without [Clickjacking] in the chain.
func XFrameSameOrigin(h http.Handler) http.Handler { return xFrame(h, xFrameSameOriginValue) }

// XFrameDeny is Django's xframe_options_deny: the responses of h carry
// "X-Frame-Options: DENY" (unless h sets another value), with or without
// [Clickjacking] in the chain.
func XFrameDeny(h http.Handler) http.Handler { return xFrame(h, xFrameDenyValue) }

func xFrame(h http.Handler, value []string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()[xFrameOptions] = value
		h.ServeHTTP(w, r)
	})
}
