package api

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestIDDecode(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		bad      bool
	}{
		{`1`, "1", false},
		{`100000`, "100000", false},
		{`"1001"`, "1001", false},
		{`" 501 "`, "501", false},
		{`"my-session-123"`, "my-session-123", false},
		{`null`, "", false},
		{`12345678901234567890`, "12345678901234567890", false}, // beyond int64: kept exactly
		{`1.5`, "1.5", false},
		{`"\u0031"`, "1", false},
		{`true`, "", true},
		{`{}`, "", true},
		{`[1]`, "", true},
	} {
		var id ID = "old"
		err := json.Unmarshal([]byte(tc.in), &id)
		if tc.bad {
			var te *json.UnmarshalTypeError
			if !errors.As(err, &te) {
				t.Errorf("%s: err = %v, want a type error", tc.in, err)
			}
			continue
		}
		if err != nil || string(id) != tc.want {
			t.Errorf("%s: %q %v, want %q", tc.in, id, err, tc.want)
		}
	}
	if n, ok := ID("1001").Int(); !ok || n != 1001 {
		t.Error("Int")
	}
	if _, ok := ID("abc").Int(); ok {
		t.Error("Int of a non-number")
	}
	if !ID("9").Less("10") || ID("10").Less("9") || !ID("a").Less("b") || !ID("10").Less("a") {
		t.Error("Less")
	}
	if ID("x").String() != "x" {
		t.Error("String")
	}
}

func TestIntDecode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Int
		bad  bool
	}{
		{`42`, 42, false}, {`"42"`, 42, false}, {`" 7 "`, 7, false}, {`null`, 0, false}, {`""`, 0, false},
		{`-3`, -3, false}, {`42.0`, 42, false}, {`1e3`, 1000, false},
		{`9007199254740993`, 9007199254740993, false}, // exact, not via float64
		{`"NaN"`, 0, true}, {`"Inf"`, 0, true}, {`"0x10"`, 0, true}, {`1e300`, 0, true},
		{`"abc"`, 0, true}, {`true`, 0, true}, {`{}`, 0, true}, {`[]`, 0, true},
	} {
		n := Int(99)
		err := json.Unmarshal([]byte(tc.in), &n)
		if tc.bad {
			if err == nil {
				t.Errorf("%s: accepted as %d", tc.in, n)
			}
			continue
		}
		if err != nil || n != tc.want {
			t.Errorf("%s: %d %v, want %d", tc.in, n, err, tc.want)
		}
	}
}

func TestBoolDecode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Bool
		bad  bool
	}{
		{`true`, true, false}, {`false`, false, false}, {`1`, true, false}, {`0`, false, false},
		{`"1"`, true, false}, {`"0"`, false, false}, {`"true"`, true, false}, {`"TRUE"`, true, false},
		{`"false"`, false, false}, {`null`, false, false}, {`""`, false, false},
		{`2`, false, true}, {`"maybe"`, false, true}, {`{}`, false, true}, {`[]`, false, true},
	} {
		b := Bool(!tc.want)
		err := json.Unmarshal([]byte(tc.in), &b)
		if tc.bad {
			if err == nil {
				t.Errorf("%s: accepted as %v", tc.in, b)
			}
			continue
		}
		if err != nil || b != tc.want {
			t.Errorf("%s: %v %v, want %v", tc.in, b, err, tc.want)
		}
	}
}

func TestTimeDecode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time // zero = the zero time
		bad  bool
	}{
		{`"2025-09-23T12:00:00.000000Z"`, utc("2025-09-23T12:00:00Z"), false}, // session logs: RFC 3339, microseconds
		{`"2025-09-23T11:59:30.123456Z"`, utc("2025-09-23T11:59:30.123456Z"), false},
		{`"2023-10-27 10:30:15"`, utc("2023-10-27T10:30:15Z"), false},       // message logs: Laravel, read as UTC
		{`"2025-04-01T12:00:00Z"`, utc("2025-04-01T12:00:00Z"), false},      // sessions
		{`"2026-07-09T12:30:00+02:00"`, utc("2026-07-09T10:30:00Z"), false}, // with an offset
		{`1678886400`, time.Unix(1678886400, 0), false},                     // unix seconds, number
		{`"1751297488"`, time.Unix(1751297488, 0), false},                   // unix seconds, string
		{`1747775431467`, time.UnixMilli(1747775431467), false},             // unix milliseconds
		{`"1747775431467"`, time.UnixMilli(1747775431467), false},
		{`"2023-10-27"`, utc("2023-10-27T00:00:00Z"), false},
		{`"2023-10-27T10:30:15"`, utc("2023-10-27T10:30:15Z"), false},
		{`"2023\u002d10-27 10:30:15"`, utc("2023-10-27T10:30:15Z"), false}, // escapes are decoded
		{`null`, time.Time{}, false},
		{`""`, time.Time{}, false},
		{`0`, time.Time{}, false}, // "creation": 0 is unknown, not 1970
		{`"yesterday"`, time.Time{}, true},
		{`"NaN"`, time.Time{}, true},
		{`true`, time.Time{}, true},
		{`{}`, time.Time{}, true},
		{`1e300`, time.Time{}, true},
	} {
		var tm Time
		tm.Time = time.Unix(1, 0)
		err := json.Unmarshal([]byte(tc.in), &tm)
		if tc.bad {
			var te *json.UnmarshalTypeError
			if !errors.As(err, &te) {
				t.Errorf("%s: err = %v, want a type error", tc.in, err)
			}
			continue
		}
		if err != nil || !tm.Equal(tc.want) || tm.IsZero() != tc.want.IsZero() {
			t.Errorf("%s: %v %v, want %v", tc.in, tm.Time, err, tc.want)
		}
	}
	b, _ := json.Marshal(Time{utc("2025-09-23T12:00:00Z")})
	if string(b) != `"2025-09-23T12:00:00Z"` {
		t.Errorf("marshal = %s", b)
	}
	if b, _ := json.Marshal(Time{}); string(b) != "null" {
		t.Errorf("marshal zero = %s", b)
	}
	if tm, err := parseTime(""); err != nil || !tm.IsZero() {
		t.Error("parseTime empty")
	}
}

func TestStatusIs(t *testing.T) {
	for _, tc := range []struct {
		in    string
		is    string
		not   string
		keeps string
	}{
		{`"NEED_SCAN"`, StatusNeedScan, StatusConnected, "NEED_SCAN"},
		{`"need_scan"`, StatusNeedScan, StatusNeedPasskey, "need_scan"},
		{`"DISCONNECTED"`, StatusDisconnected, StatusConnected, "DISCONNECTED"},
		{`"Connected"`, StatusConnected, StatusConnecting, "Connected"},
		{`" connected "`, StatusConnected, "", "connected"},
		{`"UNAUTHENTICATED"`, "unauthenticated", StatusConnected, "UNAUTHENTICATED"}, // unknown values kept
		{`"prologue_sent"`, "PROLOGUE_SENT", StatusExpired, "prologue_sent"},
		{`2`, "2", StatusSent, "2"},
		{`null`, "", StatusConnected, ""},
	} {
		var s Status
		if err := json.Unmarshal([]byte(tc.in), &s); err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if string(s) != tc.keeps || s.String() != tc.keeps {
			t.Errorf("%s: kept %q, want %q", tc.in, s, tc.keeps)
		}
		if !s.Is(tc.is) || (tc.not != "" && s.Is(tc.not)) {
			t.Errorf("%s: Is(%q)=%v Is(%q)=%v", tc.in, tc.is, s.Is(tc.is), tc.not, s.Is(tc.not))
		}
		if s.Norm() != strings.ToLower(tc.keeps) {
			t.Errorf("%s: Norm %q", tc.in, s.Norm())
		}
	}
}

func TestTextDecode(t *testing.T) {
	for in, want := range map[string]string{
		`"hi"`: "hi", `null`: "", `42`: "42", `{"a":1}`: `{"a":1}`, `["x"]`: `["x"]`, `"\u00e9\/"`: "é/",
	} {
		var tx Text = "old"
		if err := json.Unmarshal([]byte(in), &tx); err != nil || string(tx) != want || tx.String() != want {
			t.Errorf("%s: %q %v, want %q", in, tx, err, want)
		}
	}
}

func TestContentText(t *testing.T) {
	for _, tc := range []struct{ name, raw, want string }{
		{"string-encoded JSON", `"{\"text\":\"Hello! How can we help you today?\"}"`, "Hello! How can we help you today?"},
		{"object", `{"text":"hi there"}`, "hi there"},
		{"plain text", `"just words"`, "just words"},
		{"null", `null`, ""},
		{"absent", ``, ""},
		{"image with caption", `"{\"imageUrl\":\"https://x/y.jpg\",\"text\":\"look\"}"`, "[image] https://x/y.jpg look"},
		{"document", `{"documentUrl":"https://x/r.pdf","fileName":"report.pdf"}`, "[document report.pdf] https://x/r.pdf"},
		{"file name only labels documents", `{"imageUrl":"https://x/p.png","fileName":"p.png"}`, "[image] https://x/p.png"},
		{"audio, video, sticker", `{"audioUrl":"a","videoUrl":"v","stickerUrl":"s"}`, "[video] v [audio] a [sticker] s"},
		{"location", `"{\"location\":{\"latitude\":37.7749,\"longitude\":-122.4194,\"name\":\"SF\",\"address\":\"CA\"}}"`,
			"[location] SF, CA, 37.7749, -122.4194"},
		{"contact card", `{"contact":{"name":"John","phone":"+1234"}}`, "[contact] John, +1234"},
		{"poll", `{"poll":{"question":"Lunch?","options":["a","b"]}}`, "[poll] Lunch?"},
		{"unknown object", `{"reaction":"👍"}`, `{"reaction":"👍"}`},
		{"number", `5`, "5"},
		{"encoded null", `"null"`, "null"},
		{"text not a string", `{"text":5}`, `{"text":5}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c Content
			if tc.raw != "" {
				if err := json.Unmarshal([]byte(tc.raw), &c); err != nil {
					t.Fatal(err)
				}
			}
			if got := c.Text(); got != tc.want {
				t.Errorf("Text() = %q, want %q", got, tc.want)
			}
		})
	}
	var c Content
	json.Unmarshal([]byte(`"{\"text\":\"x\",\"imageUrl\":\"u\"}"`), &c)
	if f := c.Fields(); f["text"] != "x" || f["imageUrl"] != "u" {
		t.Errorf("Fields = %v", f)
	}
	if b, _ := json.Marshal(Content{}); string(b) != "null" {
		t.Errorf("marshal empty = %s", b)
	}
	if b, _ := json.Marshal(c); string(b) != `"{\"text\":\"x\",\"imageUrl\":\"u\"}"` {
		t.Errorf("marshal keeps the raw form, got %s", b)
	}
}

func TestJIDPhone(t *testing.T) {
	for in, want := range map[string]string{
		"1234567890:42@s.whatsapp.net": "+1234567890", "1234567890@s.whatsapp.net": "+1234567890",
		"1234567890": "+1234567890", "+1234567890": "+1234567890",
		"123456789-987654321@g.us": "", "123@lid": "", "": "", "abc@s.whatsapp.net": "",
	} {
		if got := JIDPhone(in); got != want {
			t.Errorf("JIDPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDeliveryStatus(t *testing.T) {
	for n, want := range map[Int]string{0: "error", 1: "pending", 2: "sent", 3: "delivered", 4: "read", 5: "played", 6: "unknown", -1: "unknown"} {
		if got := (MessageInfo{Status: n}).DeliveryStatus(); got != want {
			t.Errorf("%d: %q", n, got)
		}
	}
}

func TestParticipantShapes(t *testing.T) {
	for in, want := range map[string]Participant{
		`{"jid":"1","isAdmin":true,"isSuperAdmin":true}`: {"1", "superadmin"},
		`{"jid":"1","isAdmin":"1"}`:                      {"1", "admin"},
		`{"id":"2@lid","admin":"admin"}`:                 {"2@lid", "admin"},
		`{"id":"2@lid","admin":"SUPERADMIN"}`:            {"2@lid", "superadmin"},
		`{"id":"2@lid","admin":null}`:                    {"2@lid", ""},
		`"3@s.whatsapp.net"`:                             {"3@s.whatsapp.net", ""},
	} {
		var p Participant
		if err := json.Unmarshal([]byte(in), &p); err != nil || p != want {
			t.Errorf("%s: %+v %v, want %+v", in, p, err, want)
		}
	}
	var p Participant
	if err := json.Unmarshal([]byte(`{"jid":"1","isAdmin":"perhaps"}`), &p); err == nil {
		t.Error("a bad isAdmin was accepted")
	}
}

func TestStatusDropsControlCharacters(t *testing.T) {
	var s Status
	if err := json.Unmarshal([]byte(`"conn\u001b[31mected\u0007"`), &s); err != nil {
		t.Fatal(err)
	}
	if s != "conn [31mected" { // cleaned as every Text is: the escape became a space
		t.Fatalf("status = %q", s)
	}
}
