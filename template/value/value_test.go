package value

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"
)

type stringer struct{}

func (stringer) String() string { return "str!" }

func TestToString(t *testing.T) {
	dt := time.Date(2024, 3, 5, 14, 7, 9, 0, time.UTC)
	var nilPtr *int
	tests := []struct {
		in   any
		want string
	}{
		{nil, "None"},
		{true, "True"},
		{false, "False"},
		{"x", "x"},
		{SafeString("<b>"), "<b>"},
		{42, "42"},
		{int8(-3), "-3"},
		{uint64(math.MaxUint64), "18446744073709551615"},
		{2.0, "2.0"},
		{34.26, "34.26"},
		{1e-05, "1e-05"},
		{0.0001, "0.0001"},
		{1e16, "1e+16"},
		{1e15, "1000000000000000.0"},
		{1.5e300, "1.5e+300"},
		{math.Copysign(0, -1), "-0.0"},
		{math.Inf(1), "inf"},
		{math.NaN(), "nan"},
		{float32(0.1), "0.1"},
		{[]any{"a", 1, nil, true, 2.5}, "['a', 1, None, True, 2.5]"},
		{[]string{"it's", `say "hi"`, "both '\""}, `["it's", 'say "hi"', 'both \'"']`},
		{map[string]any{"b": 1, "a": "x"}, "{'a': 'x', 'b': 1}"},
		{map[string]any{}, "{}"},
		{[]any{}, "[]"},
		{[]any{[]any{1}, map[string]any{"k": []any{}}}, "[[1], {'k': []}]"},
		{"tab\there", "tab\there"},
		{[]any{"tab\there\n", "é", "\x01"}, `['tab\there\n', 'é', '\x01']`},
		{dt, "2024-03-05 14:07:09"},
		{dt.Add(123456 * time.Microsecond), "2024-03-05 14:07:09.123456"},
		{Date{2024, 3, 5}, "2024-03-05"},
		{TimeOfDay{14, 7, 9, 0}, "14:07:09"},
		{[]any{Date{2024, 3, 5}, dt, TimeOfDay{14, 7, 0, 0}}, "[datetime.date(2024, 3, 5), datetime.datetime(2024, 3, 5, 14, 7, 9), datetime.time(14, 7)]"},
		{stringer{}, "str!"},
		{errors.New("boom"), "boom"},
		{nilPtr, "None"},
		{Tuple{1, "a"}, "(1, 'a')"},
		{Tuple{1}, "(1,)"},
		{KeysView{"a"}, "dict_keys(['a'])"},
		{ItemsView{Tuple{"a", 1}}, "dict_items([('a', 1)])"},
		{90*time.Minute + 3*time.Second, "1:30:03"},
		{26 * time.Hour, "1 day, 2:00:00"},
		{-time.Second, "-1 day, 23:59:59"},
	}
	for _, tt := range tests {
		if got := ToString(tt.in); got != tt.want {
			t.Errorf("ToString(%#v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDisplay(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{1e-05, "0.00001"},
		{1.5e16, "15000000000000000"},
		{1500.0, "1500.0"},
		{time.Date(2024, 3, 5, 14, 7, 9, 0, time.UTC), "March 5, 2024, 2:07 p.m."},
		{Date{2024, 1, 5}, "Jan. 5, 2024"},
		{TimeOfDay{12, 0, 0, 0}, "noon"},
		{7, "7"},
	}
	for _, tt := range tests {
		if got := Display(tt.in); got != tt.want {
			t.Errorf("Display(%#v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscape(t *testing.T) {
	if got := Escape(`<a href="x">'Tom' & "Jerry"</a>`); got != "&lt;a href=&quot;x&quot;&gt;&#x27;Tom&#x27; &amp; &quot;Jerry&quot;&lt;/a&gt;" {
		t.Errorf("Escape = %q", got)
	}
	if got := ConditionalEscape(SafeString("<b>")); got != "<b>" {
		t.Errorf("ConditionalEscape(safe) = %q", got)
	}
	if got := ConditionalEscape([]any{"<"}); got != "[&#x27;&lt;&#x27;]" {
		t.Errorf("ConditionalEscape(list) = %q", got)
	}
	if !IsSafe(SafeString("")) || IsSafe("x") {
		t.Error("IsSafe")
	}
}

func TestTruthy(t *testing.T) {
	var nilPtr *int
	falsy := []any{nil, false, 0, 0.0, "", SafeString(""), []any{}, map[string]any{}, nilPtr, int8(0), uint(0), [0]int{}}
	for _, v := range falsy {
		if Truthy(v) {
			t.Errorf("Truthy(%#v) = true", v)
		}
	}
	truthy := []any{true, 1, -1, 0.1, "0", " ", []any{nil}, map[string]int{"a": 0}, struct{}{}, Date{2024, 1, 1}, TimeOfDay{}}
	for _, v := range truthy {
		if !Truthy(v) {
			t.Errorf("Truthy(%#v) = false", v)
		}
	}
}

type person struct {
	FirstName string
	PubDate   Date
	ID        int
	secret    string
	Inner
}

type Inner struct{ Depth int }

func (p person) FullName() string       { return p.FirstName + " X" }
func (p *person) Pointer() string       { return "ptr:" + p.FirstName }
func (p person) Fails() (string, error) { return "", errors.New("nope") }
func (p person) Works() (string, error) { return "ok", nil }
func (p person) NeedsArg(x int) string  { return "" }
func (p person) Explodes() string       { panic("kaboom") }
func (p person) Secret() string         { return p.secret }

func TestLookup(t *testing.T) {
	p := person{FirstName: "Ada", PubDate: Date{2024, 1, 2}, ID: 7, secret: "s", Inner: Inner{3}}
	type namedMap map[string]int
	tests := []struct {
		name string
		in   any
		key  string
		want any
		ok   bool
	}{
		{"map", map[string]any{"k": "v"}, "k", "v", true},
		{"map missing", map[string]any{"k": "v"}, "x", nil, false},
		{"numeric key on map", map[string]any{"0": "zero"}, "0", "zero", true},
		{"typed map", map[string]int{"a": 1}, "a", 1, true},
		{"named map", namedMap{"a": 2}, "a", 2, true},
		{"map items", map[string]any{"b": 2, "a": 1}, "items", ItemsView{Tuple{"a", 1}, Tuple{"b", 2}}, true},
		{"map keys", map[string]any{"a": 1}, "keys", KeysView{"a"}, true},
		{"key wins over items", map[string]any{"items": "dict key wins"}, "items", "dict key wins", true},
		{"field exact", p, "FirstName", "Ada", true},
		{"field snake", p, "first_name", "Ada", true},
		{"field snake pub_date", &p, "pub_date", Date{2024, 1, 2}, true},
		{"field id", p, "id", 7, true},
		{"promoted", p, "depth", 3, true},
		{"unexported", p, "secret", "s", true},
		{"method", p, "full_name", "Ada X", true},
		{"pointer method on value", p, "pointer", "ptr:Ada", true},
		{"pointer method", &p, "Pointer", "ptr:Ada", true},
		{"method error", p, "fails", nil, false},
		{"method value and nil error", p, "works", "ok", true},
		{"method with args", p, "needs_arg", nil, false},
		{"method panics", p, "explodes", nil, false},
		{"slice index", []any{"a", "b"}, "1", "b", true},
		{"negative index", []string{"a", "b"}, "-1", "b", true},
		{"out of range", []any{"a"}, "3", nil, false},
		{"array", [2]int{4, 5}, "0", 4, true},
		{"int-keyed map", map[int]string{3: "three"}, "3", "three", true},
		{"int-keyed map missing", map[int8]string{3: "three"}, "300", nil, false},
		{"string index", "héllo", "1", "é", true},
		{"string method", "hello", "upper", "HELLO", true},
		{"nil", nil, "x", nil, false},
		{"int", 5, "x", nil, false},
		{"func in map", map[string]any{"f": func() int { return 3 }}, "f", 3, true},
		{"datetime month", time.Date(2024, 3, 5, 14, 7, 9, 0, time.UTC), "month", 3, true},
		{"datetime weekday", time.Date(2024, 3, 5, 14, 7, 9, 0, time.UTC), "weekday", 1, true},
		{"datetime date", time.Date(2024, 3, 5, 14, 7, 9, 0, time.UTC), "date", Date{2024, 3, 5}, true},
		{"date month", Date{2024, 3, 5}, "month", 3, true},
		{"date year", Date{2024, 3, 5}, "year", 2024, true},
		{"date has no hour", Date{2024, 3, 5}, "hour", nil, false},
		{"time minute", TimeOfDay{14, 7, 9, 0}, "minute", 7, true},
		{"time isoformat", TimeOfDay{14, 7, 9, 0}, "isoformat", "14:07:09", true},
		{"datetime ctime", time.Date(2024, 3, 5, 14, 7, 9, 0, time.UTC), "ctime", "Tue Mar  5 14:07:09 2024", true},
		{"date ctime", Date{2024, 3, 15}, "ctime", "Fri Mar 15 00:00:00 2024", true},
		{"time has no ctime", TimeOfDay{14, 7, 9, 0}, "ctime", nil, false},
		{"int real", 42, "real", 42, true},
		{"int imag", 42, "imag", 0, true},
		{"int denominator", 42, "denominator", 1, true},
		{"int bit_length", -5, "bit_length", 3, true},
		{"bool real", true, "real", 1, true},
		{"float is_integer", 3.0, "is_integer", true, true},
		{"float not is_integer", 2.5, "is_integer", false, true},
		{"float imag", 2.5, "imag", 0.0, true},
		{"float has no numerator", 2.5, "numerator", nil, false},
		{"big bit_length", new(big.Int).Lsh(big.NewInt(1), 70), "bit_length", 71, true},
		{"str istitle", "Hello World", "istitle", true, true},
		{"str not istitle", "Hello world", "istitle", false, true},
		{"str istitle uncased", "123", "istitle", false, true},
		{"str casefold", "Straße", "casefold", "strasse", true},
		{"list copy", []any{1, 2}, "copy", []any{1, 2}, true},
		{"map copy", map[string]any{"a": 1}, "copy", map[string]any{"a": 1}, true},
	}
	for _, tt := range tests {
		got, ok := Lookup(tt.in, tt.key)
		if ok != tt.ok || !Equal(got, tt.want) {
			t.Errorf("%s: Lookup(%q) = %#v, %v; want %#v, %v", tt.name, tt.key, got, ok, tt.want, tt.ok)
		}
	}
	if _, err := LookupErr(p, "fails"); err == nil || err.Error() != "nope" {
		t.Errorf("LookupErr error = %v", err)
	}
	if _, err := LookupErr(p, "nothing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("LookupErr missing = %v", err)
	}
}

func TestCompareEqual(t *testing.T) {
	eq := [][2]any{{1, 1.0}, {true, 1}, {"a", SafeString("a")}, {uint8(3), int64(3)}, {[]any{1, "a"}, []string{"a"}[:0:0]}, {nil, nil}}
	eq = eq[:len(eq)-2]
	eq = append(eq, [2]any{[]any{1, "a"}, []any{1.0, "a"}}, [2]any{map[string]any{"a": 1}, map[string]int{"a": 1}}, [2]any{nil, nil})
	for _, p := range eq {
		if !Equal(p[0], p[1]) || !Equal(p[1], p[0]) {
			t.Errorf("Equal(%#v, %#v) = false", p[0], p[1])
		}
	}
	ne := [][2]any{{"1", 1}, {nil, 0}, {nil, ""}, {1, 2}, {"a", "b"}, {[]any{1}, []any{1, 2}}, {Date{2024, 1, 1}, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}}
	for _, p := range ne {
		if Equal(p[0], p[1]) {
			t.Errorf("Equal(%#v, %#v) = true", p[0], p[1])
		}
	}
	cmps := []struct {
		a, b any
		want int
		ok   bool
	}{
		{1, 2.5, -1, true},
		{int64(math.MaxInt64), float64(math.MaxInt64), -1, true},
		{3.0, 3, 0, true},
		{"b", "a", 1, true},
		{"1", 1, 0, false},
		{nil, 1, 0, false},
		{Date{2024, 1, 2}, Date{2024, 1, 1}, 1, true},
		{Date{2024, 1, 2}, time.Now(), 0, false},
		{[]any{1, 2}, []any{1, 3}, -1, true},
		{math.NaN(), 1, 0, false},
	}
	for _, c := range cmps {
		got, ok := Compare(c.a, c.b)
		if got != c.want || ok != c.ok {
			t.Errorf("Compare(%#v, %#v) = %d, %v; want %d, %v", c.a, c.b, got, ok, c.want, c.ok)
		}
	}
}

func TestContains(t *testing.T) {
	tests := []struct {
		c, item any
		want    bool
		err     bool
	}{
		{"hello", "ell", true, false},
		{"hello", "x", false, false},
		{"hello", 1, false, true},
		{[]any{1, "a"}, 1.0, true, false},
		{[]any{1, "a"}, "1", false, false},
		{map[string]any{"k": 1}, "k", true, false},
		{map[string]any{"k": 1}, 1, false, false},
		{nil, "x", false, true},
		{5, 5, false, true},
	}
	for _, tt := range tests {
		got, err := Contains(tt.c, tt.item)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("Contains(%#v, %#v) = %v, %v", tt.c, tt.item, got, err)
		}
		if err != nil && !errors.Is(err, ErrType) {
			t.Errorf("Contains error %v does not wrap ErrType", err)
		}
	}
}

func TestIterateLen(t *testing.T) {
	got, ok := Iterate(map[string]int{"b": 1, "a": 2})
	if !ok || ToString(got) != "['a', 'b']" {
		t.Errorf("Iterate(map) = %v %v", got, ok)
	}
	got, ok = Iterate("hé")
	if !ok || ToString(got) != "['h', 'é']" {
		t.Errorf("Iterate(string) = %v", got)
	}
	if got, ok := Iterate(nil); !ok || len(got) != 0 {
		t.Errorf("Iterate(nil) = %v %v", got, ok)
	}
	if _, ok := Iterate(5); ok {
		t.Error("Iterate(5) ok")
	}
	if _, ok := Iterate(make(chan int)); ok {
		t.Error("Iterate(chan) ok")
	}
	seq := func(yield func(int) bool) {
		for i := range 3 {
			if !yield(i) {
				return
			}
		}
	}
	if got, ok := Iterate(seq); !ok || ToString(got) != "[0, 1, 2]" {
		t.Errorf("Iterate(seq) = %v %v", got, ok)
	}
	for _, c := range []struct {
		v    any
		n    int
		okay bool
	}{{"é😀", 2, true}, {[]int{1, 2, 3}, 3, true}, {map[string]any{}, 0, true}, {5, 0, false}, {nil, 0, false}} {
		n, ok := Len(c.v)
		if n != c.n || ok != c.okay {
			t.Errorf("Len(%#v) = %d %v", c.v, n, ok)
		}
	}
}

func TestFromJSON(t *testing.T) {
	src := `{"i": 3, "f": 2.0, "e": 1e3, "big": 12345678901234567890, "dt": {"$datetime": "2024-03-05T14:07:09"},
		"d": {"$date": "2024-03-05"}, "t": {"$time": "14:07:09"}, "l": [1, null, true, "x"], "o": {"$date": 1}}`
	dec := json.NewDecoder(strings.NewReader(src))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		t.Fatal(err)
	}
	m := FromJSON(raw).(map[string]any)
	checks := map[string]string{"i": "3", "f": "2.0", "e": "1000.0", "big": "12345678901234567890", "dt": "2024-03-05 14:07:09",
		"d": "2024-03-05", "t": "14:07:09", "l": "[1, None, True, 'x']", "o": "{'$date': 1}"}
	for k, want := range checks {
		if got := ToString(m[k]); got != want {
			t.Errorf("FromJSON %s = %q (%T), want %q", k, got, m[k], want)
		}
	}
	if _, ok := m["i"].(int); !ok {
		t.Errorf("int is %T", m["i"])
	}
	if _, ok := m["dt"].(time.Time); !ok {
		t.Errorf("datetime is %T", m["dt"])
	}
}

func TestFormatDate(t *testing.T) {
	dt := time.Date(2024, 3, 5, 14, 7, 9, 123456000, time.UTC)
	tests := []struct {
		v       any
		format  string
		want    string
		wantErr error
	}{
		{dt, "Y-m-d H:i:s", "2024-03-05 14:07:09", nil},
		{dt, `jS \o\f F Y, l`, "5th of March 2024, Tuesday", nil},
		{dt, "a A b c d D E f F g G h H i j L m M n N o O P r s S t T u U w W y z Z", "p.m. PM mar 2024-03-05T14:07:09.123456 05 Tue March 2:07 March 2 14 02 14 07 5 True 03 Mar 3 March 2024 +0000 2:07 p.m. Tue, 05 Mar 2024 14:07:09 +0000 09 th 31 UTC 123456 1709647629 2 10 24 65 0", nil},
		{dt, "e I", " 0", nil},
		{Date{2024, 3, 5}, "I", "", nil},
		{dt, "SHORT_DATE_FORMAT", "03/05/2024", nil},
		{dt, "DATETIME_FORMAT", "March 5, 2024, 2:07 p.m.", nil},
		{Date{2024, 3, 2}, "jS", "2nd", nil},
		{Date{2024, 3, 22}, "jS", "22nd", nil},
		{Date{2024, 3, 11}, "jS", "11th", nil},
		{Date{2021, 1, 1}, "o W", "2020 53", nil},
		{Date{2024, 3, 5}, "H", "", ErrType},
		{Date{2024, 3, 5}, "c", "2024-03-05", nil},
		{time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC), "P", "noon", nil},
		{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), "P", "midnight", nil},
		{time.Date(2024, 1, 1, 13, 5, 0, 0, time.UTC), "P", "1:05 p.m.", nil},
		{TimeOfDay{9, 30, 0, 0}, "H:i P", "09:30 9:30 a.m.", nil},
		{TimeOfDay{9, 30, 0, 0}, "Y", "", ErrAttribute},
		{"2024-01-01", "Y", "", ErrAttribute},
		{dt, `\Y\\`, `Y\`, nil},
		{dt, "Sept. N", "thp31. March", nil},
	}
	for _, tt := range tests {
		got, err := FormatDate(tt.v, tt.format)
		if got != tt.want || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
			t.Errorf("FormatDate(%v, %q) = %q, %v; want %q, %v", tt.v, tt.format, got, err, tt.want, tt.wantErr)
		}
	}
	if got, err := FormatTime(dt, "H:i"); got != "14:07" || err != nil {
		t.Errorf("FormatTime = %q %v", got, err)
	}
	if _, err := FormatTime(dt, "Y"); !errors.Is(err, ErrAttribute) {
		t.Errorf("FormatTime(Y) err = %v", err)
	}
}

func TestStringHelpers(t *testing.T) {
	tests := []struct{ got, want string }{
		{Upper("hello straße"), "HELLO STRASSE"},
		{Lower("HeLLo ÉTÉ"), "hello été"},
		{Title("o'neil and mc-donald"), "O'Neil And Mc-Donald"},
		{Title("élève à l'école 1st"), "Élève À L'École 1St"},
		{Capitalize("hELLO wORLD"), "Hello world"},
		{strings.Join(Fields("  a\tb\u00a0c  "), "|"), "a|b|c"},
		{strings.Join(SplitLines("a\nb\r\nc\rd", false), "|"), "a|b|c|d"},
		{strings.Join(SplitLines("a\nb\n", true), "|"), "a\n|b\n"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

func TestDict(t *testing.T) {
	v, err := DecodeJSON(strings.NewReader(`{"ctx": {"b": 1, "a": [2, {"z": null, "y": true}], "when": {"$date": "2024-03-05"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	top, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("top level is %T", v)
	}
	d, ok := top["ctx"].(*Dict)
	if !ok {
		t.Fatalf("nested object is %T", top["ctx"])
	}
	if got := ToString(d); got != "{'b': 1, 'a': [2, {'z': None, 'y': True}], 'when': datetime.date(2024, 3, 5)}" {
		t.Errorf("ToString(dict) = %q", got)
	}
	if keys, _ := Iterate(d); ToString(keys) != "['b', 'a', 'when']" {
		t.Errorf("Iterate(dict) = %v", keys)
	}
	if items, _ := Lookup(d, "items"); ToString(items) != "dict_items([('b', 1), ('a', [2, {'z': None, 'y': True}]), ('when', datetime.date(2024, 3, 5))])" {
		t.Errorf("items = %v", ToString(items))
	}
	if b, ok := Lookup(d, "b"); !ok || b != 1 {
		t.Errorf("Lookup(b) = %v %v", b, ok)
	}
	if _, ok := Lookup(d, "nope"); ok {
		t.Error("Lookup(nope) ok")
	}
	if n, ok := Len(d); !ok || n != 3 || !Truthy(d) || Truthy(NewDict()) {
		t.Errorf("Len/Truthy wrong: %d %v", n, ok)
	}
	if in, err := Contains(d, "a"); !in || err != nil {
		t.Errorf("Contains = %v %v", in, err)
	}
	e := NewDict()
	e.Set("x", 1)
	e.Set("x", 2)
	if !Equal(e, map[string]any{"x": 2.0}) || len(e.Keys()) != 1 {
		t.Errorf("Set/Equal wrong: %v", e)
	}
	if got := FromJSON(json.RawMessage(`{"l": [1.5, {"k": "v"}]}`)); ToString(got) != "{'l': [1.5, {'k': 'v'}]}" {
		t.Errorf("FromJSON(raw) = %v", ToString(got))
	}
}

func TestCyclicValues(t *testing.T) {
	a := []any{1, nil}
	a[1] = a
	m := map[string]any{}
	m["self"] = m
	if s := ToString(a); s != "[1, [...]]" {
		t.Errorf("ToString(cyclic list) = %.40q", s)
	}
	if s := Repr(m); s != "{'self': {...}}" {
		t.Errorf("Repr(cyclic map) = %.40q", s)
	}
	d := NewDict()
	d.Set("me", d)
	d.Set("l", []any{d})
	if s := ToString(d); s != "{'me': {...}, 'l': [{...}]}" {
		t.Errorf("ToString(cyclic dict) = %q", s)
	}
	twice := []any{"x"}
	if s := ToString([]any{twice, twice}); s != "[['x'], ['x']]" {
		t.Errorf("shared (not cyclic) list = %q", s)
	}
	b := []any{1, nil}
	b[1] = b
	_ = Equal(a, b)
	_, _ = Compare(a, b)
}

type htmlThing struct{}

func (htmlThing) SafeHTML() string { return "<b>ok</b>" }

type attrThing struct{}

func (attrThing) TemplateAttr(name string) (any, bool) { return "attr:" + name, name != "missing" }
func (attrThing) Missing() string                      { return "method" }

func TestHTMLProtocol(t *testing.T) {
	if !IsSafe(htmlThing{}) || ToString(htmlThing{}) != "<b>ok</b>" || ConditionalEscape(htmlThing{}) != "<b>ok</b>" {
		t.Fatal("HTMLer values must be safe and print their HTML")
	}
	if v, ok := Lookup(attrThing{}, "subject"); !ok || v != "attr:subject" {
		t.Fatalf("TemplateAttr lookup: %v %v", v, ok)
	}
	if v, ok := Lookup(attrThing{}, "missing"); !ok || v != "method" {
		t.Fatalf("fallback to methods: %v %v", v, ok)
	}
}

// LazyText (a translated literal) acts as a string except that it is no
// str: "in <string>" with it on the left fails.
func TestLazyText(t *testing.T) {
	l := NewLazyText("ab")
	if !Truthy(l) || Truthy(NewLazyText("")) {
		t.Error("truthiness")
	}
	if n, ok := Len(l); !ok || n != 2 {
		t.Errorf("len %d %v", n, ok)
	}
	if !Equal(l, "ab") || Equal(l, 1) {
		t.Error("equality")
	}
	if c, ok := Compare(l, "b"); !ok || c >= 0 {
		t.Error("ordering")
	}
	if ok, err := Contains(l, "a"); !ok || err != nil {
		t.Error("substring of a proxy")
	}
	if _, err := Contains("abc", l); !errors.Is(err, ErrType) {
		t.Errorf("proxy in a string: %v, want a TypeError", err)
	}
	if ok, err := Contains([]any{"ab"}, l); !ok || err != nil {
		t.Error("proxy in a list")
	}
	if Repr(l) != "'ab'" || ToString(l) != "ab" || ConditionalEscape(NewLazyText("<")) != "<" || IsSafe(l) {
		t.Error("text")
	}
	if r, ok := Lookup(l, "upper"); !ok || r != "AB" {
		t.Errorf("upper: %v", r)
	}
}
