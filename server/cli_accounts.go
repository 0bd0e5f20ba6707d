package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/khlang/khlang/catalog"
)

// The account verbs: users, API tokens and organization memberships. They act as the
// operator of the data folder (like CKAN's `ckan user` and `ckan sysadmin` commands), so
// they are not subject to the permission policy; the catalog's validation still applies.

const (
	userUsage  = "usage: khlang user add NAME [flags] | user passwd NAME [flags] | user list [flags]"
	tokenUsage = "usage: khlang token create USER [flags] | token revoke ID|TOKEN [flags]"
	orgUsage   = "usage: khlang org add-member ORG USER --role admin|editor|member [flags]"
)

func (c *cli) userCmd(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New(userUsage)
	}
	switch args[0] {
	case "add":
		return c.userAdd(ctx, args[1:])
	case "passwd":
		return c.userPasswd(ctx, args[1:])
	case "list":
		return c.userList(ctx, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(c.stdout, userUsage)
		return nil
	}
	return errors.New(userUsage)
}

func (c *cli) tokenCmd(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New(tokenUsage)
	}
	switch args[0] {
	case "create":
		return c.tokenCreate(ctx, args[1:])
	case "revoke":
		return c.tokenRevoke(ctx, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(c.stdout, tokenUsage)
		return nil
	}
	return errors.New(tokenUsage)
}

func (c *cli) orgCmd(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "add-member" {
		return c.orgAddMember(ctx, args[1:])
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprintln(c.stdout, orgUsage)
		return nil
	}
	return errors.New(orgUsage)
}

// positional parses a verb whose positional arguments come before its flags (NAME
// --flag ...), as the usage lines show them; flags may also come first. It returns the
// positional arguments, or help=true when --help was asked for.
func (c *cli) positional(fs *flag.FlagSet, cfg *Config, args []string, n int, what string) ([]string, bool, error) {
	var pos []string
	for len(args) > 0 && len(pos) < n && !strings.HasPrefix(args[0], "-") {
		pos, args = append(pos, args[0]), args[1:]
	}
	if help, err := c.parse(fs, cfg, args, storeFlags...); help || err != nil {
		return nil, help, err
	}
	pos = append(pos, fs.Args()...)
	if len(pos) != n {
		return nil, false, fmt.Errorf("%s needs %s", fs.Name(), what)
	}
	return pos, false, nil
}

// password returns the flag's value, else $KHLANG_PASSWORD, else a generated one
// (generated reports which).
func (c *cli) password(flagValue string) (pw string, generated bool, err error) {
	if flagValue != "" {
		return flagValue, false, nil
	}
	if env := c.getenv("KHLANG_PASSWORD"); env != "" {
		return env, false, nil
	}
	var b [18]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", false, err
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), true, nil
}

func (c *cli) userAdd(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := c.flags("user add", "user add NAME [flags]")
	sysadmin := fs.Bool("sysadmin", false, "make the user a sysadmin")
	email := fs.String("email", "", "e-mail address")
	fullname := fs.String("fullname", "", "full name")
	password := fs.String("password", "", "password (env KHLANG_PASSWORD; generated and printed when empty)")
	pos, help, err := c.positional(fs, &cfg, args, 1, "a NAME")
	if help || err != nil {
		return err
	}
	pw, generated, err := c.password(*password)
	if err != nil {
		return err
	}
	store, err := c.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	u := &catalog.User{Name: pos[0], Email: *email, Fullname: *fullname, Sysadmin: *sysadmin}
	if err := store.CreateUser(ctx, u, pw); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "created user %s (id %s, sysadmin %v)\n", u.Name, u.ID, u.Sysadmin)
	if generated {
		fmt.Fprintf(c.stdout, "password: %s\n", pw)
	}
	return nil
}

func (c *cli) userPasswd(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := c.flags("user passwd", "user passwd NAME [flags]")
	password := fs.String("password", "", "the new password (env KHLANG_PASSWORD; generated and printed when empty)")
	pos, help, err := c.positional(fs, &cfg, args, 1, "a NAME")
	if help || err != nil {
		return err
	}
	pw, generated, err := c.password(*password)
	if err != nil {
		return err
	}
	store, err := c.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.SetPassword(ctx, pos[0], pw); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "password of %s changed\n", pos[0])
	if generated {
		fmt.Fprintf(c.stdout, "password: %s\n", pw)
	}
	return nil
}

func (c *cli) userList(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := c.flags("user list", "user list [flags]")
	q := fs.String("q", "", "only users whose name or full name contains this")
	if _, help, err := c.positional(fs, &cfg, args, 0, "no arguments"); help || err != nil {
		return err
	}
	store, err := c.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	users, err := store.ListUsers(ctx, catalog.UserListOptions{Query: *q})
	if err != nil {
		return err
	}
	for _, u := range users {
		role := "user"
		if u.Sysadmin {
			role = "sysadmin"
		}
		fmt.Fprintf(c.stdout, "%s\t%s\t%s\t%s\n", u.Name, role, u.Email, u.ID)
	}
	return nil
}

func (c *cli) tokenCreate(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := c.flags("token create", "token create USER [flags]")
	name := fs.String("name", "cli", "a name to recognise the token by")
	expires := fs.Duration("expires-in", 0, "lifetime of the token, e.g. 720h (0: never expires)")
	pos, help, err := c.positional(fs, &cfg, args, 1, "a USER")
	if help || err != nil {
		return err
	}
	if *expires < 0 {
		return errors.New("--expires-in must not be negative")
	}
	store, err := c.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	tok, _, err := store.CreateTokenExpiring(ctx, pos[0], *name, *expires)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, tok)
	return nil
}

func (c *cli) tokenRevoke(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := c.flags("token revoke", "token revoke ID|TOKEN [flags]")
	pos, help, err := c.positional(fs, &cfg, args, 1, "a token id or the token")
	if help || err != nil {
		return err
	}
	store, err := c.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	id := pos[0]
	if t, err := store.TokenBySecret(ctx, id); err == nil {
		id = t.ID
	}
	if err := store.RevokeToken(ctx, id); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "revoked token %s\n", id)
	return nil
}

func (c *cli) orgAddMember(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := c.flags("org add-member", "org add-member ORG USER --role admin|editor|member [flags]")
	role := fs.String("role", catalog.CapacityMember, "admin, editor or member")
	pos, help, err := c.positional(fs, &cfg, args, 2, "ORG and USER")
	if help || err != nil {
		return err
	}
	if !catalog.ValidCapacity(*role) {
		return fmt.Errorf("--role must be admin, editor or member, not %q", *role)
	}
	store, err := c.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	org, err := store.Group(ctx, pos[0], true)
	if err != nil {
		return err
	}
	u, err := store.User(ctx, pos[1])
	if err != nil {
		return err
	}
	if err := store.AddMember(ctx, org.ID, u.ID, *role); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s is now %s of %s\n", u.Name, *role, org.Name)
	return nil
}
