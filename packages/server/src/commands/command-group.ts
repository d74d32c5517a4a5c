import { CommandError } from './admin-context.js';

/** `castellan <group> <command> …`: the admin commands (`instances`, `keys`, `signing-keys`). */
export interface CommandGroup {
  name: string;
  help: string;
  commands: Record<string, (argv: string[], env: NodeJS.ProcessEnv) => Promise<void>>;
}

/** Runs `group`'s command named by argv[0]; `--help` anywhere prints the group's help. */
export async function runCommandGroup(
  group: CommandGroup,
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const [command, ...rest] = argv;
  if (argv.includes('--help') || argv.includes('-h') || command === 'help') {
    process.stdout.write(group.help);
    return;
  }
  if (command === undefined || command.startsWith('-'))
    throw new CommandError(
      `missing command: castellan ${group.name} <command>\n${group.help.trimEnd()}`,
    );
  const run = group.commands[command];
  if (!run)
    throw new CommandError(
      `unknown command: castellan ${group.name} ${command}\n${group.help.trimEnd()}`,
    );
  await run(rest, env);
}
