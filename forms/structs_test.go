package forms

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

type signup struct {
	Name       string   `form:",required,max=50" label:"Your name"`
	Email      string   `form:"email_address,required,email"`
	Bio        string   `form:",textarea" help:"A few words."`
	Age        int8     `form:",min=18"`
	Score      *float64 `form:",max=10"`
	Admin      bool     `form:"-"`
	Newsletter bool
	Birthday   time.Time `form:",date"`
	Wait       time.Duration
	Price      Decimal `form:",digits=5,places=2"`
	ID         UUID
	HTTPPort   uint16
	hidden     string //lint:ignore U1000 an unexported field the form must leave alone
}

func TestFromStructAndDecode(t *testing.T) {
	f, err := FromStruct(&signup{Name: "Ann", Age: 30, Newsletter: true})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, fl := range f.Fields {
		names = append(names, fl.Opts().Name)
	}
	if got := strings.Join(names, ","); got != "name,email_address,bio,age,score,newsletter,birthday,wait,price,id,http_port" {
		t.Fatal(got)
	}
	if f.Field("name").Label() != "Your name" || f.Field("name").Value() != "Ann" || f.Field("age").Value() != int64(30) || f.Field("newsletter").Value() != true {
		t.Fatal("initial values / labels")
	}
	html := f.String()
	for _, want := range []string{`<input type="text" name="name" value="Ann" maxlength="50" required id="id_name">`, `<input type="email" name="email_address" maxlength="320" required`, `<textarea name="bio" cols="40" rows="10" aria-describedby="id_bio_helptext" id="id_bio">`, `<input type="number" name="age" value="30" min="18" max="127" id="id_age">`, `name="http_port" min="0" max="65535"`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	f.Bind(url.Values{"name": {"Bob"}, "email_address": {"b@example.com"}, "age": {"200"}, "score": {"2.5"}, "birthday": {"2000-01-02"}, "wait": {"1:00"}, "price": {"9.99"}, "id": {"550e8400e29b41d4a716446655440000"}, "http_port": {"8080"}}, nil)
	if f.IsValid(context.Background()) || f.Errors()["age"].Error() != "Ensure this value is less than or equal to 127." {
		t.Fatal(f.Errors())
	}
	f.Bind(url.Values{"name": {"Bob"}, "email_address": {"b@example.com"}, "age": {"20"}, "score": {"2.5"}, "birthday": {"2000-01-02"}, "wait": {"1:00"}, "price": {"9.99"}, "id": {"550e8400e29b41d4a716446655440000"}, "http_port": {"8080"}}, nil)
	if !f.IsValid(context.Background()) {
		t.Fatal(f.Errors())
	}
	var s signup
	s.Admin = true
	if err := Decode(f, &s); err != nil {
		t.Fatal(err)
	}
	if s.Name != "Bob" || s.Age != 20 || s.Score == nil || *s.Score != 2.5 || s.Newsletter || !s.Admin || s.Birthday != date(2000, 1, 2) ||
		s.Wait != time.Minute || s.Price.String() != "9.99" || s.ID.String() != "550e8400-e29b-41d4-a716-446655440000" || s.HTTPPort != 8080 {
		t.Fatalf("%+v", s)
	}
	if _, err := FromStruct(struct{ C chan int }{}); !errors.Is(err, ErrUnsupportedField) {
		t.Fatal(err)
	}
	if _, err := FromStruct(3); err == nil {
		t.Fatal("non-struct accepted")
	}
	if err := Decode(f, s); err == nil {
		t.Fatal("non-pointer accepted")
	}
	if _, err := FromStruct(struct {
		A int `form:",min=x"`
	}{}); err == nil {
		t.Fatal("bad tag accepted")
	}
}

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{"FirstName": "first_name", "HTTPPort": "http_port", "ID": "id", "UserID": "user_id", "A1B": "a1_b", "x": "x"} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}
