import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';
import fastJson from 'fast-json-stringify';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import {
  operations,
  responseBodies,
  schemas,
  webhookEvents,
  webhookSchemas,
  type OperationDefinition,
} from '../src/index.js';
import { userJson } from './fixtures/user-json.js';

const table = Object.values(operations as Record<string, OperationDefinition>);

/** Every distinct schema object of the contract, with a label for failure messages. */
function allSchemas(): Map<object, string> {
  const found = new Map<object, string>();
  const add = (schema: object | null | undefined, label: string) => {
    if (schema && !found.has(schema)) found.set(schema, label);
  };
  for (const [name, schema] of Object.entries(schemas)) add(schema, name);
  for (const [name, schema] of Object.entries(responseBodies)) add(schema, name);
  for (const [name, schema] of Object.entries(webhookSchemas)) {
    if (schema !== webhookEvents) add(schema, `webhooks ${name}`);
  }
  for (const [type, schema] of Object.entries(webhookEvents)) add(schema, `webhook ${type}`);
  for (const op of table) {
    add(op.request.params, `${op.operationId} params`);
    add(op.request.querystring, `${op.operationId} querystring`);
    add(op.request.body, `${op.operationId} body`);
    for (const [status, schema] of Object.entries(op.responses)) {
      add(schema, `${op.operationId} ${status}`);
    }
  }
  return found;
}

describe('contract schemas', () => {
  // ajv (also the one inside fast-json-stringify) reports strict-mode problems on the console.
  let warn: MockInstance;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    const calls = warn.mock.calls.map((args) => args.join(' '));
    warn.mockRestore();
    expect(calls).toEqual([]);
  });

  it("compile under Fastify's ajv defaults (strict mode) without warnings", () => {
    const logged: string[] = [];
    const log = (...args: unknown[]) => logged.push(args.map(String).join(' '));
    // @fastify/ajv-compiler's defaults, with removeAdditional off as Castellan runs it.
    const ajv = new Ajv({
      coerceTypes: 'array',
      useDefaults: true,
      removeAdditional: false,
      allErrors: false,
      logger: { log, warn: log, error: log },
    });
    formatsPlugin.default(ajv);
    const failures: string[] = [];
    for (const [schema, label] of allSchemas()) {
      try {
        ajv.compile(schema);
      } catch (error) {
        failures.push(`${label}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(logged).toEqual([]);
  });

  it('serialize a user and a user list with fast-json-stringify, dropping nothing', () => {
    const user = userJson();
    const one = fastJson(operations.GetUser.responses['200']);
    expect(JSON.parse(one(user))).toEqual(user);
    const list = fastJson(operations.GetUserList.responses['200']);
    expect(JSON.parse(list([user, user]))).toEqual([user, user]);
  });

  it('serialize nullable and oneOf fields with fast-json-stringify', () => {
    const user = userJson();
    const emails = user.email_addresses as Record<string, unknown>[];
    emails[0]!.verification = null;
    user.private_metadata = null;
    user.first_name = null;
    const serialize = fastJson(operations.GetUser.responses['200']);
    expect(JSON.parse(serialize(user))).toEqual(user);
  });

  it('serialize objects with an anyOf of required names (SAML connections) quietly', () => {
    const serialize = fastJson(schemas.SAMLAccountConnection);
    const connection = {
      id: 'samlc_1',
      name: 'Okta',
      domains: ['example.com'],
      active: true,
      provider: 'saml_okta',
      sync_user_attributes: true,
      created_at: 1,
      updated_at: 2,
    };
    expect(JSON.parse(serialize(connection))).toEqual(connection);
    // Neither `domain` nor `domains`: the spec's anyOf is not met.
    expect(() => serialize({ ...connection, domains: undefined })).toThrow();
  });

  it('all compile with fast-json-stringify', () => {
    const failures: string[] = [];
    for (const op of table) {
      for (const [status, schema] of Object.entries(op.responses)) {
        if (schema === null) continue;
        try {
          fastJson(schema);
        } catch (error) {
          failures.push(`${op.operationId} ${status}: ${(error as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
