/**
 * `npm run user:create -- --email E --role R [--territory SIREN]... [--password P] [--name N] [--organisation O]`
 * Prompts for the password (hidden) when none is given.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../api/src/config.ts';
import { AuthService } from '../api/src/modules/auth/auth.service.ts';
import { PgAuthStore } from '../api/src/modules/auth/auth.store.pg.ts';
import { openConfiguredDatabase, run } from './lib/cli.ts';

function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) {
    return Promise.reject(new Error('no --password given and no terminal to ask on'));
  }
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      write.call(rl, s.startsWith(question) ? s : '');
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

run(async () => {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      territory: { type: 'string', multiple: true, default: [] },
      password: { type: 'string' },
      name: { type: 'string' },
      organisation: { type: 'string' },
    },
    strict: true,
  });
  if (!values.email || !values.role)
    throw new Error(
      'usage: user:create -- --email E --role admin|editor|staff [--territory SIREN] [--password P]',
    );
  const password = values.password ?? (await promptHidden('Password: '));
  const db = await openConfiguredDatabase();
  try {
    const auth = new AuthService(new PgAuthStore(db.knex), loadConfig());
    const user = await auth.createUser({
      email: values.email,
      role: values.role,
      password,
      territories: values.territory,
      name: values.name,
      organisation: values.organisation,
    });
    console.log(
      `created ${user.role} ${user.email} (${user.id})${user.territories.length ? ` for ${user.territories.join(', ')}` : ''}`,
    );
  } finally {
    await db.close();
  }
});
