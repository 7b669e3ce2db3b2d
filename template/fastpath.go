package template

import (
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/djinn-go/djinn/template/value"
)

// Struct field lookups are the hot path of most templates ({{ item.name }}
// over a slice of structs). value.Lookup resolves them by reflection each
// time; here the resolution of (struct type, name) to a field index is
// cached per engine, following value.Lookup's rules: the exact Go field name
// first, then an exact method (which we leave to value.Lookup), then a
// field whose name matches ignoring case and underscores.

type fieldKey struct {
	t    reflect.Type
	name string
}

// fieldPlan is the cached answer: index >= 0 is a plain field to read;
// index < 0 means "ask value.Lookup".
type fieldPlan struct {
	index []int
	ok    bool
}

type fieldCache struct {
	m sync.Map // fieldKey -> fieldPlan
}

var safeStringType = reflect.TypeFor[value.SafeString]()

func fold(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }

func (fc *fieldCache) plan(t reflect.Type, name string) fieldPlan {
	k := fieldKey{t, name}
	if p, ok := fc.m.Load(k); ok {
		return p.(fieldPlan)
	}
	p := computePlan(t, name)
	fc.m.Store(k, p)
	return p
}

// computePlan mirrors value.Lookup for a pointer to a struct: exact field,
// exact method, folded field, folded method. Only plain data fields get a
// plan; methods and function-valued fields are left to value.Lookup.
func computePlan(pt reflect.Type, name string) fieldPlan {
	st := pt.Elem()
	if name == "" {
		return fieldPlan{}
	}
	if _, err := strconv.Atoi(name); err == nil {
		return fieldPlan{}
	}
	f, ok := st.FieldByName(name)
	if ok && f.IsExported() {
		return dataField(f)
	}
	if _, ok := pt.MethodByName(name); ok {
		return fieldPlan{}
	}
	want := fold(name)
	f, ok = st.FieldByNameFunc(func(n string) bool { return fold(n) == want })
	if ok && f.IsExported() {
		return dataField(f)
	}
	return fieldPlan{}
}

func dataField(f reflect.StructField) fieldPlan {
	switch f.Type.Kind() {
	case reflect.Func, reflect.Interface:
		return fieldPlan{}
	}
	return fieldPlan{index: f.Index, ok: true}
}

// structField reads a cached plain field of a pointer to a struct.
func (c *Context) structField(v any, name string) (reflect.Value, bool) {
	if c.eng == nil {
		return reflect.Value{}, false
	}
	switch v.(type) {
	case *ForLoop, *Group, *blockNode:
		// These answer Django's names (forloop.parentloop), not Go's.
		return reflect.Value{}, false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Type().Elem().Kind() != reflect.Struct {
		return reflect.Value{}, false
	}
	p := c.eng.fields.plan(rv.Type(), name)
	if !p.ok {
		return reflect.Value{}, false
	}
	fv, err := rv.Elem().FieldByIndexErr(p.index)
	if err != nil {
		return reflect.Value{}, false
	}
	return fv, true
}

// lookup is one step of a dotted lookup with the engine's fast paths.
func (c *Context) lookup(v any, seg string) (any, bool) {
	if b, ok := v.(*blockNode); ok {
		switch seg {
		case "super":
			return b.super(c)
		case "name":
			// The BlockNode's own attribute.
			return b.name, true
		}
		return nil, false
	}
	if fv, ok := c.structField(v, seg); ok {
		if fv.Kind() == reflect.Struct && fv.CanAddr() {
			// Keep handing out pointers so nested lookups stay cheap.
			return fv.Addr().Interface(), true
		}
		return fv.Interface(), true
	}
	return lookupStep(v, seg)
}

// writeField prints a struct field without boxing it when its type is a
// plain string, integer or bool (no String method to honour).
func writeField(w *Buffer, fv reflect.Value, autoescape bool) bool {
	t := fv.Type()
	if t.PkgPath() != "" || t.Name() == "" {
		// A named type (it may have a String method) or a composite.
		if t != safeStringType {
			return false
		}
		w.WriteString(fv.String())
		return true
	}
	switch fv.Kind() {
	case reflect.String:
		if autoescape {
			w.WriteEscaped(fv.String())
		} else {
			w.WriteString(fv.String())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.b = strconv.AppendInt(w.b, fv.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		w.b = strconv.AppendUint(w.b, fv.Uint(), 10)
	case reflect.Bool:
		if fv.Bool() {
			w.WriteString("True")
		} else {
			w.WriteString("False")
		}
	default:
		return false
	}
	return true
}
