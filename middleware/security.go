package middleware

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// SecurityConfig configures [Security], Django's SecurityMiddleware. Start
// from [NewSecurityConfig], which holds Django's defaults; the zero value
// turns every header off.
type SecurityConfig struct {
	// ContentTypeNosniff is SECURE_CONTENT_TYPE_NOSNIFF: send
	// "X-Content-Type-Options: nosniff". Default true.
	ContentTypeNosniff bool
	// ReferrerPolicy is SECURE_REFERRER_POLICY: one or more comma-separated
	// policies for the Referrer-Policy header; "" sends none. Default
	// "same-origin".
	ReferrerPolicy string
	// CrossOriginOpenerPolicy is SECURE_CROSS_ORIGIN_OPENER_POLICY:
	// "same-origin", "same-origin-allow-popups" or "unsafe-none"; "" sends
	// no header. Default "same-origin".
	CrossOriginOpenerPolicy string
	// HSTSSeconds is SECURE_HSTS_SECONDS: when positive, HTTPS responses
	// carry Strict-Transport-Security with this max-age. Default 0.
	HSTSSeconds int
	// HSTSIncludeSubdomains adds includeSubDomains to the HSTS header.
	HSTSIncludeSubdomains bool
	// HSTSPreload adds preload to the HSTS header.
	HSTSPreload bool
	// SSLRedirect is SECURE_SSL_REDIRECT: answer plain-HTTP requests with a
	// 301 to the same URL over HTTPS.
	SSLRedirect bool
	// SSLHost is SECURE_SSL_HOST: the host of those redirects; "" keeps
	// the request's (validated) host.
	SSLHost string
	// RedirectExempt is SECURE_REDIRECT_EXEMPT: regular expressions (Go
	// syntax) searched in the path without its leading slashes; a match is
	// not redirected to HTTPS.
	RedirectExempt []string
	// ProxySSLHeader and ProxySSLValue are SECURE_PROXY_SSL_HEADER: a
	// request whose header ProxySSLHeader (e.g. "X-Forwarded-Proto"; the
	// Django spelling "HTTP_X_FORWARDED_PROTO" is accepted) has
	// ProxySSLValue (e.g. "https") as its first comma-separated value is
	// secure; when the header is absent the connection decides. Set them
	// only behind a proxy that overwrites that header.
	ProxySSLHeader string
	ProxySSLValue  string
}

// NewSecurityConfig returns Django's defaults: nosniff, Referrer-Policy and
// Cross-Origin-Opener-Policy "same-origin", no HSTS, no redirect.
func NewSecurityConfig() SecurityConfig {
	return SecurityConfig{
		ContentTypeNosniff:      true,
		ReferrerPolicy:          "same-origin",
		CrossOriginOpenerPolicy: "same-origin",
	}
}

// ReferrerPolicies are the values Referrer-Policy accepts.
var referrerPolicies = []string{
	"no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin",
	"same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url",
}

var openerPolicies = []string{"same-origin", "same-origin-allow-popups", "unsafe-none"}

// ErrInvalidConfig is matched by the errors of a middleware's configuration.
var ErrInvalidConfig = errors.New("invalid middleware configuration")

// Validate checks the configuration (Django's checks security.E023 and
// E024, and the exemption patterns).
func (c SecurityConfig) Validate() error {
	var errs []error
	if c.ReferrerPolicy != "" {
		for p := range strings.SplitSeq(c.ReferrerPolicy, ",") {
			if p = strings.TrimSpace(p); !slices.Contains(referrerPolicies, p) {
				errs = append(errs, fmt.Errorf("%w: referrer policy %q is not one of %s", ErrInvalidConfig, p, strings.Join(referrerPolicies, ", ")))
			}
		}
	}
	if c.CrossOriginOpenerPolicy != "" && !slices.Contains(openerPolicies, c.CrossOriginOpenerPolicy) {
		errs = append(errs, fmt.Errorf("%w: cross-origin opener policy %q is not one of %s", ErrInvalidConfig, c.CrossOriginOpenerPolicy, strings.Join(openerPolicies, ", ")))
	}
	if c.HSTSSeconds < 0 {
		errs = append(errs, fmt.Errorf("%w: hsts seconds must not be negative", ErrInvalidConfig))
	}
	if (c.ProxySSLHeader == "") != (c.ProxySSLValue == "") {
		errs = append(errs, fmt.Errorf("%w: proxy ssl header needs both a name and a value", ErrInvalidConfig))
	}
	for _, p := range c.RedirectExempt {
		if _, err := regexp.Compile(p); err != nil {
			errs = append(errs, fmt.Errorf("%w: redirect exempt pattern %q: %w", ErrInvalidConfig, p, err))
		}
	}
	return errors.Join(errs...)
}

// Security is Django's SecurityMiddleware. It decides whether the request is
// secure (see [IsSecure]), redirects plain HTTP to HTTPS when SSLRedirect is
// on, and sets the headers of [SecurityConfig] — before the handler runs, so
// that a header the view sets itself wins and is never overwritten. HSTS
// goes on secure responses only. It fails when cfg does not [SecurityConfig.Validate].
func Security(cfg SecurityConfig) (func(http.Handler) http.Handler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	var referrer string
	if cfg.ReferrerPolicy != "" {
		parts := strings.Split(cfg.ReferrerPolicy, ",")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		referrer = strings.Join(parts, ",")
	}
	// The header values are made once and shared by every response:
	// net/http copies values when it clones a header, and an Add to a
	// full slice appends into a new array, so no response can change
	// another's.
	var headers []headerValue
	if cfg.ContentTypeNosniff {
		headers = append(headers, headerValue{"X-Content-Type-Options", []string{"nosniff"}})
	}
	if referrer != "" {
		headers = append(headers, headerValue{"Referrer-Policy", []string{referrer}})
	}
	if cfg.CrossOriginOpenerPolicy != "" {
		headers = append(headers, headerValue{"Cross-Origin-Opener-Policy", []string{cfg.CrossOriginOpenerPolicy}})
	}
	var hsts []string
	if cfg.HSTSSeconds > 0 {
		v := "max-age=" + strconv.Itoa(cfg.HSTSSeconds)
		if cfg.HSTSIncludeSubdomains {
			v += "; includeSubDomains"
		}
		if cfg.HSTSPreload {
			v += "; preload"
		}
		hsts = []string{v}
	}
	exempt := make([]*regexp.Regexp, len(cfg.RedirectExempt))
	for i, p := range cfg.RedirectExempt {
		exempt[i] = regexp.MustCompile(p) // checked by Validate
	}
	proxyHeader := cfg.ProxySSLHeader
	if rest, ok := strings.CutPrefix(proxyHeader, "HTTP_"); ok {
		proxyHeader = strings.ReplaceAll(rest, "_", "-")
	}
	proxyHeader = http.CanonicalHeaderKey(proxyHeader)
	secure := func(r *http.Request) bool {
		if proxyHeader != "" {
			if v, ok := r.Header[proxyHeader]; ok && len(v) > 0 {
				first, _, _ := strings.Cut(v[0], ",")
				return strings.TrimSpace(first) == cfg.ProxySSLValue
			}
		}
		return r.TLS != nil
	}
	return func(next http.Handler) http.Handler {
		return &security{next: next, cfg: cfg, headers: headers, hsts: hsts, exempt: exempt, secure: secure}
	}, nil
}

// security is Security's handler (see renderers for why a type).
type security struct {
	next    http.Handler
	cfg     SecurityConfig
	headers []headerValue
	hsts    []string
	exempt  []*regexp.Regexp
	secure  func(*http.Request) bool
}

func (s *security) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r, ok := s.apply(w, r); ok {
		s.next.ServeHTTP(w, r)
	}
}

// apply sets the headers; when it redirects to HTTPS, ok is false.
//
//go:noinline
func (s *security) apply(w http.ResponseWriter, r *http.Request) (_ *http.Request, ok bool) {
	in, r := requestInfo(r)
	isSecure := s.secure(r)
	in.secure = 1
	if isSecure {
		in.secure = 2
	}
	h := w.Header()
	for _, kv := range s.headers {
		h[kv.key] = kv.value
	}
	if s.hsts != nil && isSecure {
		h["Strict-Transport-Security"] = s.hsts
	}
	if s.cfg.SSLRedirect && !isSecure && !redirectExempt(s.exempt, r.URL.Path) {
		host := s.cfg.SSLHost
		if host == "" {
			host = hostOf(r)
		}
		h["Location"] = []string{"https://" + host + fullPath(r, false)}
		w.WriteHeader(http.StatusMovedPermanently)
		return r, false
	}
	return r, true
}

// headerValue is a header set by a middleware: a canonical key and its
// shared value.
type headerValue struct {
	key   string
	value []string
}

func redirectExempt(exempt []*regexp.Regexp, path string) bool {
	path = strings.TrimLeft(path, "/")
	for _, re := range exempt {
		if re.MatchString(path) {
			return true
		}
	}
	return false
}

// fullPath is Django's request.get_full_path(): the escaped path, with a
// slash appended when asked, and the query string.
func fullPath(r *http.Request, appendSlash bool) string {
	p := r.URL.EscapedPath()
	if p == "" {
		p = "/"
	}
	if appendSlash && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	if r.URL.RawQuery != "" {
		p += "?" + r.URL.RawQuery
	}
	return p
}
