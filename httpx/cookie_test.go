package httpx

import (
	"net/http/httptest"
	"testing"
)

func TestCookie(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header["Cookie"] = []string{"a=1; sessionid=abc;b=2", "sessionid=later"}
	if v, ok := Cookie(r, "sessionid"); !ok || v != "abc" {
		t.Fatalf("sessionid = %q, %v; want the first one", v, ok)
	}
	if v, ok := Cookie(r, "b"); !ok || v != "2" {
		t.Fatalf("b = %q, %v", v, ok)
	}
	if _, ok := Cookie(r, "session"); ok {
		t.Fatal("a prefix of a name matched")
	}
	if v, ok := Cookie(r, "a"); !ok || v != "1" {
		t.Fatalf("a = %q, %v", v, ok)
	}
	if n := testing.AllocsPerRun(100, func() { Cookie(r, "b") }); n != 0 {
		t.Fatalf("Cookie allocates %v times", n)
	}
}
