// Command khlang is an open-data catalog server: a CKAN-compatible API, GraphQL, Thai-aware
// search and dashboards over Thailand's digital-economy statistics, in one binary.
//
// Run `khlang --help` for the verbs.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/khlang/khlang/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "khlang:", err)
		os.Exit(1)
	}
}

// run is the whole program, with its inputs passed in so tests can drive it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(strings.ToUpper(getenv("KHLANG_LOG_LEVEL"))))
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	return server.Main(ctx, args, getenv, stdout, log)
}
