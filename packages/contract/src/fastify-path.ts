/** `/users/{user_id}/totp` → `/users/:user_id/totp` (Fastify's parameter syntax). */
export function toFastifyPath(path: string): string {
  return path.replace(/\{([^}/]+)\}/g, ':$1');
}
