package template

import (
	"context"
	"errors"
	"testing"

	"github.com/djinn-go/djinn/template/value"
)

// A translated literal _("…") at the start of an expression is Django's
// lazy translation proxy, not a str; as a filter argument it is a plain
// safe string. Outputs are Django 3.2.25's.
func TestTranslatedLiteral(t *testing.T) {
	eng := New(Config{})
	renders(t, eng, map[string]string{
		`{{ 3|add:_("5") }}`:   "8",
		`{{ _("5")|add:3 }}`:   "",
		`{{ _("5")|add:"1" }}`: "51",
		`{{ _("<b>") }}|{{ _("<b>")|upper }}|{{ _("<b>")|first }}`:                                     "<b>|&lt;B&gt;|&lt;",
		`{{ _("<b>")|escape }}{{ _("<b>")|slice:":2" }}`:                                               "<b>&lt;b",
		`{% if _("5") in "456" %}y{% else %}n{% endif %}`:                                              "n",
		`{% if _("5") not in "456" %}y{% else %}n{% endif %}`:                                          "n",
		`{% if "5" in _("456") %}y{% else %}n{% endif %}`:                                              "y",
		`{% if _("a") in _("abc") %}y{% else %}n{% endif %}`:                                           "n",
		`{% if _("5") == "5" %}y{% endif %}{% if _("5") < "6" %}y{% endif %}`:                          "yy",
		`{% widthratio _("5") 10 100 %}|{% widthratio 5 _("10") 100 %}`:                                "|",
		`{% with v=_("5") %}{{ v }}[{{ v|add:1 }}]{{ v|upper|add:1 }}{% endwith %}`:                    "5[]6",
		`{% with v=_("5") %}{% if v is v %}y{% endif %}{% if v is _("5") %}y{% endif %}{% endwith %}`:  "y",
		`{% with v=_("5") %}{{ v|floatformat }}|{{ v|filesizeformat }}|{{ v|pluralize }}{% endwith %}`: "|0\u00a0bytes|",
	})
	tm, err := eng.FromString(`{% widthratio 5 10 _("100") %}`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tm.RenderString(context.Background(), nil); !errors.Is(err, ErrSyntax) {
		t.Errorf("widthratio with a translated max: %v, want a syntax error", err)
	}
	tm, err = eng.FromString(`{{ _("5")|divisibleby:5 }}`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tm.RenderString(context.Background(), nil); !errors.Is(err, value.ErrType) {
		t.Errorf("divisibleby of a translated literal: %v, want a TypeError", err)
	}
}

// A "%" in a translated literal is doubled, as Django builds the message
// id in gettext's format (and no catalog translates it back).
func TestTranslatedLiteralPercent(t *testing.T) {
	renders(t, New(Config{}), map[string]string{
		`{{ _("50%") }}|{{ _("50%")|length }}`:            "50%%|4",
		`{{ e|default:_("5%") }}{{ "x"|add:_("%") }}`:     "5%%x%%",
		`{% if _("5%") == "5%" %}y{% else %}n{% endif %}`: "n",
	})
}
