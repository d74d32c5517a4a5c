import { beforeAll, describe, expect, it } from 'vitest';
import { paginate, type Castellan, type models } from '../../src/index.js';
import { testDialects } from '../../../server/test/helpers/test-server.js';
import { useSdk, type SdkSuite } from '../sdk-helpers.js';

/** A client of the suite's instance that records the URL and headers of each request. */
function recordingClient(suite: SdkSuite) {
  const requests: Request[] = [];
  const sdk = suite.client({
    fetch: (request) => {
      requests.push(request);
      return fetch(request);
    },
  });
  const pages = () =>
    requests.map((r) => {
      const query = new URL(r.url).searchParams;
      return { limit: query.get('limit'), offset: query.get('offset') };
    });
  return { sdk, requests, pages };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function createUsers(sdk: Castellan, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const user = await sdk.users.createUser({
      email_address: [`paged-${i}@example.com`],
      skip_password_requirement: true,
    });
    ids.push(user.id);
  }
  return ids;
}

describe.each(testDialects())('paginate (%s)', (dialect) => {
  let suite: SdkSuite;
  let userIds: string[];
  let organizationIds: string[];

  beforeAll(async () => {
    suite = await useSdk(dialect);
    userIds = await createUsers(suite.sdk, 7);
    await suite.sdk.instanceSettings.updateInstanceOrganizationSettings({ enabled: true });
    organizationIds = [];
    for (let i = 0; i < 7; i++) {
      organizationIds.push(
        (await suite.sdk.organizations.createOrganization({ name: `Org ${i}` })).id,
      );
    }
  });

  describe('over a list answering a bare array (GetUserList)', () => {
    it('yields every item, page after page of `limit`, stopping on the short page', async () => {
      const { sdk, pages } = recordingClient(suite);
      const users: models.User[] = await collect(paginate(sdk.users, 'getUserList', { limit: 3 }));
      expect(users.map((u) => u.id).sort()).toEqual([...userIds].sort());
      expect(pages()).toEqual([
        { limit: '3', offset: '0' },
        { limit: '3', offset: '3' },
        { limit: '3', offset: '6' },
      ]);
    });

    it('asks for one more, empty, page when the last page is full', async () => {
      const { sdk, pages } = recordingClient(suite);
      const users = await collect(paginate(sdk.users, 'getUserList', { limit: 3, offset: 1 }));
      expect(users).toHaveLength(6);
      expect(pages().map((p) => p.offset)).toEqual(['1', '4', '7']);
    });

    it('keeps the order and filters of the request on every page', async () => {
      const { sdk, requests } = recordingClient(suite);
      const request = { limit: 2, order_by: '+created_at', email_address_query: 'paged-' };
      const users = await collect(paginate(sdk.users, 'getUserList', request));
      const direct = await suite.sdk.users.getUserList({ ...request, limit: 100 });
      expect(users.map((u) => u.id)).toEqual(direct.map((u) => u.id));
      expect(requests).toHaveLength(4);
      for (const r of requests) {
        expect(new URL(r.url).searchParams.get('order_by')).toBe('+created_at');
      }
    });

    it('pages by 100 when the request sets no limit', async () => {
      const { sdk, pages } = recordingClient(suite);
      expect(await collect(paginate(sdk.users, 'getUserList'))).toHaveLength(7);
      expect(pages()).toEqual([{ limit: '100', offset: '0' }]);
    });

    it('sends the request options with every page', async () => {
      const { sdk, requests } = recordingClient(suite);
      const items = paginate(
        sdk.users,
        'getUserList',
        { limit: 3 },
        { headers: { 'x-trace': 't1' } },
      );
      await collect(items);
      expect(requests.map((r) => r.headers.get('x-trace'))).toEqual(['t1', 't1', 't1']);
    });

    it('fetches no further page once the loop breaks', async () => {
      const { sdk, requests } = recordingClient(suite);
      let seen = 0;
      for await (const _user of paginate(sdk.users, 'getUserList', { limit: 3 })) {
        if (++seen === 4) break;
      }
      expect(requests).toHaveLength(2);
    });
  });

  describe('over a list answering { data, total_count } (ListOrganizations)', () => {
    it('yields every item and stops once total_count items are seen', async () => {
      const { sdk, pages } = recordingClient(suite);
      const orgs: models.Organization[] = await collect(
        paginate(sdk.organizations, 'listOrganizations', { limit: 3 }),
      );
      expect(orgs.map((o) => o.id).sort()).toEqual([...organizationIds].sort());
      expect(pages().map((p) => p.offset)).toEqual(['0', '3', '6']);
    });

    it('needs no empty page when the last page is full', async () => {
      const { sdk, pages } = recordingClient(suite);
      const orgs = await collect(
        paginate(sdk.organizations, 'listOrganizations', { limit: 3, offset: 1 }),
      );
      expect(orgs).toHaveLength(6);
      expect(pages().map((p) => p.offset)).toEqual(['1', '4']);
    });
  });

  it('reads the envelope of an array list asked with `paginated` (ListInvitations)', async () => {
    const { sdk, requests } = recordingClient(suite);
    for (let i = 0; i < 5; i++) {
      await suite.sdk.invitations.createInvitation({ email_address: `invited-${i}@example.com` });
    }
    const invitations: models.Invitation[] = await collect(
      paginate(sdk.invitations, 'listInvitations', { limit: 2, paginated: true }),
    );
    expect(new Set(invitations.map((i) => i.email_address)).size).toBe(5);
    expect(requests).toHaveLength(3);
  });
});

describe('paginate over an envelope whose array is not `data`', () => {
  it('reads the one array beside total_count ({ m2m_tokens, total_count })', async () => {
    const tokens = ['mt_1', 'mt_2', 'mt_3', 'mt_4', 'mt_5'].map((id) => ({ id }));
    const offsets: number[] = [];
    const m2mTokens = {
      async getM2MTokens(request: { limit?: number; offset?: number }) {
        const { limit = 10, offset = 0 } = request;
        offsets.push(offset);
        return { m2m_tokens: tokens.slice(offset, offset + limit), total_count: tokens.length };
      },
    };
    const seen: { id: string }[] = await collect(paginate(m2mTokens, 'getM2MTokens', { limit: 2 }));
    expect(seen).toEqual(tokens);
    expect(offsets).toEqual([0, 2, 4]);
  });
});

describe('paginate types', () => {
  it('accepts only list methods of the group', () => {
    const typeCheckOnly = (sdk: Castellan) => {
      // @ts-expect-error getUser is no list: it takes no limit nor offset.
      void paginate(sdk.users, 'getUser');
      // @ts-expect-error the request is the method's own.
      void paginate(sdk.users, 'getUserList', { limit: 'ten' });
    };
    expect(typeCheckOnly).toBeTypeOf('function');
  });
});
