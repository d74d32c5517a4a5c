import { Castellan, HTTPClient } from '../src/index.js';

// Any fetch-compatible function: a proxy agent, a test double, a tracing wrapper.
const withFetch = new Castellan({
  bearerAuth: process.env.CLERK_SECRET_KEY,
  fetch: (request) => fetch(request),
});

// Or an HTTPClient with hooks around every request.
const httpClient = new HTTPClient({ fetcher: (request) => fetch(request) })
  .addHook('beforeRequest', (request) => {
    const traced = new Request(request);
    traced.headers.set('x-request-id', crypto.randomUUID());
    return traced;
  })
  .addHook('response', (response, request) => {
    console.log(request.method, request.url, response.status);
  })
  .addHook('requestError', (error, request) => {
    console.error(request.method, request.url, error);
  });
const withHooks = new Castellan({ bearerAuth: process.env.CLERK_SECRET_KEY, httpClient });

await withFetch.jwks.getJWKS();
await withHooks.jwks.getJWKS();
