import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDialects, type DialectName } from '../../../server/test/helpers/test-server.js';
import type { TestInstance } from '../../../server/test/helpers/test-instance.js';
import { Castellan, ClerkErrors, type ClientOptions, type OperationId } from '../../src/index.js';
import { groupClasses } from '../../src/generated/groups.js';
import { useSdk } from '../sdk-helpers.js';
import { OperationRecorder } from './operation-recorder.js';

export type GroupName = keyof typeof groupClasses;

/**
 * Which test file of this folder covers which SDK groups. Each file checks it called every
 * implemented operation of its groups; `coverage.test.ts` checks these groups are all the
 * groups with an implemented operation, so together every operation is covered.
 */
export const COVERAGE_PLAN = {
  users: ['users'],
  identifications: ['emailAddresses', 'phoneNumbers'],
  sessions: ['sessions', 'clients', 'jwks'],
  tokens: ['signInTokens', 'testingTokens', 'actorTokens'],
  organizations: ['organizations', 'organizationMemberships'],
  'organization-invitations': ['organizationInvitations'],
  'organization-domains': ['organizationDomains', 'organizationDomain'],
  roles: ['roleSets', 'organizationPermissions'],
  instance: ['instanceSettings', 'betaFeatures', 'domains', 'proxyChecks'],
  access: ['allowListBlockList', 'invitations', 'redirectUrls'],
  'jwt-templates': ['jwtTemplates'],
  'sign-ups': ['signUps', 'miscellaneous'],
  'oauth-applications': ['oauthApplications'],
  webhooks: ['webhooks'],
  templates: ['emailAndSmsTemplates'],
  'enterprise-connections': ['samlConnections', 'enterpriseConnections'],
  waitlist: ['waitlistEntries'],
  'machine-auth': ['machines', 'm2mTokens', 'apiKeys'],
  'oauth-tokens-portal': ['oauthAccessTokens', 'adminPortalLinkTokens'],
} as const satisfies Record<string, readonly GroupName[]>;

export type CoveredFile = keyof typeof COVERAGE_PLAN;

/** The SDK group whose method runs `operationId` (its name with the first letter lowered). */
export function groupOf(operationId: string): GroupName | undefined {
  const method = operationId[0]!.toLowerCase() + operationId.slice(1);
  return (Object.keys(groupClasses) as GroupName[]).find((group) =>
    Object.hasOwn(groupClasses[group].prototype, method),
  );
}

/** One suite's instance and SDK clients that check and record every answer. */
export class OperationsSuite {
  t!: TestInstance;
  sdk!: Castellan;
  recorder!: OperationRecorder;
  private serverURL = '';

  constructor(readonly dialect: DialectName) {}

  async start(): Promise<void> {
    const { instance, serverURL } = await useSdk(this.dialect);
    this.t = instance;
    this.serverURL = serverURL;
    this.recorder = new OperationRecorder(serverURL);
    this.sdk = this.client();
  }

  /**
   * A client of this suite's server through the recorder: the suite's key unless the
   * options give another. No retries, so every answer is the server's first.
   */
  client(options: ClientOptions = {}): Castellan {
    return new Castellan({
      bearerAuth: this.t.secretKey,
      serverURL: this.serverURL,
      retryConfig: { strategy: 'none' },
      httpClient: this.recorder.httpClient,
      ...options,
    });
  }
}

/**
 * The suite of one file of this folder, on every test dialect: a fresh instance per
 * dialect, every answer checked against the contract after each test, and a last test
 * that fails while an implemented operation of the file's groups was never called with
 * success (a newly registered operation fails it until a test covers it).
 */
export function describeOperations(file: CoveredFile, tests: (s: OperationsSuite) => void) {
  const groups: readonly GroupName[] = COVERAGE_PLAN[file];
  describe.each(testDialects())(`${groups.join(', ')} through the SDK (%s)`, (dialect) => {
    const s = new OperationsSuite(dialect);
    beforeAll(() => s.start());
    afterEach(() => {
      expect(s.recorder.violations.splice(0), 'answers that break the contract').toEqual([]);
    });

    tests(s);

    it(`called every implemented operation of ${groups.join(', ')}`, () => {
      const implemented = [...s.t.app.castellan.operationIds].filter((id) =>
        groups.includes(groupOf(id)!),
      );
      expect(implemented.length).toBeGreaterThan(0);
      const missed = implemented.filter((id) => !s.recorder.succeeded.has(id)).sort();
      expect(missed, 'implemented operations no test called with success').toEqual([]);
    });
  });
}

/** Awaits a call that must fail with a `ClerkErrors` of `status` and first error `code`. */
export async function expectClerkError(
  call: Promise<unknown>,
  status: number,
  code: string,
): Promise<ClerkErrors> {
  const error = await call.then(
    (value) => {
      throw new Error(`expected ${status} ${code}, got ${JSON.stringify(value)?.slice(0, 300)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClerkErrors);
  const clerk = error as ClerkErrors;
  expect([clerk.statusCode, clerk.data.errors[0]?.code], clerk.message).toEqual([status, code]);
  expect(clerk.clerkTraceId).toBeTruthy();
  return clerk;
}

export type { OperationId };
