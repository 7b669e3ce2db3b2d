package session

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"testing"
)

// slowDecode is decodeOrdered without its fast path.
func slowDecode(data []byte) ([]string, map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil {
		return nil, nil, err
	}
	var order []string
	values := map[string]any{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		k, _ := tok.(string)
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, nil, err
		}
		if _, dup := values[k]; !dup {
			order = append(order, k)
		}
		values[k] = v
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, io.ErrUnexpectedEOF
	}
	return order, values, nil
}

// The fast path reads what the JSON decoder reads, and leaves the rest to
// it.
func TestDecodeFlatAgreesWithDecoder(t *testing.T) {
	fast := []string{
		`{}`,
		`{"_auth_user_id":"7","_auth_user_backend":"django.contrib.auth.backends.ModelBackend","_auth_user_hash":"ab12"}`,
		`{"a":true,"b":false,"c":null,"d":""}`,
		`{"a":"1","a":"2","b":"x"}`,
		"{\"é\":\"ü€\",\"x\":\"\x7f\"}",
	}
	slow := []string{
		`{"n":1}`, `{"a":"\n"}`, `{"a":"\"q"}`, `{"a":[1]}`, `{"a":{"b":"c"}}`,
		`{ "a":"b"}`, `{"a" :"b"}`, `{"a":"b",}`, `{"a":"b"`, `{"a":"b"}x`, `{"a":tru}`,
		`{"a":"b"}}`, `[]`, `{"a":"` + "\xff" + `"}`, `{"a":"b"` + "\t}", `{"a":"` + "\x01" + `"}`,
	}
	for _, in := range fast {
		order, values, ok := decodeFlat([]byte(in))
		if !ok {
			t.Errorf("%s: no fast path", in)
			continue
		}
		wo, wv, err := slowDecode([]byte(in))
		if err != nil || !reflect.DeepEqual(order, wo) || !reflect.DeepEqual(values, wv) {
			t.Errorf("%s: fast %v %v, decoder %v %v %v", in, order, values, wo, wv, err)
		}
	}
	for _, in := range slow {
		if _, _, ok := decodeFlat([]byte(in)); ok {
			t.Errorf("%s: taken by the fast path", in)
		}
	}
}
