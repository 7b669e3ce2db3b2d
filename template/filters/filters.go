package filters

import (
	"fmt"
	"time"

	"github.com/djinn-go/djinn/template/value"
)

// ArgMode says whether a filter takes an argument.
type ArgMode int

const (
	// NoArg filters take no argument ({{ v|upper }}); giving one is a syntax error.
	NoArg ArgMode = iota
	// OptionalArg filters may take an argument ({{ v|date }}, {{ v|date:"Y" }}).
	OptionalArg
	// RequiredArg filters must take an argument ({{ v|add:1 }}).
	RequiredArg
)

// Arg is the argument of one filter call. Given is false when the template
// wrote no argument; Value then is nil.
type Arg struct {
	Value any
	Given bool
}

// Filter is one template filter.
type Filter struct {
	// Func computes the filter. in is the value being filtered (a
	// value.SafeString when marked safe), arg its argument and autoescape
	// whether autoescaping is on where the filter is used.
	Func func(in any, arg Arg, autoescape bool) (any, error)
	// Arg says whether the filter takes an argument.
	Arg ArgMode
	// IsSafe says the filter never introduces HTML-unsafe characters, so
	// that a string result of a safe input stays safe (see Apply).
	IsSafe bool
	// NeedsAutoescape documents that Func looks at its autoescape parameter.
	NeedsAutoescape bool
	// StringFilter marks a filter Django declares with @stringfilter: a
	// *value.LazyText input (a translated literal, _("…")) reaches Func as
	// its text, a value.SafeString, as Django's str() of the proxy does.
	// Other filters receive the *value.LazyText itself.
	StringFilter bool
}

// Apply calls f and implements Django's is_safe propagation: when f.IsSafe
// is set and the input was safe, the result is marked safe too. Like
// Django's mark_safe, a result that is not a string becomes the safe string
// of its str() (safeseq of a safe string, last of a safe string's runes).
func Apply(f Filter, in any, arg Arg, autoescape bool) (any, error) {
	if f.StringFilter {
		if l, ok := in.(*value.LazyText); ok {
			in = l.Text()
		}
	}
	out, err := f.Func(in, arg, autoescape)
	if err != nil {
		return nil, err
	}
	if f.IsSafe && value.IsSafe(in) && !value.IsSafe(out) {
		if s, ok := out.(string); ok {
			return value.SafeString(s), nil
		}
		return value.SafeString(value.ToString(out)), nil
	}
	return out, nil
}

// autoescapeOnly registers a filter whose only parameter besides the value
// is Django's autoescape keyword: the template may write one argument (it
// fills that parameter's slot, so the parser accepts it) and rendering
// then fails with a TypeError, as in Django.
func autoescapeOnly(name string, fn func(any, Arg, bool) (any, error)) Filter {
	return Filter{
		Func: func(in any, arg Arg, autoescape bool) (any, error) {
			if arg.Given {
				return nil, fmt.Errorf("%s() got multiple values for argument 'autoescape': %w", name, value.ErrType)
			}
			return fn(in, arg, autoescape)
		},
		Arg:             OptionalArg,
		IsSafe:          true,
		NeedsAutoescape: true,
	}
}

// stringFilter marks f as a @stringfilter (see Filter.StringFilter).
func stringFilter(f Filter) Filter {
	f.StringFilter = true
	return f
}

// Options configure the built-in filters.
type Options struct {
	// Now returns the current time for timesince and timeuntil without an
	// argument. Nil means time.Now.
	Now func() time.Time
}

// Builtins returns a new map of every built-in filter of Django's template
// language, using the current time for timesince and timeuntil.
func Builtins() map[string]Filter { return BuiltinsWith(Options{}) }

// BuiltinsWith returns a new map of the built-in filters configured by opts.
func BuiltinsWith(opts Options) map[string]Filter {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	m := map[string]Filter{}
	addStringFilters(m)
	addHTMLFilters(m)
	addNumberFilters(m)
	addListFilters(m)
	addDateFilters(m, now)
	return m
}
