package fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// shape is the structure of a JSON example: the kind of each value, the key
// set of each object and, for arrays, the merge of all example elements (keys
// in every element are required, keys in some are optional, a key that is
// null in some element is nullable).
type shape struct {
	kind     string // object, array, string, integer, number, bool, null
	nullable bool
	fields   map[string]*shape
	required map[string]bool
	elem     *shape
}

func decodeJSON(t testing.TB, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, data)
	}
	return v
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case string:
		return "string"
	case json.Number:
		if strings.ContainsAny(x.String(), ".eE") {
			return "number"
		}
		return "integer"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func shapeOf(v any) *shape {
	sh := &shape{kind: jsonKind(v)}
	switch x := v.(type) {
	case map[string]any:
		sh.fields, sh.required = map[string]*shape{}, map[string]bool{}
		for k, fv := range x {
			sh.fields[k], sh.required[k] = shapeOf(fv), true
		}
	case []any:
		for _, e := range x {
			sh.elem = mergeShapes(sh.elem, shapeOf(e))
		}
	}
	return sh
}

func mergeShapes(a, b *shape) *shape {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case a.kind == "null":
		c := *b
		c.nullable = true
		return &c
	case b.kind == "null":
		c := *a
		c.nullable = true
		return &c
	}
	c := &shape{kind: a.kind, nullable: a.nullable || b.nullable}
	if pair := a.kind + "+" + b.kind; pair == "integer+number" || pair == "number+integer" {
		c.kind = "number"
	}
	if a.kind == "object" && b.kind == "object" {
		c.fields, c.required = map[string]*shape{}, map[string]bool{}
		for k, f := range a.fields {
			c.fields[k] = mergeShapes(f, b.fields[k])
			c.required[k] = a.required[k] && b.required[k]
		}
		for k, f := range b.fields {
			if _, seen := c.fields[k]; !seen {
				c.fields[k], c.required[k] = f, false
			}
		}
	}
	if a.kind == "array" {
		c.elem = mergeShapes(a.elem, b.elem)
	}
	return c
}

// shapeRules are the documented exceptions of one case, by path
// ("data.items.[].name"): keys the fake may add, and keys that may be null
// although the example shows a value.
type shapeRules struct {
	extra    []string
	nullable []string
}

func checkShape(t testing.TB, path string, want *shape, got any, rules shapeRules) {
	t.Helper()
	at := path
	if at == "" {
		at = "(root)"
	}
	if got == nil {
		if want.kind == "null" || want.nullable || slices.Contains(rules.nullable, path) {
			return
		}
		t.Errorf("%s: null, want %s", at, want.kind)
		return
	}
	gotKind := jsonKind(got)
	switch want.kind {
	case "null":
		// the example shows null: a string (or null) is what such fields carry
		if gotKind != "string" {
			t.Errorf("%s: %s, want null or string", at, gotKind)
		}
		return
	case "number":
		if gotKind != "number" && gotKind != "integer" {
			t.Errorf("%s: %s, want number", at, gotKind)
		}
		return
	}
	if gotKind != want.kind {
		t.Errorf("%s: %s, want %s (%v)", at, gotKind, want.kind, got)
		return
	}
	switch want.kind {
	case "object":
		obj := got.(map[string]any)
		for k, f := range want.fields {
			v, present := obj[k]
			if !present {
				if want.required[k] {
					t.Errorf("%s: missing key %q", at, k)
				}
				continue
			}
			checkShape(t, join(path, k), f, v, rules)
		}
		for k := range obj {
			if _, known := want.fields[k]; !known && !slices.Contains(rules.extra, join(path, k)) {
				t.Errorf("%s: unexpected key %q", at, k)
			}
		}
	case "array":
		arr := got.([]any)
		if want.elem == nil {
			return
		}
		if len(arr) == 0 {
			t.Errorf("%s: empty array, the example has items to compare", at)
		}
		for i, e := range arr {
			if i == 100 { // enough to catch a variant element
				break
			}
			checkShape(t, join(path, "[]"), want.elem, e, rules)
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// valueAt reads a decoded value by path ("data.items.0.jid").
func valueAt(v any, path string) (any, bool) {
	for _, part := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var present bool
			if v, present = x[part]; !present {
				return nil, false
			}
		case []any:
			var i int
			if _, err := fmt.Sscan(part, &i); err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

func TestShapeCheckerCatchesDrift(t *testing.T) {
	example := decodeJSON(t, []byte(`{"success":true,"data":[{"id":1,"to":"x","why":null},{"id":2,"to":"y","why":"r","opt":true}]}`))
	want := shapeOf(example)
	for _, tc := range []struct {
		name  string
		body  string
		fails bool
	}{
		{"same", `{"success":true,"data":[{"id":3,"to":"z","why":null}]}`, false},
		{"optional key from the second element", `{"success":true,"data":[{"id":3,"to":"z","why":"q","opt":false}]}`, false},
		{"id as string", `{"success":true,"data":[{"id":"3","to":"z","why":null}]}`, true},
		{"id as float", `{"success":true,"data":[{"id":3.5,"to":"z","why":null}]}`, true},
		{"missing key", `{"success":true,"data":[{"id":3,"why":null}]}`, true},
		{"extra key", `{"success":true,"data":[{"id":3,"to":"z","why":null,"new":1}]}`, true},
		{"null where a string is shown", `{"success":true,"data":[{"id":3,"to":null,"why":null}]}`, true},
		{"success missing", `{"data":[{"id":3,"to":"z","why":null}]}`, true},
		{"later element drifts", `{"success":true,"data":[{"id":3,"to":"z","why":null},{"id":4,"to":5,"why":null}]}`, true},
		{"empty array", `{"success":true,"data":[]}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			failed := !runsClean(func(tb testing.TB) { checkShape(tb, "", want, decodeJSON(tb, []byte(tc.body)), shapeRules{}) })
			if failed != tc.fails {
				t.Errorf("checker failed=%v, want %v", failed, tc.fails)
			}
		})
	}
}

// runsClean runs check against a recorder and reports whether it passed.
func runsClean(check func(testing.TB)) bool {
	r := &recorder{}
	check(r)
	return !r.failed
}

type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Error(...any)          { r.failed = true }
