import type { CatalogueEntry } from '../catalogue-entry.js';

/** Profile images, uploads, web3 wallet checksums, external accounts. */
export const profileErrors = {
  // Uploads (multipart/form-data)
  multipartRequired: {
    code: 'unsupported_content_type',
    status: 415,
    message: 'unsupported content type',
    longMessage: 'Content-Type %s is not supported by this endpoint; send multipart/form-data.',
  },
  fileMissing: {
    code: 'form_param_missing',
    status: 422,
    param: 'file',
    message: 'missing data',
    longMessage: 'file is missing: send the image as the form field file.',
  },
  fileRepeated: {
    code: 'form_param_value_invalid',
    status: 422,
    param: 'file',
    message: 'is invalid',
    longMessage: 'Send one file only.',
  },
  imageTypeInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: 'file',
    message: 'is invalid',
    longMessage: 'file must be a PNG, JPEG, GIF or WebP image.',
  },
  imageTooLarge: {
    code: 'request_body_too_large',
    status: 413,
    param: 'file',
    message: 'request body too large',
    longMessage: 'file exceeds the maximum image size of %s MB.',
  },
  multipartMalformed: {
    code: 'malformed_request_body',
    status: 400,
    message: 'malformed request body',
    longMessage: 'The multipart/form-data body could not be read: %s.',
  },
  // Web3 wallets
  web3WalletChecksumInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage:
      '{param} %s does not match its EIP-55 checksum (mixed-case letters); send it all lowercase or with the correct checksum.',
  },
  // External accounts
  oauthProviderInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: 'provider',
    message: 'is invalid',
    longMessage: 'provider must be an OAuth provider such as oauth_google.',
  },
} as const satisfies Record<string, CatalogueEntry>;
