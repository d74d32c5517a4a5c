import { build } from 'esbuild';
import path from 'node:path';
import { Webhook } from 'svix';
import { PNG } from '../../../server/test/profile/images.js';

const WEBHOOK_SECRET = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;

/** The SDK as another runtime gets it: one ESM file bundled from the package's entry. */
export async function bundleSdk(platform: 'browser' | 'neutral'): Promise<string> {
  const bundle = await build({
    entryPoints: [path.resolve(import.meta.dirname, '../../src/index.ts')],
    bundle: true,
    format: 'esm',
    platform,
    target: 'es2022',
    write: false,
  });
  return bundle.outputFiles[0]!.text;
}

/** What the scenario answers when everything works (`userId` aside). */
export function expectedOutcome(userId: string) {
  return {
    name: 'Grace',
    missing: '404 resource_not_found',
    hasImage: true,
    listed: [userId],
    userId,
    sub: userId,
    eventType: 'user.created',
  };
}

/**
 * The source of an ES module that runs one scenario through the SDK imported from
 * `sdkUrl` against `serverURL` and hands its outcome to `report` (a JS expression taking
 * the promise): operations, a Blob upload, a typed error, `paginate`, `verifyToken` against
 * the server's JWKS and `verifyWebhook` of a payload `svix` signed here. Plain JS in a
 * string, so no test-runner transform touches what the runtime executes.
 */
export function scenarioModule(options: {
  sdkUrl: string;
  serverURL: string;
  secretKey: string;
  report: string;
}): string {
  const payload = JSON.stringify({ type: 'user.created', object: 'event', data: { id: 'u' } });
  const sentAt = new Date();
  const args = {
    serverURL: options.serverURL,
    key: options.secretKey,
    png: PNG.toString('base64'),
    payload,
    webhookId: 'msg_runtime',
    timestamp: String(Math.floor(sentAt.getTime() / 1000)),
    signature: new Webhook(WEBHOOK_SECRET).sign('msg_runtime', sentAt, payload),
    secret: WEBHOOK_SECRET,
  };
  return `
    import * as sdk from ${JSON.stringify(options.sdkUrl)};
    const args = ${JSON.stringify(args)};
    async function run() {
      const castellan = new sdk.Castellan({ bearerAuth: args.key, serverURL: args.serverURL });
      const user = await castellan.users.createUser({
        email_address: ['runtime@example.com'],
        first_name: 'Grace',
        skip_password_requirement: true,
      });
      const fetched = await castellan.users.getUser({ user_id: user.id });
      let missing = '';
      try {
        await castellan.users.getUser({ user_id: 'user_missing' });
      } catch (error) {
        missing =
          error instanceof sdk.ClerkErrors && error instanceof sdk.CastellanError
            ? error.statusCode + ' ' + error.data.errors[0].code
            : String(error);
      }
      const png = Uint8Array.from(atob(args.png), (c) => c.charCodeAt(0));
      const withImage = await castellan.users.setUserProfileImage({
        user_id: user.id,
        file: new Blob([png], { type: 'image/png' }),
      });
      const listed = [];
      for await (const u of sdk.paginate(castellan.users, 'getUserList', { limit: 1 })) {
        listed.push(u.id);
      }
      const session = await castellan.sessions.createSession({ user_id: user.id });
      const { jwt } = await castellan.sessions.createSessionToken({ session_id: session.id });
      const claims = await sdk.verifyToken(jwt, {
        jwksUrl: args.serverURL + '/jwks',
        secretKey: args.key,
      });
      const event = await sdk.verifyWebhook(
        args.payload,
        {
          'svix-id': args.webhookId,
          'svix-timestamp': args.timestamp,
          'svix-signature': args.signature,
        },
        args.secret,
      );
      return {
        name: fetched.first_name,
        missing,
        hasImage: withImage.has_image,
        listed,
        userId: user.id,
        sub: claims.sub,
        eventType: event.type,
      };
    }
    ${options.report}(run());
  `;
}
