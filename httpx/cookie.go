package httpx

import (
	"net/http"
	"net/textproto"
	"strings"
)

// Cookie returns the raw value of the first cookie called name in r's
// Cookie headers, split on ";" and trimmed as net/http splits them, without
// allocating (r.Cookie parses and allocates every cookie of the header).
// Unlike r.Cookie it neither validates nor unquotes the value: callers
// check its format themselves.
func Cookie(r *http.Request, name string) (string, bool) {
	for _, line := range r.Header["Cookie"] {
		for part := range strings.SplitSeq(line, ";") {
			k, v, _ := strings.Cut(textproto.TrimString(part), "=")
			if k == name {
				return v, true
			}
		}
	}
	return "", false
}
