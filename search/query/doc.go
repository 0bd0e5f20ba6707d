// Package query parses CKAN's search parameters into Bleve queries.
//
// CKAN hands two different languages to Solr and a compatible server must
// accept both:
//
//   - q without a ':' goes to DisMax: bare words, +word, -word and "phrases"
//     searched across weighted fields, with the minimum-should-match rule
//     "2<-1 5<80%". Anything else is literal text, never an error.
//   - q with a ':' and every fq go to the Lucene standard parser: fields,
//     phrases, boolean operators, ranges, wildcards, fuzzy terms, boosts and
//     Solr date math.
//
// Parsing produces an AST (see [Node]) that knows nothing about the index;
// a [Schema] supplied by the search package maps CKAN field names to Bleve
// fields and kinds and turns the AST into a Bleve query. Keeping the mapping
// out of this package lets the index layout change without touching the
// grammar, and lets other layers (GraphQL, a future optimiser) inspect
// queries before they run.
//
// # Operator precedence
//
// Lucene's classic parser has no real precedence: it turns every operator
// into a flag on the neighbouring clause, which makes
// "organization:a OR organization:b metadata_modified:[X TO *]" (the CKAN
// harvester's incremental filter) ignore the organisations entirely. This
// package instead gives the operators a precedence, from loosest to
// tightest:
//
//	whitespace (the default operator, AND)  <  OR, ||  <  AND, &&  <  NOT, !, +, -
//
// CKAN builds fq by joining independent filters with spaces, and the loose
// binding of whitespace is exactly what makes each of those filters apply
// on its own. Inside one boolean group the prefix modifiers keep their
// Lucene meaning: "+x" is required, "-x", "!x" and "NOT x" are prohibited,
// and in "a OR -b" the -b excludes documents rather than adding the
// complement. A group holding only prohibited clauses, such as the
// harvester's "-organization:x", matches every document except those.
package query
