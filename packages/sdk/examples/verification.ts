import { verifyToken, verifyWebhook, TokenVerificationError } from '../src/index.js';

declare const sessionToken: string;
declare const body: string;
declare const headers: Headers;

// A session token (the `__session` cookie, or `Authorization: Bearer`), against the
// instance's JWKS (cached; refetched once when the token names an unknown key).
try {
  const claims = await verifyToken(sessionToken, {
    jwksUrl: 'http://127.0.0.1:3210/v1/jwks',
    secretKey: process.env.CLERK_SECRET_KEY,
    authorizedParties: ['https://app.example.com'],
  });
  console.log(claims.sub, claims.sid);
} catch (error) {
  if (error instanceof TokenVerificationError) console.log(error.reason); // 'token-expired', …
}

// A webhook (Standard Webhooks / Svix signature, 5 minutes of tolerance), on the raw body.
const event = await verifyWebhook(body, headers, process.env.CLERK_WEBHOOK_SECRET!);
console.log(event.type);
