package search

import (
	"bufio"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"

	"github.com/RoaringBitmap/roaring/v2"
)

// The columns live in memory; a snapshot of them is kept inside the index folder so a
// start reads them back instead of reading every dataset from the catalog. A snapshot
// records the change-log position it reflects; a start applies only the log after it.
//
// The file is: magic, format version, mapping version, the index's id, the seq, the value
// table (field and value of every value id), then every ordinal's record with its value
// ids, and a CRC-32 of all that. Postings are not stored: they follow from the records.
const (
	snapshotFile    = "khlang-columns.snap"
	snapshotMagic   = "KHLCOLS\n"
	snapshotVersion = 1
)

// keyIndexID names the random id of an index, written when it is created: a snapshot
// belongs to the index whose id it carries, so a reset or rebuilt index ignores a
// snapshot of its predecessor.
var keyIndexID = []byte("khlang_index_id")

// errSnapshot marks a snapshot that cannot be used (missing, damaged, or of another index,
// mapping or format); the columns are then rebuilt from the catalog.
var errSnapshot = errors.New("search column snapshot unusable")

func newIndexID() []byte {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return []byte(hex.EncodeToString(b[:]))
}

type snapWriter struct {
	w   *bufio.Writer
	buf [binary.MaxVarintLen64]byte
}

func (w *snapWriter) uvarint(v uint64) {
	n := binary.PutUvarint(w.buf[:], v)
	_, _ = w.w.Write(w.buf[:n])
}

func (w *snapWriter) varint(v int64) {
	n := binary.PutVarint(w.buf[:], v)
	_, _ = w.w.Write(w.buf[:n])
}

func (w *snapWriter) str(s string) {
	w.uvarint(uint64(len(s)))
	_, _ = w.w.WriteString(s)
}

// encodeColumns writes c as of change-log position seq.
func encodeColumns(out io.Writer, c *columns, indexID string, seq int64) error {
	crc := crc32.NewIEEE()
	bw := bufio.NewWriterSize(io.MultiWriter(out, crc), 1<<20)
	w := &snapWriter{w: bw}
	_, _ = bw.WriteString(snapshotMagic)
	w.uvarint(snapshotVersion)
	w.str(mappingVersion)
	w.str(indexID)
	w.varint(seq)
	w.uvarint(uint64(len(c.valField)))
	for i := range c.valField {
		w.str(c.valField[i])
		w.str(c.valName[i])
	}
	w.uvarint(uint64(len(c.docs)))
	for o := range c.docs {
		d := &c.docs[o]
		if !c.live.Contains(uint32(o)) {
			_ = bw.WriteByte(0)
			continue
		}
		_ = bw.WriteByte(1)
		for k := range numStrs {
			w.str(c.str(uint32(o), k))
		}
		w.varint(d.modified)
		w.varint(d.created)
		w.varint(int64(d.numResources))
		w.varint(int64(d.numTags))
		w.uvarint(uint64(d.nvals))
		for _, v := range c.vals(uint32(o)) {
			w.uvarint(uint64(v))
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	var sum [4]byte
	binary.LittleEndian.PutUint32(sum[:], crc.Sum32())
	_, err := out.Write(sum[:])
	return err
}

type snapReader struct {
	b   []byte
	err error
}

func (r *snapReader) fail() {
	if r.err == nil {
		r.err = fmt.Errorf("%w: truncated or damaged", errSnapshot)
	}
	r.b = nil
}

func (r *snapReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *snapReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *snapReader) str() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *snapReader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// decodeColumns reads a snapshot written by encodeColumns for the index indexID and
// returns its columns and seq.
func decodeColumns(data []byte, indexID string) (*columns, int64, error) {
	if len(data) < len(snapshotMagic)+4 || string(data[:len(snapshotMagic)]) != snapshotMagic {
		return nil, 0, fmt.Errorf("%w: not a column snapshot", errSnapshot)
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, 0, fmt.Errorf("%w: checksum mismatch", errSnapshot)
	}
	r := &snapReader{b: body[len(snapshotMagic):]}
	if v := r.uvarint(); v != snapshotVersion {
		return nil, 0, fmt.Errorf("%w: format %d, want %d", errSnapshot, v, snapshotVersion)
	}
	if v := r.str(); v != mappingVersion {
		return nil, 0, fmt.Errorf("%w: mapping %q, want %q", errSnapshot, v, mappingVersion)
	}
	if v := r.str(); v != indexID {
		return nil, 0, fmt.Errorf("%w: written for another index", errSnapshot)
	}
	seq := r.varint()
	c := newColumns()
	nv := r.uvarint()
	if nv > uint64(len(r.b)) {
		r.fail()
	}
	if r.err != nil {
		return nil, 0, r.err
	}
	c.postings = make([]*roaring.Bitmap, 0, nv)
	for i := uint64(0); i < nv && r.err == nil; i++ {
		f, v := r.str(), r.str()
		if _, dup := c.dict[f+"\x00"+v]; dup {
			r.err = fmt.Errorf("%w: value listed twice", errSnapshot)
			break
		}
		c.valueID(f, v, true)
	}
	nd := r.uvarint()
	if nd > uint64(len(r.b)) || nd > 1<<32 {
		r.fail()
	}
	if r.err != nil {
		return nil, 0, r.err
	}
	c.docs = make([]docRec, nd)
	var vals []uint32
	for o := uint32(0); uint64(o) < nd && r.err == nil; o++ {
		if r.byte() == 0 {
			c.free = append(c.free, o)
			continue
		}
		var strs [numStrs]string
		for k := range strs {
			strs[k] = r.str()
		}
		d := &c.docs[o]
		d.modified, d.created = r.varint(), r.varint()
		d.numResources, d.numTags = int32(r.varint()), int32(r.varint())
		n := r.uvarint()
		if n > uint64(len(r.b)) {
			r.fail()
			break
		}
		vals = vals[:0]
		for range n {
			v := r.uvarint()
			if v >= uint64(len(c.postings)) {
				r.fail()
				break
			}
			vals = append(vals, uint32(v))
			c.postings[v].Add(o)
		}
		if r.err != nil {
			break
		}
		c.setVals(o, vals)
		if _, dup := c.lookup(strs[strID]); dup {
			r.err = fmt.Errorf("%w: dataset listed twice", errSnapshot)
			break
		}
		c.setStrs(o, strs)
		c.insertOrd(o)
		c.live.Add(o)
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("%w: trailing bytes", errSnapshot)
	}
	if r.err != nil {
		return nil, 0, r.err
	}
	// Ordinals are handed out from the end of free first, as ordinal() does.
	for i, j := 0, len(c.free)-1; i < j; i, j = i+1, j-1 {
		c.free[i], c.free[j] = c.free[j], c.free[i]
	}
	for _, bm := range c.postings {
		bm.RunOptimize()
	}
	return c, seq, nil
}

// writeSnapshot replaces the snapshot file atomically: a temporary file, fsync, rename,
// then fsync of the folder, so a crash leaves the old snapshot or the new one, never half.
func writeSnapshot(dir string, c *columns, indexID string, seq int64) error {
	tmp, err := os.CreateTemp(dir, snapshotFile+".tmp-*")
	if err != nil {
		return fmt.Errorf("write search column snapshot: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if err := encodeColumns(tmp, c, indexID, seq); err != nil {
		tmp.Close()
		return fmt.Errorf("write search column snapshot: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write search column snapshot: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write search column snapshot: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, snapshotFile)); err != nil {
		return fmt.Errorf("write search column snapshot: %w", err)
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("write search column snapshot: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("write search column snapshot: %w", err)
	}
	return nil
}

// readSnapshot reads the snapshot of the index indexID from dir.
func readSnapshot(dir, indexID string) (*columns, int64, error) {
	data, err := os.ReadFile(filepath.Join(dir, snapshotFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, fmt.Errorf("%w: none written yet", errSnapshot)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %w", errSnapshot, err)
	}
	return decodeColumns(data, indexID)
}
