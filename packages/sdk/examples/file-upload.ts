import { createReadStream } from 'node:fs';
import { Castellan } from '../src/index.js';

const castellan = new Castellan({ bearerAuth: process.env.CLERK_SECRET_KEY });

// A Node readable (or a web ReadableStream) is streamed as multipart, never read whole.
await castellan.users.setUserProfileImage({
  user_id: 'user_2a1b3c',
  file: {
    fileName: 'avatar.png',
    content: createReadStream('avatar.png'),
    contentType: 'image/png',
  },
});

// Bytes, a Blob or a File work as they are.
await castellan.organizations.uploadOrganizationLogo({
  organization_id: 'org_2a1b3c',
  file: new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }),
});
