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

  // The write flow of a JavaScript application: create, upload a file (multipart through
  // the client's Payload and FormData), patch, find it by search, delete.
  const writer = portal.withToken(token);
  const flow = {};
  flow.created = await writer.action.package_create({
    name: "compat-written",
    title: "Written by ckanapi",
    owner_org: "nso",
    tags: [{ name: "compat" }],
  });
  const form = new FormData();
  form.append("package_id", flow.created.id);
  form.append("name", "compat upload");
  form.append("upload", new Blob(["year,value\n2568,1\n"], { type: "text/csv" }), "compat.csv");
  flow.uploaded = await writer.action.resource_create(new CkanApi.Payload(form));
  flow.downloaded = await (await fetch(flow.uploaded.url, { headers: { Authorization: token } })).text();
  flow.patched = await writer.action.package_patch({ id: flow.created.id, notes: "patched by ckanapi" });
  flow.found = await portal.action.package_search({ q: "name:compat-written" });
  flow.deleted = await writer.action.package_delete({ id: flow.created.id });
  flow.after_delete = await portal.action.package_search({ q: "name:compat-written" });
  flow.anonymous_create = await expectError(() => portal.action.package_create({ name: "anon", owner_org: "nso" }));
  flow.invalid = await expectError(() => writer.action.package_create({ name: "no-org" }));
  out.write_flow = flow;

  // The DataStore as a JavaScript application uses it: a table made with its resource,
  // then read back by filter and by a Thai word, plus the errors the client must map.
  const ds = {};
  ds.created = await writer.action.datastore_create({
    resource: { package_id: "internet-users", name: "compat table" },
    fields: [{ id: "province", type: "text" }, { id: "funds", type: "int" }],
    records: [{ province: "เชียงใหม่", funds: 2066 }, { province: "ขอนแก่น", funds: 2339 }],
    primary_key: ["province"],
  });
  ds.filtered = await portal.action.datastore_search({ id: ds.created.resource_id, filters: { province: "ขอนแก่น" } });
  ds.thai = await portal.action.datastore_search({ resource_id: ds.created.resource_id, q: "เชียงใหม่" });
  ds.anonymous_create = await expectError(() =>
    portal.action.datastore_create({ resource_id: ds.created.resource_id, records: [{ province: "x" }] }));
  ds.not_found = await expectError(() => portal.action.datastore_search({ resource_id: "no-such-table" }));
  out.datastore = ds;
}
out.documentation = await portal.documentation(new CkanApi.Action("package_search"));

process.stdout.write(JSON.stringify(out) + "\n");
