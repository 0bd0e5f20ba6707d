// Drives a Khlang server with the ckanapi npm client, the way a JavaScript application
// would, and prints what the client returned as one JSON object. The Go test
// (compat_test.go) starts the server, runs this script and checks the output.
//
// Usage: node compat.mjs <base URL> [API token]
import CkanApi from "ckanapi";

const [base, token] = process.argv.slice(2);
if (!base) {
  console.error("usage: node compat.mjs <base URL> [API token]");
  process.exit(2);
}

const portal = new CkanApi.Portal(base);
const out = {};

// expectError runs a call that must fail and records the error object the client threw.
async function expectError(fn) {
  try {
    const result = await fn();
    return { unexpected_result: result };
  } catch (err) {
    return err instanceof Error ? { js_error: String(err) } : err;
  }
}

out.status_show = await portal.action.status_show();
out.package_list = await portal.action.package_list({ limit: 100 });
out.package_show = await portal.action.package_show({ id: "internet-users" });
out.package_search = await portal.action.package_search({
  q: "",
  fq: "organization:nso",
  rows: 2,
  "facet.field": ["organization", "license_id"],
});
out.organization_show = await portal.action.organization_show({ id: "nso", include_datasets: true });
out.not_found = await expectError(() => portal.action.package_show({ id: "no-such-dataset" }));
out.private_anonymous = await expectError(() => portal.action.package_show({ id: "secret-survey" }));
if (token) {
  out.private_with_token = await portal.withToken(token).action.package_show({ id: "secret-survey" });
}
out.documentation = await portal.documentation(new CkanApi.Action("package_search"));

process.stdout.write(JSON.stringify(out) + "\n");
