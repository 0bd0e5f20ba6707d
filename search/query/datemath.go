package query

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// dateLayouts are the absolute forms accepted, all read as UTC unless they
// carry an offset. The naive form with a fraction is how CKAN stores
// metadata_modified, and the harvester sends it with a trailing Z.
var dateLayouts = []string{
	time.RFC3339Nano, // 2024-05-01T10:20:30.123456Z; the fraction is optional
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02",
}

// maxDatePrefix bounds where an absolute date can end before date math
// starts ("2024-05-01T10:20:30.123456789+07:00" is 35 bytes).
const maxDatePrefix = 40

var errDateRange = errors.New("date is outside the years 1 to 9999")

// ParseDateMath reads a Solr date: NOW or an ISO 8601 date, followed by any
// number of date-math steps: +N<UNIT>, -N<UNIT> (add or subtract) and
// /<UNIT> (round down), applied left to right in UTC. Units are YEAR,
// MONTH, DAY (or DATE), HOUR, MINUTE, SECOND and MILLI (or MILLISECOND),
// singular or plural. Examples: NOW-1DAY, NOW/DAY+1MONTH,
// 2024-05-01T10:20:30.123456Z, 2024-05-01/MONTH.
func ParseDateMath(s string, now time.Time) (time.Time, error) {
	var base time.Time
	var rest string
	if strings.HasPrefix(s, "NOW") {
		base, rest = now.UTC(), s[len("NOW"):]
	} else {
		var err error
		base, rest, err = splitDate(s)
		if err != nil {
			return time.Time{}, err
		}
	}
	return applyDateMath(base, rest)
}

// splitDate parses the longest-looking absolute date at the start of s and
// returns the remaining date math. The whole string is tried first so that
// an offset such as -07:00 is not mistaken for subtraction.
func splitDate(s string) (time.Time, string, error) {
	if t, ok := parseAbsolute(s); ok {
		return t, "", nil
	}
	for i := 10; i < len(s) && i <= maxDatePrefix; i++ {
		if c := s[i]; c != '+' && c != '-' && c != '/' {
			continue
		}
		if t, ok := parseAbsolute(s[:i]); ok {
			return t, s[i:], nil
		}
	}
	return time.Time{}, "", fmt.Errorf("invalid date %q: use an ISO 8601 date such as 2024-05-01T10:20:30Z, or NOW with date math such as NOW-1DAY", s)
}

func parseAbsolute(s string) (time.Time, bool) {
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func applyDateMath(t time.Time, expr string) (time.Time, error) {
	rest := expr
	for rest != "" {
		op := rest[0]
		rest = rest[1:]
		var err error
		switch op {
		case '/':
			var unit string
			unit, rest, err = readUnit(rest)
			if err != nil {
				return time.Time{}, err
			}
			t = roundDate(t, unit)
		case '+', '-':
			i := 0
			for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
				i++
			}
			if i == 0 || i > 9 {
				return time.Time{}, fmt.Errorf("date math %q needs a number of at most 9 digits after %q, e.g. NOW-1DAY", expr, op)
			}
			n, _ := strconv.Atoi(rest[:i])
			if op == '-' {
				n = -n
			}
			var unit string
			unit, rest, err = readUnit(rest[i:])
			if err != nil {
				return time.Time{}, err
			}
			t, err = addDate(t, n, unit)
			if err != nil {
				return time.Time{}, err
			}
		default:
			return time.Time{}, fmt.Errorf("unexpected %q in date math %q; expected +N<UNIT>, -N<UNIT> or /<UNIT>", op, expr)
		}
		if y := t.Year(); y < 1 || y > 9999 {
			return time.Time{}, errDateRange
		}
	}
	return t, nil
}

// readUnit reads a unit name and returns its canonical singular form.
func readUnit(s string) (string, string, error) {
	i := 0
	for i < len(s) && (s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 'a' && s[i] <= 'z') {
		i++
	}
	switch u := strings.ToUpper(s[:i]); u {
	case "YEAR", "YEARS":
		return "YEAR", s[i:], nil
	case "MONTH", "MONTHS":
		return "MONTH", s[i:], nil
	case "DAY", "DAYS", "DATE":
		return "DAY", s[i:], nil
	case "HOUR", "HOURS":
		return "HOUR", s[i:], nil
	case "MINUTE", "MINUTES":
		return "MINUTE", s[i:], nil
	case "SECOND", "SECONDS":
		return "SECOND", s[i:], nil
	case "MILLI", "MILLIS", "MILLISECOND", "MILLISECONDS":
		return "MILLI", s[i:], nil
	default:
		return "", "", fmt.Errorf("unknown date unit %q; use YEAR, MONTH, DAY, HOUR, MINUTE, SECOND or MILLI", s[:i])
	}
}

func roundDate(t time.Time, unit string) time.Time {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	switch unit {
	case "YEAR":
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	case "MONTH":
		return time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC)
	case "DAY":
		return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	case "HOUR":
		return time.Date(y, mo, d, h, 0, 0, 0, time.UTC)
	case "MINUTE":
		return time.Date(y, mo, d, h, mi, 0, 0, time.UTC)
	case "SECOND":
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	default: // MILLI
		ms := t.Nanosecond() / int(time.Millisecond) * int(time.Millisecond)
		return time.Date(y, mo, d, h, mi, s, ms, time.UTC)
	}
}

func addDate(t time.Time, n int, unit string) (time.Time, error) {
	var step time.Duration
	switch unit {
	case "YEAR":
		return t.AddDate(n, 0, 0), nil
	case "MONTH":
		return t.AddDate(0, n, 0), nil
	case "DAY":
		return t.AddDate(0, 0, n), nil
	case "HOUR":
		step = time.Hour
	case "MINUTE":
		step = time.Minute
	case "SECOND":
		step = time.Second
	default:
		step = time.Millisecond
	}
	// Multiplying first would overflow for large counts; such offsets are
	// beyond any date an index can hold anyway.
	if int64(n) > math.MaxInt64/int64(step) || int64(n) < math.MinInt64/int64(step) {
		return time.Time{}, errDateRange
	}
	return t.Add(time.Duration(n) * step), nil
}
