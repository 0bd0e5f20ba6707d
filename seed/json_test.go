package seed_test

import (
	"encoding/json"
	"testing"

	"github.com/khlang/khlang/catalog"
)

// jsonRoundTrip gives a dict as a client would read it from the API.
func jsonRoundTrip(t *testing.T, d catalog.Dict) catalog.Dict {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var out catalog.Dict
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
