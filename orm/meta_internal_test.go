package orm

import (
	"strings"
	"testing"
	"time"
)

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"ID": "id", "PubDate": "pub_date", "HTTPCode": "http_code", "QuestionText": "question_text",
		"URL": "url", "UserID": "user_id", "A1B": "a1_b", "x": "x",
	} {
		if got := SnakeCase(in); got != want {
			t.Errorf("SnakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecimal(t *testing.T) {
	for in, want := range map[string]string{
		"1": "1", "-1.50": "-1.50", "+0.5": "0.5", ".5": "0.5", "007.10": "7.10", "-0": "0", "-0.00": "0.00",
		"123456789012345678901234567890.123456789": "123456789012345678901234567890.123456789",
	} {
		d, err := ParseDecimal(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDecimal(%q) = %q, %v; want %q", in, d, err, want)
		}
	}
	for _, bad := range []string{"", "-", ".", "1e5", "1.2.3", "abc", "1,5", "NaN"} {
		if _, err := ParseDecimal(bad); err == nil {
			t.Errorf("ParseDecimal(%q) accepted", bad)
		}
	}
	if MustDecimal("1.005").Quantize(2).String() != "1.01" || MustDecimal("-1.005").Quantize(2).String() != "-1.01" {
		t.Error("quantize rounds half away from zero")
	}
	if MustDecimal("2.50").Cmp(MustDecimal("2.5")) != 0 || MustDecimal("3").Cmp(MustDecimal("2.99")) != 1 {
		t.Error("cmp")
	}
	if tot, frac := MustDecimal("-0012.340").digitsCount(); tot != 5 || frac != 3 {
		t.Errorf("digits %d %d", tot, frac)
	}
	var d Decimal
	if d.String() != "0" || !d.IsZero() {
		t.Error("zero decimal")
	}
}

func TestUUID(t *testing.T) {
	u := NewUUID()
	if u.IsZero() || u[6]>>4 != 4 || u[8]>>6 != 2 {
		t.Fatalf("not a v4 uuid: %s", u)
	}
	for _, s := range []string{u.String(), strings.ReplaceAll(u.String(), "-", ""), "{" + u.String() + "}", "urn:uuid:" + u.String(), strings.ToUpper(u.String())} {
		v, err := ParseUUID(s)
		if err != nil || v != u {
			t.Errorf("ParseUUID(%q) = %s, %v", s, v, err)
		}
	}
	for _, bad := range []string{"", "xyz", u.String() + "0", strings.Repeat("g", 32)} {
		if _, err := ParseUUID(bad); err == nil {
			t.Errorf("ParseUUID(%q) accepted", bad)
		}
	}
}

type goodModel struct {
	ID      int32
	Title   string     `djinn:"max_length=10;db_column=the_title;verbose_name=The title;help_text=Help"`
	Parent  *goodModel `djinn:"null;on_delete=set_null;related_name=kids"`
	Code    string     `djinn:"type=slug;unique"`
	Skip    string     `djinn:"-"`
	private int        //lint:ignore U1000 an unexported field the registry must skip
	Embedded
}

type Embedded struct {
	Created time.Time `djinn:"auto_now_add"`
}

func (goodModel) TableName() string   { return "custom_table" }
func (goodModel) Ordering() []string  { return []string{"-title"} }
func (goodModel) Indexes() []Index    { return []Index{{Fields: []string{"title", "code"}}} }
func (goodModel) VerboseName() string { return "good one" }
func (goodModel) Constraints() []Constraint {
	return []Constraint{{Name: "uniq_title_code", Fields: []string{"title", "code"}}}
}

func TestRegisterMetadata(t *testing.T) {
	reg := NewRegistry()
	if err := reg.Register("app", goodModel{}); err != nil {
		t.Fatal(err)
	}
	m, err := ModelFor[goodModel](reg)
	if err != nil {
		t.Fatal(err)
	}
	if m.Table != "custom_table" || m.Label != "app.goodModel" || m.PK.Name != "id" || m.PK.Kind != AutoField || m.VerboseName != "good one" || m.VerboseNamePlural != "good ones" {
		t.Fatalf("model: %+v", m)
	}
	title, _ := m.Field("title")
	if title.Column != "the_title" || title.MaxLength != 10 || title.VerboseName != "The title" || title.HelpText != "Help" {
		t.Fatalf("title: %+v", title)
	}
	parent, _ := m.Field("parent")
	if parent.Kind != ForeignKey || parent.Column != "parent_id" || parent.Target != m || parent.OnDelete != SetNull || !parent.Null {
		t.Fatalf("parent: %+v", parent)
	}
	if f, ok := m.Field("parent_id"); !ok || f != parent {
		t.Fatal("attname lookup")
	}
	code, _ := m.Field("code")
	if code.Kind != SlugField || code.MaxLength != 50 || !code.Unique {
		t.Fatalf("code: %+v", code)
	}
	if _, ok := m.Field("skip"); ok {
		t.Fatal("skipped field registered")
	}
	if c, ok := m.Field("created"); !ok || c.Kind != DateTimeField || c.Editable {
		t.Fatal("embedded field")
	}
	if len(m.Indexes) != 1 || !strings.HasPrefix(m.Indexes[0].Name, "custom_table_the_title_code") {
		t.Fatalf("index: %+v", m.Indexes)
	}
	if len(m.Reverse) != 1 || m.Reverse[0].queryName() != "kids" {
		t.Fatalf("reverse: %+v", m.Reverse)
	}
	if err := reg.Register("app", goodModel{}); err == nil {
		t.Fatal("double registration accepted")
	}
}

func TestAnnotationHolders(t *testing.T) {
	type withHolders struct {
		ID    int64
		Best  string   `djinn:"annotation"`
		Avg   *float64 `djinn:"annotation"`
		Price Decimal  `djinn:"annotation"`
	}
	reg := NewRegistry()
	if err := reg.Register("app", withHolders{}); err != nil {
		t.Fatal(err)
	}
	m, _ := ModelFor[withHolders](reg)
	if len(m.Fields) != 1 || len(m.holders) != 3 {
		t.Fatalf("fields %d holders %d", len(m.Fields), len(m.holders))
	}
}

func TestRegisterErrors(t *testing.T) {
	type noPK struct {
		Name string `djinn:"max_length=3"`
	}
	type noLen struct {
		ID   int64
		Name string
	}
	type badTag struct {
		ID   int64
		Name string `djinn:"max_length=3;bogus"`
	}
	type badNull struct {
		ID int64
		N  int64 `djinn:"null"`
	}
	type badDelete struct {
		ID int64
		P  *badDelete `djinn:"on_delete=explode"`
	}
	type badSetNull struct {
		ID int64
		P  *badSetNull `djinn:"on_delete=set_null"`
	}
	type badDecimal struct {
		ID int64
		D  Decimal `djinn:"max_digits=2;decimal_places=3"`
	}
	type badColumn struct {
		ID int64
		N  int64 `djinn:"db_column=a\"b"`
	}
	type badSlice struct {
		ID   int64
		Kids []*badSlice
	}
	type badType struct {
		ID int64
		C  chan int
	}
	type twoPK struct {
		A int64 `djinn:"primary_key"`
		B int64 `djinn:"pk"`
	}
	cases := []struct {
		model any
		want  string
	}{
		{noPK{}, "no primary key"},
		{noLen{}, "needs max_length"},
		{badTag{}, `unknown tag option "bogus"`},
		{badNull{}, "null needs a pointer"},
		{badDelete{}, "on_delete"},
		{badSetNull{}, "set_null needs null"},
		{badDecimal{}, "decimal_places <= max_digits"},
		{badColumn{}, "not an identifier"},
		{badSlice{}, "m2m"},
		{badType{}, "unsupported Go type"},
		{twoPK{}, "two primary keys"},
		{42, "must be a struct"},
	}
	for _, c := range cases {
		err := NewRegistry().Register("app", c.model)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%T: err = %v, want %q", c.model, err, c.want)
		}
	}
	type person struct{ ID int64 }
	type twoFKs struct {
		ID     int64
		Author *person
		Editor *person
	}
	if err := NewRegistry().Register("app", person{}, twoFKs{}); err == nil || !strings.Contains(err.Error(), "related_name") {
		t.Errorf("reverse clash: %v", err)
	}
	if err := NewRegistry().Register("bad app", goodModel{}); err == nil {
		t.Error("bad app label accepted")
	}
	// A relation to an unregistered model is reported by Check.
	type target struct{ ID int64 }
	type src struct {
		ID int64
		T  *target
	}
	reg := NewRegistry()
	if err := reg.Register("app", src{}); err != nil {
		t.Fatal(err)
	}
	if err := reg.Check(); err == nil {
		t.Fatal("dangling relation not reported")
	}
	if err := reg.Register("app", target{}); err != nil {
		t.Fatal(err)
	}
	if err := reg.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestValidAlias(t *testing.T) {
	for s, ok := range map[string]bool{"total": true, "_x1": true, "a__b": false, "1a": false, "a b": false, `a"`: false, "": false, strings.Repeat("a", 64): false, "é": false} {
		if ValidAlias(s) != ok {
			t.Errorf("ValidAlias(%q) != %v", s, ok)
		}
	}
}

func TestEscapeLike(t *testing.T) {
	if got := escapeLike(`50%_off\`); got != `50\%\_off\\` {
		t.Fatal(got)
	}
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1", "-1.50", ".5", "+0", "1e5", "", "--1", "00.00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		if err != nil {
			return
		}
		again, err := ParseDecimal(d.String())
		if err != nil || again != d {
			t.Fatalf("%q → %q does not round-trip", s, d)
		}
		if d.Rat() == nil {
			t.Fatalf("%q: no rational", s)
		}
	})
}

func FuzzParseUUID(f *testing.F) {
	f.Add("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
	f.Add("{6BA7B8109DAD11D180B400C04FD430C8}")
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseUUID(s)
		if err != nil {
			return
		}
		if v, err := ParseUUID(u.String()); err != nil || v != u {
			t.Fatalf("%q does not round-trip", s)
		}
	})
}
