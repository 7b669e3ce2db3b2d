package httpx

import (
	"net/http"
	"net/url"

	"github.com/djinn-go/djinn/internal/querydict"
)

// Query returns the request's query-string parameters as Django's
// request.GET reads them. It differs from r.URL.Query():
//   - "&" is the only separator, and a ";" is data;
//   - a malformed "%" escape is kept as it is, where net/url drops its pair;
//   - escaped bytes that are not UTF-8 become U+FFFD, and a query whose
//     raw bytes are not UTF-8 is read as Latin-1.
//
// Each call parses the query again; keep the result when reading several
// parameters. Django's DATA_UPLOAD_MAX_NUMBER_FIELDS is not applied: the
// query is as long as the server's header limit lets it be.
func Query(r *http.Request) url.Values {
	if r.URL == nil || r.URL.RawQuery == "" {
		return url.Values{}
	}
	return querydict.Parse(querydict.Text([]byte(r.URL.RawQuery)))
}

// QueryGet returns the last value of the query-string parameter name, as
// Django's request.GET.get(name) does, or "" when there is none. (url.Values'
// Get returns the first.)
func QueryGet(r *http.Request, name string) string {
	if r.URL == nil || r.URL.RawQuery == "" {
		return ""
	}
	v := ""
	querydict.Each(querydict.Text([]byte(r.URL.RawQuery)), func(k, val string) {
		if k == name {
			v = val
		}
	})
	return v
}
