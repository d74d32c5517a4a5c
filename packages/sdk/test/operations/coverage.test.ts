import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../server/test/helpers/test-instance.js';
import { testDialects } from '../../../server/test/helpers/test-server.js';
import { Castellan, operationSpecs, type OperationId } from '../../src/index.js';
import { operationOf, OperationRecorder } from './operation-recorder.js';
import { COVERAGE_PLAN, groupOf, type GroupName } from './operations-suite.js';

/**
 * Every operation the server registers is called through the SDK: each file of this folder
 * checks it called every implemented operation of its groups (its last test), and this
 * checks those files' groups are exactly the groups with an implemented operation. An
 * operation registered in a new group fails here until a file covers the group.
 */
describe('SDK operation tests cover every operation the server implements', () => {
  it('each implemented operation is a method of a group a test file covers', async () => {
    const { app } = await useTestInstance(testDialects()[0]!);
    const implemented = [...app.castellan.operationIds];
    expect(implemented.filter((id) => groupOf(id) === undefined)).toEqual([]);
    const needed = new Set(implemented.map((id) => groupOf(id)!));
    const covered = Object.values(COVERAGE_PLAN).flat() as GroupName[];
    expect(covered.length, 'a group covered by two files').toBe(new Set(covered).size);
    expect([...new Set(covered)].sort()).toEqual([...needed].sort());
  });

  it.each(Object.keys(COVERAGE_PLAN))('%s.test.ts checks its groups', (file) => {
    const path = new URL(`./${file}.test.ts`, import.meta.url);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain(`describeOperations('${file}',`);
  });
});

describe('the recorder maps a request back to its operation', () => {
  it.each(Object.entries(operationSpecs))('%s', (operationId, spec) => {
    // IDs that look like nothing literal, so only the operation's own pattern can match.
    const path = spec.path.replace(/\{[^}]+\}/g, 'x_7f3a');
    expect(operationOf(spec.method, path)).toBe(operationId as OperationId);
  });

  it('prefers a literal segment to a path parameter', () => {
    expect(operationOf('GET', '/users/count')).toBe('GetUsersCount');
    expect(operationOf('GET', '/users/user_1')).toBe('GetUser');
    expect(operationOf('GET', '/organizations/org_1/invitations/pending')).toBe(
      'ListPendingOrganizationInvitations',
    );
    expect(operationOf('POST', '/users/ban')).toBe('UsersBan');
    expect(operationOf('GET', '/nowhere')).toBeUndefined();
  });
});

describe('the recorder', () => {
  it('flags an answer that breaks the contract and records only successes', async () => {
    // A scripted server: a user missing its required fields, and a proper 404.
    const server = createServer((req, res) => {
      const missing = req.url !== '/v1/users/user_1';
      res.writeHead(missing ? 404 : 200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          missing
            ? {
                errors: [
                  { message: 'not found', long_message: 'not found', code: 'resource_not_found' },
                ],
              }
            : { object: 'user', id: 'user_1' },
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const serverURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      const recorder = new OperationRecorder(serverURL);
      const sdk = new Castellan({
        bearerAuth: 'sk_test_x',
        serverURL,
        httpClient: recorder.httpClient,
        retryConfig: { strategy: 'none' },
      });
      await sdk.users.getUser({ user_id: 'user_1' });
      await sdk.users.getUser({ user_id: 'user_2' }).catch(() => undefined);
      expect(recorder.violations).toEqual([
        expect.stringMatching(/^GetUser GET \/users\/user_1 -> 200: /),
      ]);
      expect([...recorder.succeeded]).toEqual(['GetUser']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
