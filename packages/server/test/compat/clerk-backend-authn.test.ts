import { describe, expect, it } from 'vitest';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';
import { authenticatorCode } from '../users/authn/authn-helpers.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PASSWORD = 'an-uncommon-sdk-passphrase-9';

/** Moderation, verification and MFA through the official client, unchanged (COMPAT.md). */
describe.each(testDialects())('@clerk/backend users: ban, lock, verify, MFA (%s)', (dialect) => {
  const suite = useClerkBackend(dialect);

  const newUser = () =>
    suite.clerk.users.createUser({
      emailAddress: [uniqueEmail('authn')],
      password: PASSWORD,
      totpSecret: SECRET,
      backupCodes: ['sdk-backup-1'],
    });

  it('bans, unbans, locks and unlocks', async () => {
    const user = await newUser();
    expect((await suite.clerk.users.banUser(user.id)).banned).toBe(true);
    expect((await suite.clerk.users.unbanUser(user.id)).banned).toBe(false);
    const locked = await suite.clerk.users.lockUser(user.id);
    expect(locked.locked).toBe(true);
    expect(locked.raw?.lockout_expires_in_seconds).toBe(3600);
    const unlocked = await suite.clerk.users.unlockUser(user.id);
    expect(unlocked.locked).toBe(false);
    expect(unlocked.raw?.verification_attempts_remaining).toBe(100);
  });

  it('verifies passwords, TOTP and backup codes; wrong ones are ClerkAPIResponseErrors', async () => {
    const user = await newUser();
    expect(await suite.clerk.users.verifyPassword({ userId: user.id, password: PASSWORD })).toEqual(
      {
        verified: true,
      },
    );
    const wrong = await suite.clerk.users
      .verifyPassword({ userId: user.id, password: 'nope' })
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ status: 422, clerkError: true });
    expect((wrong as { errors: { code: string }[] }).errors[0]?.code).toBe(
      'form_password_incorrect',
    );
    const code = authenticatorCode(SECRET, Date.now());
    expect(await suite.clerk.users.verifyTOTP({ userId: user.id, code })).toEqual({
      verified: true,
      code_type: 'totp',
    });
    expect(await suite.clerk.users.verifyTOTP({ userId: user.id, code: 'sdk-backup-1' })).toEqual({
      verified: true,
      code_type: 'backup_code',
    });
    const locked = await suite.clerk.users.lockUser(user.id);
    expect(locked.locked).toBe(true);
    const refused = await suite.clerk.users
      .verifyPassword({ userId: user.id, password: PASSWORD })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 403 });
    expect((refused as { errors: { code: string }[] }).errors[0]?.code).toBe('user_locked');
  });

  it('removes the password, the TOTP, the backup codes and all MFA', async () => {
    const user = await newUser();
    expect(await suite.clerk.users.deleteUserBackupCodes(user.id)).toEqual({ user_id: user.id });
    expect((await suite.clerk.users.getUser(user.id)).backupCodeEnabled).toBe(false);
    expect(await suite.clerk.users.deleteUserTOTP(user.id)).toEqual({ user_id: user.id });
    expect((await suite.clerk.users.getUser(user.id)).totpEnabled).toBe(false);
    const other = await newUser();
    expect(await suite.clerk.users.disableUserMFA(other.id)).toEqual({ user_id: other.id });
    expect((await suite.clerk.users.getUser(other.id)).twoFactorEnabled).toBe(false);
    const removed = await suite.clerk.users.removePassword(user.id, {
      signOutOfOtherSessions: true,
    });
    expect(removed.passwordEnabled).toBe(false);
  });
});
