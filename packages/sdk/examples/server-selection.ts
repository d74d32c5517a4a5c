import { Castellan, SERVERS } from '../src/index.js';

// 0: https://api.clerk.com/v1 (the default), 1: a local Castellan at http://127.0.0.1:3210/v1.
const local = new Castellan({ bearerAuth: process.env.CASTELLAN_SECRET_KEY, serverIdx: 1 });

// Any other server: its base URL, ending in /v1.
const staging = new Castellan({
  bearerAuth: process.env.CASTELLAN_SECRET_KEY,
  serverURL: 'https://castellan.staging.example.com/v1',
});

console.log(SERVERS, local.serverURL, staging.serverURL);
