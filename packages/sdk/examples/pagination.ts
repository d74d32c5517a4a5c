import { Castellan, paginate } from '../src/index.js';

const castellan = new Castellan({ bearerAuth: process.env.CLERK_SECRET_KEY });

// Every user, 200 per request; the item type (`User`) comes from the method's answer.
for await (const user of paginate(castellan.users, 'getUserList', { limit: 200 })) {
  console.log(user.id);
}

// Lists answered as `{ data, total_count }` page the same way; filters stay on every page.
for await (const org of paginate(castellan.organizations, 'listOrganizations', { query: 'acme' })) {
  console.log(org.slug);
}
