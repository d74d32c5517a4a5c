import { expect, it } from 'vitest';
import { describeOperations, expectClerkError } from './operations-suite.js';

describeOperations('webhooks', (s) => {
  it('creates the Svix app, links to its portal, deletes it', async () => {
    await expectClerkError(s.sdk.webhooks.generateSvixAuthURL(), 400, 'svix_app_missing');
    const created = await s.sdk.webhooks.createSvixApp();
    expect(created.svix_url).toMatch(/\/castellan\/webhooks\/portal#token=whpl_/);
    const link = await s.sdk.webhooks.generateSvixAuthURL();
    expect(link.svix_url).toMatch(/\/castellan\/webhooks\/portal#token=whpl_/);
    expect(link.svix_url).not.toBe(created.svix_url);
    await s.sdk.webhooks.deleteSvixApp();
    await expectClerkError(s.sdk.webhooks.deleteSvixApp(), 400, 'svix_app_missing');
  });
});
