import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

const CHECKSUMMED = '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359';
const TYPO = '0xFB6916095ca1df60bB79Ce92cE3Ea74c37c5d359';

describe.each(testDialects())('web3 wallets with EIP-55 checksums (%s)', (dialect) => {
  let api: Api;
  beforeAll(async () => {
    ({ api } = await useTestInstance(dialect));
  });

  it('CreateUser keeps a checksummed address as given', async () => {
    const user = await createTestUser(api, { web3_wallet: [CHECKSUMMED] });
    expect(user.web3_wallets.map((w) => w.web3_wallet)).toEqual([CHECKSUMMED]);
  });

  it('CreateUser refuses a mixed-case address whose checksum does not match, creating nothing', async () => {
    const body = await api.fail(
      'CreateUser',
      { body: { web3_wallet: [TYPO] } },
      422,
      'form_param_format_invalid',
    );
    expect(body.errors[0]!.meta).toEqual({ param_name: 'web3_wallet' });
    expect(body.errors[0]!.long_message).toContain('EIP-55');
    expect(
      await api.ok('GetUserList', { query: { web3_wallet: [CHECKSUMMED.toLowerCase()] } }),
    ).toHaveLength(1);
  });
});
