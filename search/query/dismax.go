package query

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseDisMax parses a q without ':' the way Solr's DisMax parser reads it
// for CKAN: words, +word (required), -word (excluded) and "quoted phrases".
// Nothing else is syntax, so no input is an error except local parameters.
// As in Solr, an odd number of double quotes removes them all, and a lone
// + or - is ignored. The empty query, "" and *:* match everything.
func ParseDisMax(s string) (Node, error) {
	if err := checkLocalParams(s); err != nil {
		return nil, err
	}
	if strings.TrimSpace(s) == "*:*" {
		return &MatchAll{}, nil
	}
	if strings.Count(s, `"`)%2 == 1 {
		s = strings.ReplaceAll(s, `"`, "")
	}
	var cs []Clause
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		start := i
		occ := Should
		if r == '+' || r == '-' {
			i++
			if i >= len(s) {
				break
			}
			if next, _ := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(next) {
				continue
			}
			occ = Must
			if r == '-' {
				occ = MustNot
			}
		}
		if s[i] == '"' {
			// Quotes are balanced here, so a closing one exists.
			end := strings.IndexByte(s[i+1:], '"') + i + 1
			text := s[i+1 : end]
			i = end + 1
			if strings.TrimSpace(text) == "" {
				continue
			}
			cs = append(cs, Clause{Occur: occ, Query: &Phrase{Text: text, Pos: start}})
			continue
		}
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if unicode.IsSpace(r) || r == '"' {
				break
			}
			j += size
		}
		cs = append(cs, Clause{Occur: occ, Query: &Term{Value: s[i:j], Pos: start}})
		i = j
	}
	if len(cs) == 0 {
		return &MatchAll{}, nil
	}
	return &DisMax{Clauses: cs}, nil
}

// MinShouldMatch applies CKAN's mm="2<-1 5<80%" to n optional clauses: up
// to 2 clauses all are required, 3 to 5 all but one, and above 5 80%
// rounded down, as Solr truncates percentages.
func MinShouldMatch(n int) int {
	switch {
	case n <= 0:
		return 0
	case n <= 2:
		return n
	case n <= 5:
		return n - 1
	default:
		return n * 80 / 100
	}
}

// IsFielded applies CKAN's parser choice to q: true (use [ParseLucene])
// when q contains a ':' outside a double-quoted phrase, false (use
// [ParseDisMax]) otherwise. A backslash-escaped ':' still counts, since only
// Lucene syntax has escapes; a quote that is never closed protects nothing.
func IsFielded(q string) bool {
	for i := 0; i < len(q); i++ {
		switch q[i] {
		case ':':
			return true
		case '\\':
			if i+1 < len(q) && q[i+1] == ':' {
				return true
			}
			i++
		case '"':
			if end := closingQuote(q, i+1); end >= 0 {
				i = end
			}
		}
	}
	return false
}

// closingQuote returns the index of the next unescaped '"' at or after i,
// or -1.
func closingQuote(q string, i int) int {
	for ; i < len(q); i++ {
		switch q[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}
