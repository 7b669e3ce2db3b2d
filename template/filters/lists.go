package filters

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/djinn-go/djinn/template/value"
)

func addListFilters(m map[string]Filter) {
	m["default"] = Filter{Func: defaultFilter, Arg: RequiredArg}
	m["default_if_none"] = Filter{Func: defaultIfNone, Arg: RequiredArg}
	m["dictsort"] = Filter{Func: dictsort(false), Arg: RequiredArg}
	m["dictsortreversed"] = Filter{Func: dictsort(true), Arg: RequiredArg}
	m["first"] = Filter{Func: func(in any, _ Arg, _ bool) (any, error) { return item(in, 0) }}
	m["last"] = Filter{Func: func(in any, _ Arg, _ bool) (any, error) { return item(in, -1) }, IsSafe: true}
	m["join"] = Filter{Func: join, Arg: RequiredArg, IsSafe: true, NeedsAutoescape: true}
	m["length"] = Filter{Func: length}
	m["random"] = Filter{Func: randomFilter, IsSafe: true}
	m["slice"] = Filter{Func: sliceFilter, Arg: RequiredArg, IsSafe: true}
	m["unordered_list"] = autoescapeOnly("unordered_list", unorderedList)
	m["safeseq"] = Filter{Func: safeseq, IsSafe: true}
	m["escapeseq"] = Filter{Func: escapeseq, IsSafe: true}
	m["yesno"] = Filter{Func: yesno, Arg: OptionalArg}
	m["pprint"] = Filter{Func: func(in any, _ Arg, _ bool) (any, error) { return pformat(in), nil }, IsSafe: true}
	m["json_script"] = Filter{Func: jsonScript, Arg: OptionalArg, IsSafe: true}
}

func defaultFilter(in any, arg Arg, _ bool) (any, error) {
	if value.Truthy(in) {
		return in, nil
	}
	return arg.Value, nil
}

func defaultIfNone(in any, arg Arg, _ bool) (any, error) {
	if in == nil || isNilPointer(in) {
		return arg.Value, nil
	}
	return in, nil
}

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// isSequence reports values Python would index with an integer: slices,
// arrays (not strings or maps).
func isSequence(v any) bool {
	if v == nil {
		return false
	}
	switch v.(type) {
	case value.Tuple, value.KeysView, value.ValuesView, value.ItemsView:
		return false
	}
	k := reflect.ValueOf(v).Kind()
	if k == reflect.Slice {
		return reflect.TypeOf(v).Elem().Kind() != reflect.Uint8
	}
	return k == reflect.Array
}

// item returns v[i] like Python: "" when out of range, an error for values
// that cannot be indexed.
func item(v any, i int) (any, error) {
	if s, ok := indexable(v); ok {
		rs := []rune(s)
		if i < 0 {
			i += len(rs)
		}
		if i < 0 || i >= len(rs) {
			return "", nil
		}
		return string(rs[i]), nil
	}
	if _, ok := v.(value.Tuple); ok || isSequence(v) {
		items, _ := value.Iterate(v)
		if i < 0 {
			i += len(items)
		}
		if i < 0 || i >= len(items) {
			return "", nil
		}
		return items[i], nil
	}
	if _, isDict := v.(*value.Dict); isDict || v != nil && reflect.ValueOf(v).Kind() == reflect.Map {
		return nil, fmt.Errorf("key %d: %w", i, value.ErrIndex)
	}
	return nil, fmt.Errorf("'%s' object is not subscriptable: %w", value.TypeName(v), value.ErrType)
}

// dictsort sorts a list of maps or objects by the value at a dotted path
// (or by an index when the argument is a number). Like Django it returns ""
// when the input is not a list, a path does not resolve or the keys cannot
// be ordered, and fails when an index or a numeric key is missing.
func dictsort(reverse bool) func(any, Arg, bool) (any, error) {
	return func(in any, arg Arg, _ bool) (any, error) {
		// Django resolves the argument before looking at the value, so a
		// bad argument ("") fails even for a value that is not a list.
		keyOf, err := propertyResolver(arg.Value)
		if err != nil {
			return silent(err)
		}
		items, ok := value.Iterate(in)
		if !ok || in == nil {
			return "", nil
		}
		keys := make([]any, len(items))
		for i, it := range items {
			k, err := keyOf(it)
			if err != nil {
				return silent(err)
			}
			keys[i] = k
		}
		idx := make([]int, len(items))
		for i := range idx {
			idx[i] = i
		}
		comparable := true
		slices.SortStableFunc(idx, func(a, b int) int {
			c, ok := value.Compare(keys[a], keys[b])
			if !ok {
				comparable = false
			}
			if reverse {
				return -c
			}
			return c
		})
		if !comparable {
			return "", nil
		}
		out := make([]any, len(items))
		for i, j := range idx {
			out[i] = items[j]
		}
		return out, nil
	}
}

// errSortSilently marks the failures dictsort turns into "" (Django catches
// AttributeError and TypeError there); other errors propagate.
var errSortSilently = errors.New("dictsort: no usable key")

func silent(err error) (any, error) {
	if errors.Is(err, errSortSilently) {
		return "", nil
	}
	return nil, err
}

// propertyResolver returns the key function of dictsort. A number, or a
// string Python's float() accepts, is an index or key (Python's
// itemgetter): a missing map key or a list index out of range is an error,
// indexing what cannot be indexed that way is silent. Any other string is a
// dotted path of map keys and attributes (never list indexes); paths
// touching names that start with '_' are refused.
func propertyResolver(arg any) (func(any) (any, error), error) {
	if n, ok := numberOf(arg); ok {
		return func(v any) (any, error) { return itemAt(v, n) }, nil
	}
	path, ok := stringKind(arg)
	if !ok {
		return nil, errSortSilently
	}
	if _, err := pyFloat(path); err == nil {
		return func(v any) (any, error) {
			if isMapping(v) {
				if x, ok := value.Lookup(v, path); ok {
					return x, nil
				}
				return nil, fmt.Errorf("KeyError: %s: %w", value.Repr(path), value.ErrIndex)
			}
			return nil, errSortSilently
		}, nil
	}
	if path == "" {
		return nil, fmt.Errorf("string index out of range: %w", value.ErrIndex)
	}
	if strings.HasPrefix(path, "_") || strings.Contains(path, "._") {
		return nil, errSortSilently
	}
	parts := strings.Split(path, ".")
	return func(v any) (any, error) {
		for _, p := range parts {
			if _, isStr := stringKind(v); isStr || v == nil || isSequence(v) {
				return nil, errSortSilently
			}
			if _, ok := v.(value.Tuple); ok {
				return nil, errSortSilently
			}
			x, ok := value.Lookup(v, p)
			if !ok {
				return nil, errSortSilently
			}
			v = x
		}
		return v, nil
	}, nil
}

func isMapping(v any) bool {
	if _, ok := v.(*value.Dict); ok {
		return true
	}
	return v != nil && reflect.ValueOf(v).Kind() == reflect.Map
}

// itemAt is Python's v[n] for dictsort's itemgetter: strings and lists by
// an integer (IndexError when out of range), maps by key (KeyError when
// missing); other combinations are a TypeError, which dictsort ignores.
func itemAt(v any, n num) (any, error) {
	if isMapping(v) {
		key := strconv.FormatInt(n.I, 10)
		if n.IsFloat {
			key = value.ToString(n.F)
		} else {
			if x, ok := value.Lookup(v, key); ok && !stringKeyed(v) {
				return x, nil
			}
		}
		return nil, fmt.Errorf("KeyError: %s: %w", key, value.ErrIndex)
	}
	if n.IsFloat {
		return nil, errSortSilently
	}
	var items []any
	if s, ok := stringKind(v); ok {
		for _, r := range s {
			items = append(items, string(r))
		}
	} else if _, ok := v.(value.Tuple); ok || isSequence(v) {
		items, _ = value.Iterate(v)
	} else {
		return nil, errSortSilently
	}
	i := n.I
	if i < 0 {
		i += int64(len(items))
	}
	if i < 0 || i >= int64(len(items)) {
		return nil, fmt.Errorf("list index out of range: %w", value.ErrIndex)
	}
	return items[i], nil
}

// stringKeyed reports maps whose keys are strings: an integer is never
// one of their keys.
func stringKeyed(v any) bool {
	if _, ok := v.(*value.Dict); ok {
		return true
	}
	return reflect.TypeOf(v).Key().Kind() == reflect.String
}

// join joins the items with the argument. With autoescape on both are
// conditionally escaped; with it off (Django 5.0+) neither is, and an
// argument that is not a string fails as Python's arg.join would.
func join(in any, arg Arg, autoescape bool) (any, error) {
	if _, ok := stringKind(arg.Value); !ok && !autoescape {
		return nil, fmt.Errorf("'%s' object has no attribute 'join': %w", value.TypeName(arg.Value), value.ErrAttribute)
	}
	items, ok := value.Iterate(in)
	if !ok || in == nil {
		return in, nil
	}
	sep := arg.Value
	parts := make([]string, len(items))
	if autoescape {
		for i, it := range items {
			parts[i] = value.ConditionalEscape(it)
		}
		return value.SafeString(strings.Join(parts, value.ConditionalEscape(sep))), nil
	}
	for i, it := range items {
		s, ok := stringKind(it)
		if !ok {
			return in, nil
		}
		parts[i] = s
	}
	return value.SafeString(strings.Join(parts, value.ToString(sep))), nil
}

func length(in any, _ Arg, _ bool) (any, error) {
	n, _ := value.Len(in)
	return n, nil
}

func randomFilter(in any, _ Arg, _ bool) (any, error) {
	// random.choice indexes its argument: dict views cannot be indexed,
	// and a dict (string keys) has no key 0, 1, ….
	switch in.(type) {
	case value.KeysView, value.ValuesView, value.ItemsView:
		return nil, fmt.Errorf("'%s' object is not subscriptable: %w", value.TypeName(in), value.ErrType)
	}
	if n, isMap := stringKeyedLen(in); isMap {
		if n == 0 {
			return nil, fmt.Errorf("cannot choose from an empty sequence: %w", value.ErrIndex)
		}
		return nil, fmt.Errorf("KeyError: %w", value.ErrIndex)
	}
	items, ok := value.Iterate(in)
	if !ok || in == nil {
		return nil, fmt.Errorf("random of %s: %w", value.TypeName(in), value.ErrType)
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("cannot choose from an empty sequence: %w", value.ErrIndex)
	}
	return items[rand.IntN(len(items))], nil
}

// stringKeyedLen reports the length of a dict with string keys.
func stringKeyedLen(v any) (int, bool) {
	if d, ok := v.(*value.Dict); ok && d != nil {
		return d.Len(), true
	}
	if v == nil {
		return 0, false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Map && rv.Type().Key().Kind() == reflect.String {
		return rv.Len(), true
	}
	return 0, false
}

// sliceFilter applies a Python slice written "start:stop:step" to a string
// or list; a bad argument or an unsliceable value returns the value.
func sliceFilter(in any, arg Arg, _ bool) (any, error) {
	bits := strings.Split(value.ToString(arg.Value), ":")
	if len(bits) > 3 {
		return in, nil
	}
	var idx [3]*int
	for i, b := range bits {
		if b == "" {
			continue
		}
		n, err := parseInt(b)
		if err != nil {
			return in, nil
		}
		v := clampInt(n)
		idx[i] = &v
	}
	if len(bits) == 1 {
		// slice(x) is slice(None, x)
		idx[0], idx[1] = nil, idx[0]
	}
	if idx[2] != nil && *idx[2] == 0 {
		return in, nil
	}
	if s, ok := indexable(in); ok {
		rs := []rune(s)
		var out []rune
		for _, i := range pySlice(len(rs), idx) {
			out = append(out, rs[i])
		}
		return string(out), nil
	}
	if !isSequence(in) {
		if _, ok := in.(value.Tuple); !ok {
			return in, nil
		}
	}
	items, _ := value.Iterate(in)
	out := []any{}
	for _, i := range pySlice(len(items), idx) {
		out = append(out, items[i])
	}
	return out, nil
}

// pySlice returns the indexes Python's slice(start, stop, step) selects
// from a sequence of length n.
func pySlice(n int, idx [3]*int) []int {
	step := 1
	if idx[2] != nil {
		step = *idx[2]
	}
	clamp := func(p *int, def, lo, hi int) int {
		if p == nil {
			return def
		}
		v := *p
		if v < 0 {
			v += n
		}
		return min(max(v, lo), hi)
	}
	var out []int
	if step > 0 {
		start, stop := clamp(idx[0], 0, 0, n), clamp(idx[1], n, 0, n)
		for i := start; i < stop; i += step {
			out = append(out, i)
		}
	} else {
		start, stop := clamp(idx[0], n-1, -1, n-1), clamp(idx[1], -1, -1, n-1)
		if idx[1] != nil && *idx[1] < 0 && *idx[1]+n < 0 {
			stop = -1
		}
		for i := start; i > stop; i += step {
			out = append(out, i)
		}
	}
	return out
}

func safeseq(in any, _ Arg, _ bool) (any, error) {
	items, ok := value.Iterate(in)
	if !ok || in == nil {
		return nil, fmt.Errorf("'%s' object is not iterable: %w", value.TypeName(in), value.ErrType)
	}
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = value.SafeString(value.ToString(it))
	}
	return out, nil
}

func escapeseq(in any, _ Arg, _ bool) (any, error) {
	items, ok := value.Iterate(in)
	if !ok || in == nil {
		return nil, fmt.Errorf("'%s' object is not iterable: %w", value.TypeName(in), value.ErrType)
	}
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = value.SafeString(value.ConditionalEscape(it))
	}
	return out, nil
}

// unorderedList renders nested lists as <li> items: an item followed by a
// list has that list as its sub-list.
func unorderedList(in any, _ Arg, autoescape bool) (any, error) {
	esc := value.ToString
	if autoescape {
		esc = value.ConditionalEscape
	}
	var format func(items []any, tabs int, depth int) string
	format = func(items []any, tabs int, depth int) string {
		indent := strings.Repeat("\t", tabs)
		var out []string
		for i := 0; i < len(items); i++ {
			it := items[i]
			var children []any
			if i+1 < len(items) && depth < 100 {
				if next := items[i+1]; isListLike(next) {
					children, _ = value.Iterate(next)
					i++
				}
			}
			sub := ""
			if len(children) > 0 {
				sub = fmt.Sprintf("\n%s<ul>\n%s\n%s</ul>\n%s", indent, format(children, tabs+1, depth+1), indent, indent)
			}
			out = append(out, fmt.Sprintf("%s<li>%s%s</li>", indent, esc(it), sub))
		}
		return strings.Join(out, "\n")
	}
	items, ok := value.Iterate(in)
	if !ok || in == nil {
		return nil, fmt.Errorf("'%s' object is not iterable: %w", value.TypeName(in), value.ErrType)
	}
	return value.SafeString(format(items, 1, 0)), nil
}

func isListLike(v any) bool {
	if _, ok := v.(value.Tuple); ok {
		return true
	}
	return isSequence(v)
}

// yesno maps true, false and None to the words of "yes,no,maybe" (or the
// argument); with two words None maps to the second.
func yesno(in any, arg Arg, _ bool) (any, error) {
	a := "yes,no,maybe"
	if arg.Value != nil {
		var ok bool
		if a, ok = indexable(arg.Value); !ok {
			return nil, fmt.Errorf("'%s' object has no attribute 'split': %w", value.TypeName(arg.Value), value.ErrAttribute)
		}
	}
	bits := strings.Split(a, ",")
	if len(bits) < 2 {
		return in, nil
	}
	yes, no, maybe := bits[0], bits[1], bits[1]
	if len(bits) == 3 {
		maybe = bits[2]
	}
	switch {
	case in == nil:
		return maybe, nil
	case value.Truthy(in):
		return yes, nil
	}
	return no, nil
}
