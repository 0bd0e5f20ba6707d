// Package driverbench measures the two pure-Go SQLite drivers on the catalog's kind of
// work, in one run, so that the choice of driver can be checked again when either changes:
//
//	go test -tags driverbench -run '^$' -bench . ./catalog/internal/driverbench
//
// The build tag keeps the second driver (a large generated package) out of everyday builds.
package driverbench
