package query

import (
	"testing"
	"time"
)

func TestParseDateMath(t *testing.T) {
	now := time.Date(2024, 6, 15, 12, 34, 56, 789_000_000, time.FixedZone("ICT", 7*3600))
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	tests := []struct {
		in   string
		want time.Time
	}{
		{"NOW", now.UTC()},
		{"NOW-1DAY", utc(2024, 6, 14, 5, 34, 56, 789_000_000)},
		{"NOW/DAY", utc(2024, 6, 15, 0, 0, 0, 0)},
		{"NOW+1MONTH", utc(2024, 7, 15, 5, 34, 56, 789_000_000)},
		{"NOW/DAY+1DAY", utc(2024, 6, 16, 0, 0, 0, 0)},
		{"NOW/YEAR", utc(2024, 1, 1, 0, 0, 0, 0)},
		{"NOW/MONTH-1MONTH", utc(2024, 5, 1, 0, 0, 0, 0)},
		{"NOW-7DAYS", utc(2024, 6, 8, 5, 34, 56, 789_000_000)},
		{"NOW-2HOURS/HOUR", utc(2024, 6, 15, 3, 0, 0, 0)},
		{"NOW+30MINUTES", utc(2024, 6, 15, 6, 4, 56, 789_000_000)},
		{"NOW-1SECOND/SECOND", utc(2024, 6, 15, 5, 34, 55, 0)},
		{"NOW/MILLI", utc(2024, 6, 15, 5, 34, 56, 789_000_000)},
		{"NOW+1DATE", utc(2024, 6, 16, 5, 34, 56, 789_000_000)},
		{"NOW-1year", utc(2023, 6, 15, 5, 34, 56, 789_000_000)},
		{"2024-05-01T10:20:30.123456Z", utc(2024, 5, 1, 10, 20, 30, 123_456_000)},
		{"2024-05-01T10:20:30Z", utc(2024, 5, 1, 10, 20, 30, 0)},
		{"2024-05-01T10:20:30.123456", utc(2024, 5, 1, 10, 20, 30, 123_456_000)},
		{"2024-05-01T10:20:30+07:00", utc(2024, 5, 1, 3, 20, 30, 0)},
		{"2024-05-01T10:20:30-07:00", utc(2024, 5, 1, 17, 20, 30, 0)},
		{"2024-05-01", utc(2024, 5, 1, 0, 0, 0, 0)},
		{"2024-05-01T10:20", utc(2024, 5, 1, 10, 20, 0, 0)},
		{"2024-05-01T10:20:30Z-1DAY", utc(2024, 4, 30, 10, 20, 30, 0)},
		{"2024-05-01T10:20:30Z/MONTH", utc(2024, 5, 1, 0, 0, 0, 0)},
		{"2024-05-31+1MONTH", utc(2024, 7, 1, 0, 0, 0, 0)},
		{"2024-05-01T10:20:30.5-1HOUR", utc(2024, 5, 1, 9, 20, 30, 500_000_000)},
	}
	for _, tt := range tests {
		got, err := ParseDateMath(tt.in, now)
		if err != nil {
			t.Errorf("ParseDateMath(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) {
			t.Errorf("ParseDateMath(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseDateMathErrors(t *testing.T) {
	now := time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)
	for _, in := range []string{
		"", "yesterday", "NOW-DAY", "NOW-1WEEK", "NOW*2", "NOW-1", "2024-13-01", "2024-05-01Tx",
		"NOW+9999999999DAYS", "NOW+99999YEARS", "NOW-999999999MINUTES", "NOW/", "2024-05-01+1",
	} {
		if got, err := ParseDateMath(in, now); err == nil {
			t.Errorf("ParseDateMath(%q) = %s, want an error", in, got)
		}
	}
}
