import type { CatalogueEntry } from '../catalogue-entry.js';

/** Instance settings, the production domain change, domains and proxy checks. */
export const instanceErrors = {
  originInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} must be an origin such as https://example.com, without a path: %s',
  },
  smsCountryBlocked: {
    code: 'sms_country_blocked',
    status: 403,
    message: 'SMS to this country is blocked',
    longMessage: 'This instance does not send SMS to numbers of %s (its SMS country blocklist).',
  },
  productionInstanceRequired: {
    code: 'production_instance_required',
    status: 400,
    message: 'not available for development instances',
    longMessage: 'This operation is only available for production instances.',
  },
  productionOnlyParam: {
    code: 'form_param_value_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} can only be set for production instances.',
  },
  domainNameInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} must be a domain name such as example.com%s, without a scheme or path.',
  },
  domainExists: {
    code: 'duplicate_record',
    status: 400,
    param: 'name',
    message: 'duplicate domain',
    longMessage: 'The domain %s is already in use by this instance.',
  },
  domainLimitReached: {
    code: 'domain_limit_reached',
    status: 400,
    param: 'name',
    message: 'too many domains',
    longMessage: 'An instance can have up to %s satellite domains.',
  },
  primaryDomainDeletion: {
    code: 'primary_domain_deletion_not_allowed',
    status: 403,
    message: 'cannot delete the primary domain',
    longMessage: "The instance's primary domain cannot be deleted; only satellite domains can.",
  },
  proxyUrlInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage:
      '{param} must be an absolute https URL without query or fragment, such as https://example.com/__clerk.',
  },
  proxyAddressNotAllowed: {
    code: 'proxy_address_not_allowed',
    status: 400,
    param: 'proxy_url',
    message: 'address not allowed',
    longMessage:
      '%s resolves to %s, a private, loopback or reserved address this instance may not reach.',
  },
  proxyRequestFailed: {
    code: 'proxy_request_failed',
    status: 400,
    param: 'proxy_url',
    message: 'proxy request failed',
    longMessage: 'The request to %s failed: %s.',
  },
  proxyRequestTimeout: {
    code: 'proxy_request_timeout',
    status: 400,
    param: 'proxy_url',
    message: 'proxy request timed out',
    longMessage: '%s did not answer within %s ms.',
  },
  proxyResponseInvalid: {
    code: 'proxy_response_invalid',
    status: 400,
    param: 'proxy_url',
    message: 'invalid proxy response',
    longMessage: '%s did not answer as the Frontend API through a proxy would: %s.',
  },
} as const satisfies Record<string, CatalogueEntry>;
