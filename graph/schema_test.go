package graph

import (
	"strings"
	"testing"
)

// TestSchemaDescriptions keeps the schema self-documenting: every type, field, enum
// value and input field the schema declares has a description.
func TestSchemaDescriptions(t *testing.T) {
	builtin := map[string]bool{"String": true, "Int": true, "Float": true, "Boolean": true, "ID": true}
	s := NewExecutableSchema(Config{Resolvers: &Resolver{}}).Schema()
	for name, def := range s.Types {
		if builtin[name] || strings.HasPrefix(name, "__") {
			continue
		}
		if strings.TrimSpace(def.Description) == "" {
			t.Errorf("type %s has no description", name)
		}
		for _, f := range def.Fields {
			if !strings.HasPrefix(f.Name, "__") && strings.TrimSpace(f.Description) == "" {
				t.Errorf("field %s.%s has no description", name, f.Name)
			}
		}
		for _, v := range def.EnumValues {
			if strings.TrimSpace(v.Description) == "" {
				t.Errorf("enum value %s.%s has no description", name, v.Name)
			}
		}
	}
}
