import { readSingleFile } from '../http/multipart-body.js';
import { defineRoutes } from '../platform/routes.js';
import {
  deleteExternalAccount,
  deletePasskey,
  deleteWeb3Wallet,
  getOAuthAccessTokens,
  listTrustedDevices,
  revokeTrustedDevice,
} from './user-accounts.js';
import { deleteProfileImage, setProfileImage } from './user-profile-image.js';

/** A user's profile image, passkeys, web3 wallets, external accounts and trusted devices. */
export const userAccountsRoutes = defineRoutes({
  SetUserProfileImage: ({ scope, params, request }) =>
    setProfileImage(scope, params.user_id, (maxBytes, store, discard) =>
      readSingleFile(request, 'file', maxBytes, store, discard),
    ),
  DeleteUserProfileImage: ({ scope, params }) => deleteProfileImage(scope, params.user_id),
  UserPasskeyDelete: ({ scope, params }) =>
    deletePasskey(scope, params.user_id, params.passkey_identification_id),
  UserWeb3WalletDelete: ({ scope, params }) =>
    deleteWeb3Wallet(scope, params.user_id, params.web3_wallet_identification_id),
  DeleteExternalAccount: ({ scope, params }) =>
    deleteExternalAccount(scope, params.user_id, params.external_account_id),
  GetOAuthAccessToken: ({ scope, params, query }) =>
    getOAuthAccessTokens(scope, params.user_id, params.provider, query),
  ListUserTrustedDevices: ({ scope, params }) => listTrustedDevices(scope, params.user_id),
  RevokeUserTrustedDevice: ({ scope, params }) =>
    revokeTrustedDevice(scope, params.user_id, params.trusted_device_id),
});
