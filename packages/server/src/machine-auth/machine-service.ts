import type { RequestBody, RequestQuery, ResponseBody } from '@castellan/contract';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { pageOf, parseOrderBy } from '../lists/list-params.js';
import { paginated } from '../lists/list-responses.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { deleteApiKeysOfSubject } from './api-key-store.js';
import { generateMachineSecretKey, hashCredential } from './machine-credentials.js';
import {
  countMachineRows,
  countScopes,
  deleteMachineRow,
  deleteScope,
  findMachine,
  findMachines,
  insertMachine,
  insertScopes,
  listMachineRows,
  listScopedMachineIds,
  lockMachine,
  MACHINE_ORDER_COLUMNS,
  scopeExists,
  updateMachineRow,
  type MachineRow,
} from './machine-store.js';

export type Machine = ResponseBody<'GetMachine', '200'>;
type MachineSummary = Machine['scoped_machines'][number];

const RESOURCE = 'machine';
/** The spec's limit on the machines one machine may be scoped to. */
export const MAX_SCOPES = 150;

function summaryOf(row: MachineRow): MachineSummary {
  return {
    object: 'machine',
    id: row.id,
    name: row.name,
    instance_id: row.instance_id,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    default_token_ttl: Number(row.default_token_ttl),
  };
}

/** Machines with their scoped machines (one query for the scopes, one for their rows). */
async function withScopes(db: Kysely<Db>, instanceId: string, rows: MachineRow[]) {
  const scopes = await listScopedMachineIds(
    db,
    rows.map((row) => row.id),
  );
  const targets = await findMachines(db, instanceId, [
    ...new Set(scopes.map((s) => s.to_machine_id)),
  ]);
  const byId = new Map(targets.map((row) => [row.id, summaryOf(row)]));
  return rows.map((row): Machine => ({
    ...summaryOf(row),
    scoped_machines: scopes
      .filter((s) => s.from_machine_id === row.id)
      .flatMap((s) => byId.get(s.to_machine_id) ?? []),
  }));
}

const machineLocation = (id: string) => ({ table: 'machines', column: 'secret_key', rowId: id });

function openSecretKey(secrets: SecretBox, row: MachineRow): string {
  return secrets.open(row.secret_key, machineLocation(row.id));
}

export async function getMachine(scope: Scope, id: string): Promise<Machine> {
  const row = await findMachine(scope.db, scope.instanceId, id);
  if (!row) throw apiErrors.notFound(RESOURCE, id);
  const [machine] = await withScopes(scope.db, scope.instanceId, [row]);
  return machine!;
}

/** `GET /v1/machines`: `query` matches a substring of the name or the exact ID; newest first. */
export async function listMachines(scope: Scope, query: RequestQuery<'ListMachines'>) {
  const ordering = parseOrderBy(query.order_by, MACHINE_ORDER_COLUMNS, '-created_at');
  const text = query.query?.trim() || undefined;
  const [rows, total] = await Promise.all([
    listMachineRows(scope.db, scope.instanceId, text, ordering, pageOf(query)),
    countMachineRows(scope.db, scope.instanceId, text),
  ]);
  return paginated(await withScopes(scope.db, scope.instanceId, rows), total);
}

/** Every ID of `ids` must be a machine of the instance (another instance's is unknown here). */
async function assertMachinesExist(tx: WriteTx, ids: readonly string[], param: string) {
  const found = new Set((await findMachines(tx.db, tx.instanceId, ids)).map((row) => row.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) {
    throw apiErrors.paramValueInvalid(
      param,
      `contains ${missing}, which is not a machine of this instance`,
    );
  }
}

/** `POST /v1/machines`: the secret key is in this answer and GetMachineSecretKey's only. */
export async function createMachine(scope: Scope, input: RequestBody<'CreateMachine'>) {
  const name = input.name.trim();
  if (name === '') throw apiErrors.paramMissing('name');
  const scoped = [...new Set(input.scoped_machines ?? [])];
  const secretKey = generateMachineSecretKey();
  const row = await runWrite(scope, async (tx) => {
    await assertMachinesExist(tx, scoped, 'scoped_machines');
    const id = generateId('mch', tx.now);
    const row: MachineRow = {
      id,
      instance_id: tx.instanceId,
      name,
      name_lower: name.toLowerCase(),
      default_token_ttl: input.default_token_ttl ?? 3600,
      secret_key: scope.secrets.seal(secretKey, machineLocation(id)),
      secret_key_hash: hashCredential(secretKey),
      previous_secret_key_hash: null,
      previous_secret_key_expires_at: null,
      created_at: tx.now,
      updated_at: tx.now,
    };
    await insertMachine(tx.db, row);
    await insertScopes(
      tx.db,
      scoped.map((to) => ({
        instance_id: tx.instanceId,
        from_machine_id: id,
        to_machine_id: to,
        created_at: tx.now,
      })),
    );
    return row;
  });
  const [machine] = await withScopes(scope.db, scope.instanceId, [row]);
  return { ...machine!, secret_key: secretKey };
}

async function lockExistingMachine(tx: WriteTx, id: string): Promise<MachineRow> {
  const row = await lockMachine(tx.db, tx.dialect, tx.instanceId, id);
  if (!row) throw apiErrors.notFound(RESOURCE, id);
  return row;
}

export async function updateMachine(
  scope: Scope,
  id: string,
  input: RequestBody<'UpdateMachine'>,
): Promise<Machine> {
  const name = input.name?.trim();
  if (name === '') throw apiErrors.paramMissing('name');
  await runWrite(scope, async (tx) => {
    await lockExistingMachine(tx, id);
    await updateMachineRow(tx.db, tx.instanceId, id, {
      ...(name === undefined ? {} : { name, name_lower: name.toLowerCase() }),
      ...(input.default_token_ttl === undefined
        ? {}
        : { default_token_ttl: input.default_token_ttl }),
      updated_at: tx.now,
    });
  });
  return getMachine(scope, id);
}

/** Its scopes (both ways) and M2M tokens go with it; its API keys are deleted too. */
export async function deleteMachine(scope: Scope, id: string) {
  await runWrite(scope, async (tx) => {
    await lockExistingMachine(tx, id);
    await deleteApiKeysOfSubject(tx.db, tx.instanceId, id);
    await deleteMachineRow(tx.db, tx.instanceId, id);
  });
  return { object: 'machine' as const, id, deleted: true as const };
}

export async function createMachineScope(scope: Scope, id: string, toId: string) {
  return runWrite(scope, async (tx) => {
    await lockExistingMachine(tx, id);
    if (toId === id) {
      throw apiErrors.paramValueInvalid('to_machine_id', 'cannot be the machine itself');
    }
    if (!(await findMachine(tx.db, tx.instanceId, toId))) throw apiErrors.notFound(RESOURCE, toId);
    if (await scopeExists(tx.db, id, toId)) throw apiErrors.machineScopeExists(id, toId);
    if ((await countScopes(tx.db, id)) >= MAX_SCOPES) {
      throw apiErrors.machineScopeLimitReached(id, MAX_SCOPES);
    }
    const row = {
      instance_id: tx.instanceId,
      from_machine_id: id,
      to_machine_id: toId,
      created_at: tx.now,
    };
    await insertScopes(tx.db, [row]);
    await updateMachineRow(tx.db, tx.instanceId, id, { updated_at: tx.now });
    return {
      object: 'machine_scope' as const,
      from_machine_id: id,
      to_machine_id: toId,
      created_at: tx.now,
    };
  });
}

export async function deleteMachineScope(scope: Scope, id: string, otherId: string) {
  return runWrite(scope, async (tx) => {
    await lockExistingMachine(tx, id);
    if (!(await deleteScope(tx.db, id, otherId))) {
      throw apiErrors.notFound('machine scope', `${id} → ${otherId}`);
    }
    await updateMachineRow(tx.db, tx.instanceId, id, { updated_at: tx.now });
    return {
      object: 'machine_scope' as const,
      from_machine_id: id,
      to_machine_id: otherId,
      deleted: true as const,
    };
  });
}

export async function getMachineSecretKey(scope: Scope, id: string) {
  const row = await findMachine(scope.db, scope.instanceId, id);
  if (!row) throw apiErrors.notFound(RESOURCE, id);
  return { object: 'machine_secret_key' as const, secret: openSecretKey(scope.secrets, row) };
}

/**
 * A new key replaces the current one at once; the previous one keeps authenticating for
 * `previous_token_ttl` seconds (0: not at all). A key rotated out earlier is forgotten.
 */
export async function rotateMachineSecretKey(
  scope: Scope,
  id: string,
  input: RequestBody<'RotateMachineSecretKey'>,
) {
  const secretKey = generateMachineSecretKey();
  await runWrite(scope, async (tx) => {
    const row = await lockExistingMachine(tx, id);
    const grace = input.previous_token_ttl * 1000;
    await updateMachineRow(tx.db, tx.instanceId, id, {
      secret_key: scope.secrets.seal(secretKey, machineLocation(id)),
      secret_key_hash: hashCredential(secretKey),
      previous_secret_key_hash: grace > 0 ? row.secret_key_hash : null,
      previous_secret_key_expires_at: grace > 0 ? tx.now + grace : null,
      updated_at: tx.now,
    });
  });
  return { object: 'machine_secret_key' as const, secret: secretKey };
}
