import type { Kysely } from 'kysely';

/**
 * Development instances whose Frontend API host is one of Castellan's old defaults
 * (`localhost:3210`, `<id>.localhost`) get a host clerk-js accepts and treats as development
 * (`ins-<id>.castellan.accounts.dev`, no port) and the publishable key of that host. The old
 * keys never worked with clerk-js (no dot, or no development suffix: no dev browser); secret
 * keys are untouched. Hosts an operator chose (`--frontend-api`) are left as they are.
 * Frozen: the rules are copied here, not imported.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const rows = (await db
    .selectFrom('instances')
    .select(['id', 'frontend_api'])
    .where('environment', '=', 'development')
    .execute()) as { id: string; frontend_api: string }[];
  for (const row of rows) {
    const host = row.frontend_api;
    const legacy = !host.includes('.') || host.includes(':') || host.endsWith('.localhost');
    if (!legacy) continue;
    const frontendApi = `${row.id.toLowerCase().replace(/_/g, '-')}.castellan.accounts.dev`;
    await db
      .updateTable('instances')
      .set({
        frontend_api: frontendApi,
        publishable_key: `pk_test_${Buffer.from(`${frontendApi}$`).toString('base64')}`,
      })
      .where('id', '=', row.id)
      .execute();
  }
}

export async function down(): Promise<void> {
  // The old hosts are not kept: they never worked with clerk-js.
}
