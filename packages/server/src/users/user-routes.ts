import { defineRoutes } from '../platform/routes.js';
import { countUsers, listUsers } from './user-list-service.js';
import { changeUserMetadata, createUser, deleteUser, getUser, updateUser } from './user-service.js';

/** The Users API: operationId → handler; the rules live in the services. */
export const userRoutes = defineRoutes({
  GetUserList: ({ scope, query }) => listUsers(scope, query),
  GetUsersCount: ({ scope, query }) => countUsers(scope, query),
  CreateUser: ({ scope, body }) => createUser(scope, body),
  GetUser: ({ scope, params }) => getUser(scope, params.user_id),
  UpdateUser: ({ scope, params, body, headers }) =>
    updateUser(scope, params.user_id, body, headers['clerk-api-version']?.toString()),
  DeleteUser: ({ scope, params }) => deleteUser(scope, params.user_id),
  UpdateUserMetadata: ({ scope, params, body }) =>
    changeUserMetadata(scope, params.user_id, body, 'merge'),
  ReplaceUserMetadata: ({ scope, params, body }) =>
    changeUserMetadata(scope, params.user_id, body, 'replace'),
});
