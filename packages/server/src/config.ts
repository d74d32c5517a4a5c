import { parseArgs } from 'node:util';

export interface ServeConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  secretKey: string | undefined;
  logLevel: string;
}

/** Flags win over environment variables, which win over defaults. */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv): ServeConfig {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      'secret-key': { type: 'string' },
      'log-level': { type: 'string' },
    },
  });
  const port = Number(values.port ?? env.PORT ?? 3210);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid port: ${values.port ?? env.PORT}`);
  return {
    port,
    host: values.host ?? env.HOST ?? '127.0.0.1',
    dataDir: values['data-dir'] ?? env.CASTELLAN_DATA_DIR ?? './.castellan',
    databaseUrl: values['database-url'] ?? (env.DATABASE_URL || undefined),
    secretKey: values['secret-key'] ?? (env.CLERK_SECRET_KEY || undefined),
    logLevel: values['log-level'] ?? env.LOG_LEVEL ?? 'info',
  };
}
