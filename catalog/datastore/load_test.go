package datastore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/khlang/khlang/catalog"
)

const thaiCSV = "จังหวัด,ปี,มูลค่า,วันที่\nกรุงเทพมหานคร,2568,1500.5,2025-01-31\nเชียงใหม่,2567,20,2024-12-01\n"

func TestLoadCSVVariants(t *testing.T) {
	tis, err := charmap.Windows874.NewEncoder().String(thaiCSV)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, data, enc, delim string
	}{
		{"utf8", thaiCSV, "utf-8", ","},
		{"utf8 bom", "\ufeff" + thaiCSV, "utf-8-sig", ","},
		{"tis620", tis, "tis-620", ","},
		{"semicolon crlf", strings.ReplaceAll(strings.ReplaceAll(thaiCSV, ",", ";"), "\n", "\r\n"), "utf-8", ";"},
		{"tab", strings.ReplaceAll(thaiCSV, ",", "\t"), "utf-8", "\t"},
	}
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				rep, err := s.Load(ctx, "load1", strings.NewReader(c.data), "data.csv", LoadOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if rep.Encoding != c.enc || rep.Delimiter != c.delim || !rep.Header || rep.RowsLoaded != 2 || rep.RowsRejected != 0 {
					t.Fatalf("report %s", mustJSON(t, rep))
				}
				if got := mustJSON(t, rep.Fields); got != `[{"id":"จังหวัด","type":"text"},{"id":"ปี","type":"int4"},{"id":"มูลค่า","type":"numeric"},{"id":"วันที่","type":"date"}]` {
					t.Fatalf("fields %s", got)
				}
				res, err := s.Search(ctx, SearchRequest{ResourceID: "load1", RecordsFormat: FormatLists})
				if err != nil {
					t.Fatal(err)
				}
				if got := mustJSON(t, res.Records); got != `[[1,"กรุงเทพมหานคร",2568,1500.5,"2025-01-31"],[2,"เชียงใหม่",2567,20,"2024-12-01"]]` {
					t.Fatalf("records %s", got)
				}
			})
		}
	})
}

func TestLoadXLSXThai(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{{"ชื่อ", "จำนวน"}, {"ข้าวหอมมะลิ", 12}, {"ยางพารา", 7}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		rep, err := s.Load(ctx, "xl", bytes.NewReader(buf.Bytes()), "สินค้า.xlsx", LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Format != "xlsx" || rep.RowsLoaded != 2 || mustJSON(t, rep.Fields) != `[{"id":"ชื่อ","type":"text"},{"id":"จำนวน","type":"int4"}]` {
			t.Fatalf("report %s", mustJSON(t, rep))
		}
		res, err := s.Search(ctx, SearchRequest{ResourceID: "xl", Q: "ยางพารา", RecordsFormat: FormatLists, Fields: []string{"ชื่อ", "จำนวน"}})
		if err != nil {
			t.Fatal(err)
		}
		if got := mustJSON(t, res.Records); got != `[["ยางพารา",7]]` {
			t.Fatalf("records %s", got)
		}
	})
}

func TestLoadRejectsMalformedRows(t *testing.T) {
	data := "a,b\n1,x\n2,y,extra\n3\n4,z,\nabc,w\n"
	each(t, func(t *testing.T, s *Store) {
		rep, err := s.Load(context.Background(), "bad", strings.NewReader(data), "bad.csv",
			LoadOptions{SampleRows: 2, Fields: []Field{{ID: "b", Info: map[string]any{"label": "B"}}}})
		if err != nil {
			t.Fatal(err)
		}
		want := `[{"line":3,"reason":"expected 2 fields, found 3"},{"line":4,"reason":"expected 2 fields, found 1"},` +
			`{"line":6,"reason":"column \"a\": invalid input syntax for type integer: \"abc\""}]`
		if rep.RowsLoaded != 2 || rep.RowsRejected != 3 || mustJSON(t, rep.Rejections) != want {
			t.Fatalf("report %s", mustJSON(t, rep))
		}
		res, err := s.Search(context.Background(), SearchRequest{ResourceID: "bad", RecordsFormat: FormatLists})
		if err != nil {
			t.Fatal(err)
		}
		if got := mustJSON(t, res.Records); got != `[[1,1,"x"],[2,4,"z"]]` || res.Fields[2].Info["label"] != "B" {
			t.Fatalf("records %s fields %v", got, res.Fields)
		}
	})
}

// failingReader returns its data, then an error: the upload broke mid-way.
type failingReader struct{ r io.Reader }

func (f *failingReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if errors.Is(err, io.EOF) {
		return n, errors.New("connection reset")
	}
	return n, err
}

func TestFailedLoadKeepsOldTable(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		createBooks(t, s)
		if _, err := s.Create(ctx, CreateRequest{ResourceID: bookID, Aliases: []string{"books"}}); err != nil {
			t.Fatal(err)
		}
		var big strings.Builder
		big.WriteString("x,y\n")
		for i := range 30000 {
			fmt.Fprintf(&big, "%d,row %d\n", i, i)
		}
		_, err := s.Load(ctx, bookID, &failingReader{strings.NewReader(big.String())}, "x.csv", LoadOptions{})
		if !errors.Is(err, catalog.ErrInvalid) {
			t.Fatalf("want a failed load, got %v", err)
		}
		res, err := s.Search(ctx, SearchRequest{ResourceID: "books", RecordsFormat: FormatLists})
		if err != nil {
			t.Fatal(err)
		}
		if got := mustJSON(t, res.Records); got != `[[1,"annakarenina","tolstoy"],[2,"warandpeace","tolstoy"]]` {
			t.Fatalf("old table changed: %s", got)
		}
		// A good load replaces it and keeps the alias.
		rep, err := s.Load(ctx, bookID, strings.NewReader(big.String()), "x.csv", LoadOptions{})
		if err != nil || rep.RowsLoaded != 30000 {
			t.Fatalf("reload: %v %v", rep, err)
		}
		res, err = s.Search(ctx, SearchRequest{ResourceID: "books", Q: "29999", Fields: []string{"x", "y"}, RecordsFormat: FormatLists})
		if err != nil {
			t.Fatal(err)
		}
		if got := mustJSON(t, res.Records); got != `[[29999,"row 29999"]]` || *res.Total != 1 {
			t.Fatalf("after reload: %s", got)
		}
	})
}

func BenchmarkLoad(b *testing.B) {
	const rows = 100000
	var buf bytes.Buffer
	buf.WriteString("id,region,amount\n")
	for i := range rows {
		fmt.Fprintf(&buf, "%d,region %d,%d.5\n", i, i%50, i%1000)
	}
	data := buf.Bytes()
	for _, bk := range backends(b) {
		b.Run(bk.name, func(b *testing.B) {
			s := openStore(b, bk, nil)
			b.ResetTimer()
			for b.Loop() {
				if _, err := s.Load(context.Background(), "bench", bytes.NewReader(data), "b.csv", LoadOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
