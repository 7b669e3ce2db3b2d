package filters

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/djinn-go/djinn/template/value"
)

func addDateFilters(m map[string]Filter, now func() time.Time) {
	m["date"] = Filter{Func: dateFilter, Arg: OptionalArg}
	m["time"] = Filter{Func: timeFilter, Arg: OptionalArg}
	m["timesince"] = Filter{Func: func(in any, arg Arg, _ bool) (any, error) { return timesinceFilter(in, arg, now, false) }, Arg: OptionalArg}
	m["timeuntil"] = Filter{Func: func(in any, arg Arg, _ bool) (any, error) { return timesinceFilter(in, arg, now, true) }, Arg: OptionalArg}
}

func emptyDateInput(in any) bool {
	if in == nil {
		return true
	}
	s, ok := stringKind(in)
	return ok && s == ""
}

func dateFilter(in any, arg Arg, _ bool) (any, error) {
	if emptyDateInput(in) {
		return "", nil
	}
	// None (like no argument or "") means the default format.
	format := argString(arg, "DATE_FORMAT")
	if format == "" {
		format = "DATE_FORMAT"
	}
	var s string
	var err error
	if d, ok := in.(value.Date); ok && strings.ContainsRune(format, 'r') {
		s, err = formatDateWithR(d, format)
	} else {
		s, err = value.FormatDate(in, format)
	}
	if errors.Is(err, value.ErrAttribute) {
		return "", nil
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// formatDateWithR formats a date whose format has the RFC 5322 specifier
// 'r': modern Django writes the date's midnight in the default time zone
// there (Django 3.2 raised a TypeError). The other parts of the format are
// formatted as usual, so a time specifier among them still fails.
func formatDateWithR(d value.Date, format string) (string, error) {
	var b strings.Builder
	start := 0
	for i := 0; i < len(format); i++ {
		switch format[i] {
		case '\\':
			i++
		case 'r':
			part, err := value.FormatDate(d, format[start:i])
			if err != nil {
				return "", err
			}
			b.WriteString(part)
			rfc, err := value.FormatDate(d.Time(), "r")
			if err != nil {
				return "", err
			}
			b.WriteString(rfc)
			start = i + 1
		}
	}
	part, err := value.FormatDate(d, format[start:])
	if err != nil {
		return "", err
	}
	b.WriteString(part)
	return b.String(), nil
}

func timeFilter(in any, arg Arg, _ bool) (any, error) {
	if emptyDateInput(in) {
		return "", nil
	}
	format := argString(arg, "TIME_FORMAT")
	if format == "" {
		format = "TIME_FORMAT"
	}
	s, err := value.FormatTime(in, format)
	if err != nil {
		return "", nil
	}
	return s, nil
}

// asDateTime converts a time.Time or value.Date for timesince.
func asDateTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, true
	case *time.Time:
		if x != nil {
			return *x, true
		}
	case value.Date:
		return x.Time(), true
	}
	return time.Time{}, false
}

func timesinceFilter(in any, arg Arg, now func() time.Time, until bool) (any, error) {
	if !value.Truthy(in) {
		return "", nil
	}
	d, ok := asDateTime(in)
	if !ok {
		return nil, fmt.Errorf("'%s' object has no attribute 'year': %w", value.TypeName(in), value.ErrAttribute)
	}
	var ref time.Time
	if arg.Given && value.Truthy(arg.Value) {
		if ref, ok = asDateTime(arg.Value); !ok {
			return nil, fmt.Errorf("'%s' object has no attribute 'year': %w", value.TypeName(arg.Value), value.ErrAttribute)
		}
	} else {
		ref = now()
		if d.Location() == time.UTC {
			// d is naive: compare with the wall clock of the current time.
			y, mo, dd := ref.Date()
			ref = time.Date(y, mo, dd, ref.Hour(), ref.Minute(), ref.Second(), ref.Nanosecond(), time.UTC)
		}
	}
	if until {
		d, ref = ref, d
	}
	return Timesince(d, ref, 2), nil
}

var timeUnits = [...]string{"year", "month", "week", "day", "hour", "minute"}

// Timesince describes the time from d to now as Django's timesince does:
// at most depth adjacent units of years, months, weeks, days, hours and
// minutes ("1 month, 2 weeks"), with a no-break space inside each part.
// Months and years are calendar months counted from d; a time not after d
// gives "0 minutes".
func Timesince(d, now time.Time, depth int) string {
	zero := "0\u00a0minutes"
	if !now.After(d) || now.Sub(d) < time.Second {
		return zero
	}
	months := (now.Year()-d.Year())*12 + int(now.Month()) - int(d.Month())
	if d.Day() > now.Day() || d.Day() == now.Day() && clock(d) > clock(now) {
		months--
	}
	years, months := months/12, months%12
	pivot := d
	if years != 0 || months != 0 {
		py, pm := d.Year()+years, int(d.Month())+months
		if pm > 12 {
			pm -= 12
			py++
		}
		day := min(d.Day(), monthDays[pm-1])
		pivot = time.Date(py, time.Month(pm), day, d.Hour(), d.Minute(), d.Second(), 0, d.Location())
	}
	rest := int64(now.Sub(pivot) / time.Second)
	parts := [6]int64{int64(years), int64(months)}
	for i, secs := range []int64{7 * 86400, 86400, 3600, 60} {
		parts[2+i] = rest / secs
		rest -= parts[2+i] * secs
	}
	i := 0
	for i < len(parts) && parts[i] == 0 {
		i++
	}
	if i == len(parts) {
		return zero
	}
	var out []string
	for ; i < len(parts) && len(out) < depth && parts[i] != 0; i++ {
		unit := timeUnits[i]
		if parts[i] != 1 {
			unit += "s"
		}
		out = append(out, fmt.Sprintf("%d\u00a0%s", parts[i], unit))
	}
	return strings.Join(out, ", ")
}

// monthDays are the month lengths timesince assumes (February has 28).
var monthDays = [12]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func clock(t time.Time) time.Duration {
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute +
		time.Duration(t.Second())*time.Second + time.Duration(t.Nanosecond())
}
