package server

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/khlang/khlang/server/session"
)

const sessionUsage = "usage: khlang session rotate-key [--data DIR]"

// sessionCmd is `khlang session rotate-key`: a new key pair signs and encrypts the
// session cookies from the next start of the server; the previous pair still opens the
// cookies it made, so nobody is logged out by one rotation, and a second rotation ends
// the sessions made before the first.
func (c *cli) sessionCmd(_ context.Context, args []string) error {
	if len(args) == 0 || args[0] != "rotate-key" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprintln(c.stdout, sessionUsage)
			return nil
		}
		return errors.New(sessionUsage)
	}
	cfg := defaultConfig()
	fs := c.flags("session rotate-key", "session rotate-key [flags]")
	if help, err := c.parse(fs, &cfg, args[1:], "data"); help || err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New(sessionUsage)
	}
	if err := session.RotateKeys(cfg.Data); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "new session key in %s; restart the server to use it (cookies made with the previous key still work)\n",
		filepath.Join(cfg.Data, session.KeysFile))
	return nil
}
