import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { EncryptionKeyError, type EncryptionKeyRing } from './encryption-key.js';
import { SEALED_COLUMNS, type SealedColumn } from './sealed-columns.js';
import {
  createSecretBox,
  isSealed,
  sealedKid,
  SecretDecryptionError,
  type SecretBox,
  type SecretLocation,
} from './secret-box.js';
import {
  findCheckValue,
  findSealedValue,
  insertCheckValue,
  listValuesToSeal,
  replaceCheckValue,
  replaceStoredSecret,
} from './secrets-store.js';

const CHECK_PLAINTEXT = 'castellan encryption key check';
const CHECK_LOCATION: SecretLocation = {
  table: 'encryption_check',
  column: 'check_value',
  rowId: 'kek',
};
const BATCH = 500;

export interface OpenedSecretBox {
  box: SecretBox;
  /** How many stored values were sealed now: written in clear, or under a previous key. */
  resealed: number;
}

function describeKeys(box: SecretBox): string {
  const [current, ...previous] = box.kids;
  return previous.length
    ? `the configured key is ${current} (previous: ${previous.join(', ')})`
    : `the configured key is ${current}`;
}

function wrongKey(kid: string | undefined, box: SecretBox, what: string): EncryptionKeyError {
  return new EncryptionKeyError(
    `This database's secrets are encrypted under encryption key ${kid ?? '(unreadable)'}, but ` +
      `${describeKeys(box)}: ${what}. Configure the key this database was created with ` +
      '(CASTELLAN_ENCRYPTION_KEY, CASTELLAN_ENCRYPTION_KEY_FILE or <data dir>/encryption.key); ' +
      'to rotate, give the new key and list the old one in CASTELLAN_ENCRYPTION_PREVIOUS_KEYS.',
  );
}

/**
 * Checks the configured keys against the database before anything reads a secret: the
 * database keeps a check value (a known text sealed under the key in use), so a wrong or
 * missing key stops the start with a clear error instead of failing later, row by row.
 * Returns the kid the database's secrets are sealed under.
 */
async function verifyCheckValue(db: Kysely<Db>, box: SecretBox): Promise<string> {
  let check = await findCheckValue(db);
  if (check === undefined) {
    // First start, or a database from before encryption: any sealed value found without a
    // check value must still open with the configured keys.
    for (const column of SEALED_COLUMNS) {
      const sample = await findSealedValue(db, column);
      const kid = sample && sealedKid(sample);
      if (sample && !(kid && box.kids.includes(kid))) {
        throw wrongKey(kid, box, `${column.table}.${column.column} holds values it cannot open`);
      }
    }
    await insertCheckValue(db, box.seal(CHECK_PLAINTEXT, CHECK_LOCATION), Date.now());
    check = (await findCheckValue(db))!;
  }
  const kid = sealedKid(check);
  if (!kid || !box.kids.includes(kid)) throw wrongKey(kid, box, 'no configured key has that id');
  try {
    if (box.open(check, CHECK_LOCATION) !== CHECK_PLAINTEXT) throw new Error('mismatch');
  } catch {
    throw wrongKey(kid, box, 'the key with that id does not open the check value');
  }
  return kid;
}

/** Seals every value of a column that is clear, or (rotating) under another key. */
async function resealColumn(
  db: Kysely<Db>,
  box: SecretBox,
  column: SealedColumn,
  rotating: boolean,
): Promise<number> {
  let count = 0;
  let afterId = '';
  for (;;) {
    const batch = await listValuesToSeal(db, column, {
      afterId,
      limit: BATCH,
      keepKid: rotating ? box.currentKid : undefined,
    });
    if (batch.length === 0) return count;
    await db.transaction().execute(async (trx) => {
      for (const secret of batch) {
        const location = { table: column.table, column: column.column, rowId: secret.id };
        const plain = isSealed(secret.value) ? box.open(secret.value, location) : secret.value;
        await replaceStoredSecret(trx, column, secret, box.seal(plain, location));
      }
    });
    count += batch.length;
    afterId = batch[batch.length - 1]!.id;
  }
}

/**
 * Makes the database's secrets readable with `ring` and sealed under its current key:
 * verifies the key check, seals values an earlier version wrote in clear (every start:
 * the lookup is an index probe that finds nothing once all is sealed), and after a
 * rotation re-seals what the previous key sealed, then moves the check value to the new
 * key. Several nodes may run this at once: each replacement is compare-and-set.
 */
export async function openSecretBox(
  db: Kysely<Db>,
  ring: EncryptionKeyRing,
): Promise<OpenedSecretBox> {
  const box = createSecretBox(ring);
  const checkKid = await verifyCheckValue(db, box);
  const rotating = checkKid !== box.currentKid;
  let resealed = 0;
  try {
    for (const column of SEALED_COLUMNS) resealed += await resealColumn(db, box, column, rotating);
  } catch (error) {
    if (error instanceof SecretDecryptionError) throw new EncryptionKeyError(error.message);
    throw error;
  }
  if (rotating) {
    const old = (await findCheckValue(db))!;
    await replaceCheckValue(db, old, box.seal(CHECK_PLAINTEXT, CHECK_LOCATION), Date.now());
  }
  return { box, resealed };
}
