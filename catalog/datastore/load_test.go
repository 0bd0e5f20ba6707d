package datastore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"
	"testing"
	"time"

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

// TestLoadManySmallTables loads 50 tiny tables into one store (the sample catalog's shape)
// and checks every one holds its own rows and full text, then reloads one of them.
func TestLoadManySmallTables(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		const n = 50
		for i := range n {
			data := fmt.Sprintf("รหัส,ชื่อ,จำนวน\n%d,หมู่บ้าน%d,%d\n%d,ตำบล%d,%d\n", i, i, i*10, i+1000, i, i*10+1)
			rep, err := s.Load(ctx, fmt.Sprintf("tiny-%02d", i), strings.NewReader(data), "t.csv", LoadOptions{})
			if err != nil {
				t.Fatalf("load %d: %v", i, err)
			}
			if rep.RowsLoaded != 2 {
				t.Fatalf("load %d: %s", i, mustJSON(t, rep))
			}
		}
		tables, err := s.Tables(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(tables) != n {
			t.Fatalf("want %d tables, got %d", n, len(tables))
		}
		for i := range n {
			id := fmt.Sprintf("tiny-%02d", i)
			res, err := s.Search(ctx, SearchRequest{ResourceID: id, Q: fmt.Sprintf("ตำบล%d", i), RecordsFormat: FormatLists})
			if err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf(`[[2,%d,"ตำบล%d",%d,`, i+1000, i, i*10+1)
			if got := mustJSON(t, res.Records); !strings.HasPrefix(got, want) || *res.Total != 1 {
				t.Fatalf("%s: full-text search got %s total %d", id, got, *res.Total)
			}
		}
		// A reload of one table replaces its rows and leaves the others alone.
		if _, err := s.Load(ctx, "tiny-07", strings.NewReader("x\nหนึ่ง\nสอง\nสาม\n"), "t.csv", LoadOptions{}); err != nil {
			t.Fatal(err)
		}
		res, err := s.Search(ctx, SearchRequest{ResourceID: "tiny-07", Q: "สอง", RecordsFormat: FormatLists})
		if err != nil {
			t.Fatal(err)
		}
		if got := mustJSON(t, res.Records); !strings.HasPrefix(got, `[[2,"สอง"`) {
			t.Fatalf("reloaded table: %s", got)
		}
		res, err = s.Search(ctx, SearchRequest{ResourceID: "tiny-08", RecordsFormat: FormatLists})
		if err != nil || *res.Total != 2 {
			t.Fatalf("neighbour table: %v %v", res, err)
		}
	})
}

// TestFailedFirstLoadLeavesNoTable: a load that fails before any table existed leaves none.
func TestFailedFirstLoadLeavesNoTable(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		var big strings.Builder
		big.WriteString("x,y\n")
		for i := range 30000 {
			fmt.Fprintf(&big, "%d,row %d\n", i, i)
		}
		_, err := s.Load(ctx, "never", &failingReader{strings.NewReader(big.String())}, "x.csv", LoadOptions{})
		if !errors.Is(err, catalog.ErrInvalid) {
			t.Fatalf("want a failed load, got %v", err)
		}
		if ok, err := s.Exists(ctx, "never"); ok || err != nil {
			t.Fatalf("table exists after a failed first load: %v %v", ok, err)
		}
		// The store still loads afterwards (the failed transaction was rolled back).
		if _, err := s.Load(ctx, "never", strings.NewReader("a\n1\n"), "x.csv", LoadOptions{}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestSearchTotalsAfterLoad: the total of a full-text search (counted on the FTS table
// alone when q is the only condition) and of q with a filter (counted with the join)
// agree with the rows returned.
func TestSearchTotalsAfterLoad(t *testing.T) {
	var data strings.Builder
	data.WriteString("region,note\n")
	for i := range 300 {
		word := "plain"
		if i%3 == 0 {
			word = "durian"
		}
		fmt.Fprintf(&data, "r%d,%s row%d\n", i%4, word, i)
	}
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if _, err := s.Load(ctx, "totals", strings.NewReader(data.String()), "t.csv", LoadOptions{}); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			req  SearchRequest
			want int64
		}{
			{SearchRequest{Q: "durian"}, 100},
			{SearchRequest{Q: "durian", Filters: map[string]any{"region": "r0"}}, 25},
			{SearchRequest{QFields: map[string]string{"note": "durian"}}, 100},
			{SearchRequest{Q: "nosuchword"}, 0},
		}
		for _, c := range cases {
			c.req.ResourceID, c.req.Limit = "totals", ptr(1000)
			res, err := s.Search(ctx, c.req)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(res.Records.([]Record)); *res.Total != c.want || int64(n) != c.want {
				t.Fatalf("%+v: total %d, %d records, want %d", c.req, *res.Total, n, c.want)
			}
		}
	})
}

// BenchmarkLoad loads a narrow 100k-row CSV and reports rows per second of wall time and
// of this process's CPU time.
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
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := s.Load(context.Background(), "bench", bytes.NewReader(data), "b.csv", LoadOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
			// CPU time of this process (PostgreSQL's own work excluded): steadier than wall
			// time on a shared machine.
			b.ReportMetric(float64(rows*b.N)/(cpuTime()-cpu0).Seconds(), "rows/cpu-s")
		})
	}
}

// BenchmarkLoadSmall loads a 380-row table (the sample catalog's average) over and over
// into 20 resource ids: it measures the fixed cost of a load (DDL, swap, metadata, commit).
func BenchmarkLoadSmall(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("code,province,name,amount,day\n")
	for i := range 380 {
		fmt.Fprintf(&buf, "%d,จังหวัด %d,หมู่บ้าน %d,%d.5,2024-01-%02d\n", i, i%77, i, i%1000, i%28+1)
	}
	data := buf.Bytes()
	for _, bk := range backends(b) {
		b.Run(bk.name, func(b *testing.B) {
			s := openStore(b, bk, nil)
			b.ResetTimer()
			n := 0
			for b.Loop() {
				if _, err := s.Load(context.Background(), fmt.Sprintf("small%d", n%20), bytes.NewReader(data), "b.csv", LoadOptions{}); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/table")
		})
	}
}

// cpuTime is the user plus system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
