package graph

//go:generate go run github.com/99designs/gqlgen generate
//go:generate go run ./internal/fetchgraphiql
