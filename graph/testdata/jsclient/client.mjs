// Runs a search with facets, a nested query, a mutation with a token and an error case
// against Khlang's GraphQL API with the graphql-request client, and prints what came
// back as one JSON object for graph/jsclient_test.go to check.
// Usage: node client.mjs <server URL> <API token>
import { GraphQLClient, ClientError, gql } from "graphql-request";

const [url, token] = process.argv.slice(2);
const endpoint = url.replace(/\/$/, "") + "/graphql";
const anonymous = new GraphQLClient(endpoint);
const editor = new GraphQLClient(endpoint, { headers: { Authorization: token } });
const out = {};

out.search = await anonymous.request(gql`
  query ($q: String!) {
    datasets(search: { q: $q, filters: [{ field: "organization", values: ["nso"] }] }, first: 5) {
      totalCount
      nodes { name }
      facets(fields: ["framework", "tags"], limit: 3) { field items { name count } }
    }
  }`, { q: "อินเทอร์เน็ต" });

out.nested = await anonymous.request(gql`
  {
    framework(id: "ADIX") {
      id
      divisions { name indicators { code dataset { name organization { name } resources { format } } } }
    }
  }`);

out.mutation = await editor.request(gql`
  mutation ($in: DatasetInput!) {
    createDataset(input: $in) { name organization { name } tags { name } creator { name } }
  }`, { in: { name: "js-client-dataset", title: "ชุดข้อมูลจากไคลเอนต์", organization: "nso", tags: ["javascript"] } });

try {
  await anonymous.request(gql`mutation { deleteDataset(id: "js-client-dataset") }`);
  out.error = { unexpected: "no error" };
} catch (e) {
  if (!(e instanceof ClientError)) throw e;
  out.error = e.response.errors[0];
}

try {
  await anonymous.request(gql`{ dataset(name: "no-such-dataset") { name } }`);
  out.notFound = { unexpected: "no error" };
} catch (e) {
  if (!(e instanceof ClientError)) throw e;
  out.notFound = e.response.errors[0];
}

process.stdout.write(JSON.stringify(out));
