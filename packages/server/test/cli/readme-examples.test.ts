import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/test-server.js';
import { serve, stop, type Running } from './run-cli.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

interface CodeBlock {
  lang: string;
  code: string;
}

/** The fenced code blocks of the README's "Examples" section, in order. */
function readmeExamples(): CodeBlock[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = /^## Examples\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  return [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1]!,
    code: m[2]!,
  }));
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

// Regression, issue 6: the TypeScript example failed in a fresh `npm init -y` project
// (top-level await in CommonJS), and after the curl example with `form_identifier_exists`
// (both created the same email).
describe.each(testDialects())('README examples (%s)', { timeout: 120_000 }, (dialect) => {
  let database: TestDatabase | undefined;
  let dataDir: string;
  let server: Running;
  let secretKey: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'castellan-readme-'));
    const env: Record<string, string> = {};
    if (dialect === 'postgres') {
      database = await createTestDatabase('postgres');
      await database.database.close();
      env.DATABASE_URL = database.url;
    }
    server = await serve(['--data-dir', dataDir], env);
    secretKey = /Secret key:\s+(sk_test_\w+)/.exec(server.stdout())![1]!;
  });
  afterAll(async () => {
    if (server) await stop(server);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs every example as written, in order', async () => {
    const examples = readmeExamples();
    expect(examples.map((block) => block.lang)).toEqual(['sh', 'js']);
    // The README's two placeholders: the key printed on first start, and the default
    // address (the server under test listens on a free port instead of 3210).
    const fill = (code: string) =>
      code.replaceAll('sk_test_…', secretKey).replaceAll('http://127.0.0.1:3210', server.url);
    // An `npm init -y` project: CommonJS by default. It sits inside the repository, so
    // `@clerk/backend` resolves from the repository's node_modules as if installed there.
    const project = path.join(ROOT, 'test-results', `readme-${dialect}-${process.pid}`);
    mkdirSync(project, { recursive: true });
    writeFileSync(path.join(project, 'package.json'), '{ "type": "commonjs" }\n');
    const env = { ...process.env, CLERK_SECRET_KEY: secretKey };
    try {
      for (const { lang, code } of examples) {
        const result =
          lang === 'sh'
            ? await run('sh', ['-e', '-c', fill(code)], { cwd: project, env })
            : (writeFileSync(path.join(project, 'example.mjs'), fill(code)),
              await run(process.execPath, ['example.mjs'], { cwd: project, env }));
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout).not.toContain('"errors"');
        if (lang === 'sh') {
          const [created, listed] = result.stdout.split(/(?<=\})(?=\[)/);
          expect(JSON.parse(created!)).toMatchObject({ object: 'user', first_name: 'Ada' });
          expect(JSON.parse(listed!)).toEqual([expect.objectContaining({ object: 'user' })]);
        } else {
          expect(result.stdout).toMatch(/^created user_\w+; 1 user\(s\) found: user_\w+\n$/);
        }
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
