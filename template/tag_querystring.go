package template

import (
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strings"

	"github.com/djinn-go/djinn/internal/querydict"
	"github.com/djinn-go/djinn/template/value"
)

// {% querystring %} (Django 5.1+) builds a query string from the current
// request's query (or from the mappings given as positional arguments),
// with keyword arguments replacing parameters: None removes one, a list
// sets several values. The result always starts with "?". Parameters keep
// the order of the request's query, as Django's QueryDict does; new ones
// come last.

type queryStringNode struct {
	at
	args tagArgs
}

func tagQueryString(p *Parser, t Token) (Node, error) {
	n := &queryStringNode{}
	if err := n.args.parse(p, t.SplitContents()[1:], true); err != nil {
		return nil, err
	}
	return n, nil
}

func (n *queryStringNode) Render(w *Buffer, c *Context) error {
	args, _, err := n.args.resolve(c)
	if err != nil {
		return err
	}
	var params orderedQuery
	if len(args) == 0 {
		if r := c.Request(); r != nil && r.URL != nil {
			// request.GET: the raw query read as Django's QueryDict reads
			// it, in its order.
			querydict.Each(querydict.Text([]byte(r.URL.RawQuery)), params.add)
		}
	}
	for _, a := range args {
		mergeQuery(&params, a)
	}
	for _, kv := range n.args.kwargs {
		v, err := kv.e.Resolve(c)
		if err != nil {
			return err
		}
		switch {
		case v == nil:
			params.del(kv.name)
		case isList(v):
			params.set(kv.name, listStrings(v))
		default:
			params.set(kv.name, []string{value.ToString(v)})
		}
	}
	out := "?" + params.encode()
	if n.args.asvar != "" {
		c.Set(n.args.asvar, out)
		return nil
	}
	w.WriteValue(out, c.autoescape)
	return nil
}

// orderedQuery is a QueryDict: names in the order they first came, each
// with its values. Setting a name keeps its place; a new one goes last.
type orderedQuery struct {
	names  []string
	values map[string][]string
}

func (q *orderedQuery) add(name, v string) {
	if _, ok := q.values[name]; !ok {
		q.set(name, nil)
	}
	q.values[name] = append(q.values[name], v)
}

func (q *orderedQuery) set(name string, vs []string) {
	if q.values == nil {
		q.values = map[string][]string{}
	}
	if _, ok := q.values[name]; !ok {
		q.names = append(q.names, name)
	}
	q.values[name] = vs
}

func (q *orderedQuery) del(name string) {
	if _, ok := q.values[name]; ok {
		delete(q.values, name)
		q.names = slices.DeleteFunc(q.names, func(n string) bool { return n == name })
	}
}

// encode is QueryDict.urlencode(): each value as name=value, escaped as
// Python's quote_plus escapes them.
func (q *orderedQuery) encode() string {
	var b strings.Builder
	for _, name := range q.names {
		for _, v := range q.values[name] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(name))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	return b.String()
}

func listStrings(v any) []string {
	seq := iterate(v)
	vals := make([]string, seq.n)
	for i := range vals {
		vals[i] = value.ToString(seq.at(i))
	}
	return vals
}

func isList(v any) bool {
	switch v.(type) {
	case string, value.SafeString, []byte:
		return false
	}
	k := reflect.ValueOf(v).Kind()
	return k == reflect.Slice || k == reflect.Array
}

// mergeQuery sets the parameters of a mapping in params. Go maps have no
// order: their names are taken sorted. A string is a query string, read
// as QueryDict reads one, in its order.
func mergeQuery(params *orderedQuery, m any) {
	switch x := m.(type) {
	case url.Values:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			params.set(k, slices.Clone(x[k]))
		}
	case map[string][]string:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			params.set(k, slices.Clone(x[k]))
		}
	case map[string]string:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			params.set(k, []string{x[k]})
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if v := x[k]; isList(v) {
				params.set(k, listStrings(v))
			} else {
				params.set(k, []string{value.ToString(v)})
			}
		}
	case string:
		var q orderedQuery
		querydict.Each(querydict.Text([]byte(x)), q.add)
		for _, k := range q.names {
			params.set(k, q.values[k])
		}
	}
}
