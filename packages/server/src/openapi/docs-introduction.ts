/**
 * The introduction `/docs` shows above the operations: the OpenAPI document's
 * `info.description` (CommonMark).
 */
export const DOCS_INTRODUCTION = `Castellan is a self-hosted server that speaks the **Clerk Backend API** (v1, version
\`2021-02-05\`). Point \`@clerk/backend\`, or any Clerk backend SDK, at it by setting its API URL
to this server; your code stays as it is. This reference lists exactly the operations this
server implements.

## Authentication

Every operation needs the instance's **secret key** as a bearer token:

\`\`\`
Authorization: Bearer sk_test_…
\`\`\`

The key was printed once, when the server first started, or pinned with \`CLERK_SECRET_KEY\`.
To try a request from this page, enter the key under *Authentication*: it stays in this page
and is sent only to this server.

## More

The **README** at the root of the Castellan repository covers setup, configuration and
examples; \`castellan --help\` lists the options.
\`docs/behaviour.md\` records choices where Clerk's spec is silent, \`docs/errors.md\` every
error code. The document rendered here is served at [\`/openapi.json\`](/openapi.json).
`;
