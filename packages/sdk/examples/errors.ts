import {
  Castellan,
  CastellanError,
  ClerkErrors,
  ConnectionError,
  RequestAbortedError,
  RequestTimeoutError,
  SDKError,
} from '../src/index.js';

const castellan = new Castellan({ bearerAuth: process.env.CLERK_SECRET_KEY });

try {
  await castellan.users.getUser({ user_id: 'user_missing' }, { timeoutMs: 5_000 });
} catch (error) {
  if (error instanceof ClerkErrors) {
    // 400, 401, 410, 422 and any answer carrying Clerk's envelope: typed `data.errors[]`.
    console.log(error.statusCode, error.data.errors[0]?.code, error.clerkTraceId);
  } else if (error instanceof SDKError) {
    // Any other 4xx or 5xx: status, headers and body as they came.
    console.log(error.statusCode, error.headers.get('content-type'), error.body);
  } else if (error instanceof RequestTimeoutError || error instanceof RequestAbortedError) {
    console.log('no answer in time, or aborted by the caller');
  } else if (error instanceof ConnectionError) {
    console.log('the server could not be reached', error.cause);
  }
  // Every error the SDK throws extends CastellanError.
  if (!(error instanceof CastellanError)) throw error;
}
