package views

import (
	"net/url"
	"slices"
	"testing"
)

// TestValidValuesOrder: names that differ only in invalid bytes merge in
// the order of the raw names, whatever the map's order.
func TestValidValuesOrder(t *testing.T) {
	for range 20 {
		got := validValues(url.Values{"a\xff": {"2"}, "a\xfe": {"1"}, "b": {"x\xe2\x82"}})
		if !slices.Equal(got["a\uFFFD"], []string{"1", "2"}) || got.Get("b") != "x\uFFFD" || len(got) != 2 {
			t.Fatalf("%q", got)
		}
	}
}
