import { Castellan } from '../src/index.js';

const castellan = new Castellan({ bearerAuth: process.env.CLERK_SECRET_KEY });

const user = await castellan.users.createUser({
  email_address: ['ada@example.com'],
  first_name: 'Ada',
  skip_password_requirement: true,
});
const users = await castellan.users.getUserList({ email_address: ['ada@example.com'], limit: 10 });
const same = await castellan.users.getUser({ user_id: user.id });
console.log(users.length, same.first_name);
