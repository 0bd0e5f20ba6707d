package thai

import (
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestSortKeyThaiOrder(t *testing.T) {
	// Thai dictionary order: pre-posed vowels sort under their consonant,
	// so เกษตร comes before ขอนแก่น although เ (U+0E40) > ข (U+0E02).
	want := []string{
		"กรุงเทพมหานคร", "กองทุน", "เกษตร", "ไก่", "ขอนแก่น", "โครงการ",
		"งบประมาณ", "ชลบุรี", "เชียงใหม่", "ใบอนุญาต", "แพร่",
	}
	got := slices.Clone(want)
	slices.Reverse(got)
	sort.Slice(got, func(i, j int) bool { return SortKey(got[i]) < SortKey(got[j]) })
	if !slices.Equal(got, want) {
		t.Errorf("sorted by SortKey:\n got %v\nwant %v", got, want)
	}
	// Byte order really is different, or the test proves nothing.
	bytewise := slices.Clone(want)
	sort.Strings(bytewise)
	if slices.Equal(bytewise, want) {
		t.Fatal("test data is already in byte order")
	}
}

func TestSortKeyProperties(t *testing.T) {
	if SortKey("เเพร่") != SortKey("แพร่") {
		t.Error("SortKey does not normalise doubled SARA E")
	}
	if SortKey("Data") != SortKey("data") {
		t.Error("SortKey is case-sensitive")
	}
	for _, k := range []string{SortKey(""), SortKey("ก"), SortKey("\xff")} {
		if strings.Trim(k, "0123456789abcdef") != "" {
			t.Errorf("key %q is not lower-case hex", k)
		}
	}
	long := strings.Repeat("ก", 500)
	if SortKey(long) != SortKey(long+"ข") {
		t.Error("SortKey does not bound its input")
	}
}

// CollationKey orders as SortKey does.
func TestCollationKeyOrder(t *testing.T) {
	words := []string{"ไก่", "กา", "เกม", "ขวด", "Apple", "apple", "banana", "", "แกง", "โกง"}
	for _, a := range words {
		for _, b := range words {
			if got, want := strings.Compare(CollationKey(a), CollationKey(b)), strings.Compare(SortKey(a), SortKey(b)); got != want {
				t.Errorf("%q vs %q: CollationKey %d, SortKey %d", a, b, got, want)
			}
		}
	}
}
