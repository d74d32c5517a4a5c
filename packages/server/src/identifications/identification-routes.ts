import { defineRoutes } from '../platform/routes.js';
import {
  createEmailAddress,
  deleteEmailAddress,
  getEmailAddress,
  replaceUserEmailAddress,
  updateEmailAddress,
} from './email-address-service.js';
import {
  createPhoneNumber,
  deletePhoneNumber,
  getPhoneNumber,
  replaceUserPhoneNumber,
  updatePhoneNumber,
} from './phone-number-service.js';
import { attemptVerification, prepareVerification } from './verification-service.js';

/** Email addresses and phone numbers of users, and their verification by code. */
export const identificationRoutes = defineRoutes({
  CreateEmailAddress: ({ scope, body }) => createEmailAddress(scope, body),
  GetEmailAddress: ({ scope, params }) => getEmailAddress(scope, params.email_address_id),
  UpdateEmailAddress: ({ scope, params, body }) =>
    updateEmailAddress(scope, params.email_address_id, body),
  DeleteEmailAddress: ({ scope, params }) => deleteEmailAddress(scope, params.email_address_id),
  PrepareEmailAddressVerification: ({ scope, params }) =>
    prepareVerification(scope, 'email', params.email_address_id),
  AttemptEmailAddressVerification: ({ scope, params, body }) =>
    attemptVerification(scope, 'email', params.email_address_id, body),
  ReplaceUserEmailAddress: ({ scope, params, body }) =>
    replaceUserEmailAddress(scope, params.user_id, body),
  CreatePhoneNumber: ({ scope, body }) => createPhoneNumber(scope, body),
  GetPhoneNumber: ({ scope, params }) => getPhoneNumber(scope, params.phone_number_id),
  UpdatePhoneNumber: ({ scope, params, body }) =>
    updatePhoneNumber(scope, params.phone_number_id, body),
  DeletePhoneNumber: ({ scope, params }) => deletePhoneNumber(scope, params.phone_number_id),
  PreparePhoneNumberVerification: ({ scope, params }) =>
    prepareVerification(scope, 'phone', params.phone_number_id),
  AttemptPhoneNumberVerification: ({ scope, params, body }) =>
    attemptVerification(scope, 'phone', params.phone_number_id, body),
  ReplaceUserPhoneNumber: ({ scope, params, body }) =>
    replaceUserPhoneNumber(scope, params.user_id, body),
});
