package thai

import "testing"

func TestOtherEraYear(t *testing.T) {
	tests := []struct {
		token, prev string
		thai        bool
		want        string
		ok          bool
	}{
		{"2568", "พ.ศ.", false, "2025", true},
		{"2568", "", true, "2025", true},
		{"2568", "ปี", true, "2025", true},
		{"2568", "", false, "", false}, // bare number in non-Thai text
		{"2568", "ค.ศ.", true, "", false},
		{"2400", "พ.ศ.", false, "1857", true},
		{"2700", "", true, "2157", true},
		{"2701", "", true, "", false},
		{"2025", "", false, "2568", true},
		{"2025", "ค.ศ.", true, "2568", true},
		{"2025", "พ.ศ.", true, "", false},
		{"1900", "", false, "2443", true},
		{"2150", "", false, "2693", true},
		{"2151", "", true, "", false},
		{"1899", "", true, "", false},
		{"25680", "", true, "", false},
		{"256", "", true, "", false},
		{"2,56", "", true, "", false},
		{"๒๕๖๘", "", true, "", false}, // callers normalise first
		{"", "", true, "", false},
	}
	for _, tt := range tests {
		got, ok := OtherEraYear(tt.token, tt.prev, tt.thai)
		if got != tt.want || ok != tt.ok {
			t.Errorf("OtherEraYear(%q, %q, %v) = %q, %v; want %q, %v", tt.token, tt.prev, tt.thai, got, ok, tt.want, tt.ok)
		}
	}
}
