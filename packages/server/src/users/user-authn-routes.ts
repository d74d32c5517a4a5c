import { defineRoutes } from '../platform/routes.js';
import {
  createUserTotp,
  deleteUserBackupCodes,
  deleteUserTotp,
  disableUserMfa,
} from './user-mfa.js';
import { banUser, lockUser, setUsersBanned, unbanUser, unlockUser } from './user-moderation.js';
import { removeUserPassword, verifyUserPassword } from './user-password-ops.js';
import { verifyUserTotp } from './user-totp-verify.js';

/** Moderation (ban, lock), password and second-factor operations on users. */
export const userAuthnRoutes = defineRoutes({
  BanUser: ({ scope, params }) => banUser(scope, params.user_id),
  UnbanUser: ({ scope, params }) => unbanUser(scope, params.user_id),
  UsersBan: ({ scope, body }) => setUsersBanned(scope, body.user_ids, true),
  UsersUnban: ({ scope, body }) => setUsersBanned(scope, body.user_ids, false),
  LockUser: ({ scope, params }) => lockUser(scope, params.user_id),
  UnlockUser: ({ scope, params }) => unlockUser(scope, params.user_id),
  VerifyPassword: ({ scope, params, body }) =>
    verifyUserPassword(scope, params.user_id, body.password),
  RemoveUserPassword: ({ scope, params, body }) =>
    removeUserPassword(scope, params.user_id, body ?? {}),
  CreateUserTOTP: ({ scope, params }) => createUserTotp(scope, params.user_id),
  VerifyTOTP: ({ scope, params, body }) => verifyUserTotp(scope, params.user_id, body.code),
  DeleteTOTP: ({ scope, params }) => deleteUserTotp(scope, params.user_id),
  DeleteBackupCode: ({ scope, params }) => deleteUserBackupCodes(scope, params.user_id),
  DisableMFA: ({ scope, params }) => disableUserMfa(scope, params.user_id),
});
