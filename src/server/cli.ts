// `npm run cli -- <command>`: manage accounts and areas offline, and import a village's household list
// (cli-import.ts), on the same DATA_DIR / DATABASE_URL as the server, with the same validation as the
// API. Exit codes: 0 done, 1 refused or failed, 2 usage. With the embedded database the CLI cannot run
// while the server holds the folder (its lock says so).
import { z } from 'zod';
import { createArea, newAreaSchema } from './accounts/areas.ts';
import {
  createUser,
  listUsers,
  newUserSchema,
  accountPassword,
  accountPhone,
  resetPassword,
} from './accounts/users.ts';
import { IMPORT_USAGE, parseImportArgs, runImport } from './cli-import.ts';
import { checkVillageTallies } from './police/check-tallies.ts';
import { openStore } from './store/open-store.ts';
import type { Store } from './store/store.ts';

const USAGE = `Sổ 06 — quản lý tài khoản / account management

  npm run cli -- create-admin --phone 0912345678 --password '…' --name 'Tên'
  npm run cli -- create-area --id thon-dong --kind province|commune|village --name 'Thôn Đông' [--parent xa-demo]
  npm run cli -- create-user --phone P --password W --name N --role volunteer|police|admin [--areas a,b]
  npm run cli -- reset-password --phone P --password W
  npm run cli -- list-users
  npm run cli -- check-tallies [--repair 1]   (the villages' counters against a recount; exit 1 if they differ)
${IMPORT_USAGE}

Uses DATA_DIR (default ./data) or DATABASE_URL (+ DATABASE_SCHEMA), like the server.`;

type Outcome = { ok: true; message: string } | { ok: false; message: string; usage?: boolean };

function parseFlags(args: readonly string[]): Map<string, string> | string {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i] ?? '';
    const value = args[i + 1];
    if (!name.startsWith('--') || value === undefined) return `expected --name value pairs, got "${name}"`;
    flags.set(name.slice(2), value);
  }
  return flags;
}

function problems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
}

async function run(store: Store, command: string, flags: Map<string, string>): Promise<Outcome> {
  const now = Date.now();
  const f = (name: string) => flags.get(name);
  switch (command) {
    case 'create-admin':
    case 'create-user': {
      const input = newUserSchema.safeParse({
        name: f('name'),
        phone: f('phone'),
        password: f('password'),
        role: command === 'create-admin' ? 'admin' : f('role'),
        areaIds: (f('areas') ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      });
      if (!input.success) return { ok: false, message: problems(input.error), usage: true };
      const result = await createUser(store, input.data, now);
      if (!result.ok) return { ok: false, message: result.message };
      const u = result.user;
      return { ok: true, message: `created ${u.role} ${u.name} (${u.phone}), id ${u.id}` };
    }
    case 'create-area': {
      const input = newAreaSchema.safeParse({
        id: f('id'),
        kind: f('kind'),
        name: f('name'),
        parentId: f('parent'),
      });
      if (!input.success) return { ok: false, message: problems(input.error), usage: true };
      const result = await createArea(store, input.data, now);
      if (!result.ok) return { ok: false, message: result.message };
      const a = result.area;
      return {
        ok: true,
        message: `created ${a.kind} ${a.id} "${a.name}"${a.parentId ? ` in ${a.parentId}` : ''}`,
      };
    }
    case 'reset-password': {
      const input = z.object({ phone: accountPhone, password: accountPassword }).safeParse({
        phone: f('phone'),
        password: f('password'),
      });
      if (!input.success) return { ok: false, message: problems(input.error), usage: true };
      const result = await resetPassword(store, input.data.phone, input.data.password, now);
      if (!result.ok) return { ok: false, message: result.message };
      return {
        ok: true,
        message: `new password set for ${result.user.phone}; their sessions were signed out`,
      };
    }
    case 'list-users': {
      const users = await listUsers(store);
      const lines = users.map(
        (u) => `${u.phone}  ${u.role.padEnd(9)}  ${u.name}  [${u.areaIds.join(', ')}]  ${u.id}`,
      );
      return { ok: true, message: lines.length ? lines.join('\n') : '(no users)' };
    }
    case 'check-tallies': {
      // [T8] After a restore, or when in doubt: counts and village ids only, never a citizen's data.
      const repair = f('repair');
      if (repair !== undefined && repair !== '1')
        return { ok: false, message: '--repair: 1 to rewrite the counters that differ', usage: true };
      const check = await checkVillageTallies(store, now, { repair: repair === '1' });
      const lines = check.differences.map(
        (d) => `  ${d.villageId}  ${d.count}: counter ${d.counter}, recount ${d.recount}`,
      );
      if (check.differences.length === 0)
        return { ok: true, message: `${check.villages} villages: every counter equals its recount` };
      if (check.repaired > 0)
        return {
          ok: true,
          message: `${check.villages} villages; ${check.repaired} repaired:\n${lines.join('\n')}`,
        };
      return {
        ok: false,
        message: `${check.villages} villages; counters differ from their recount:\n${lines.join('\n')}`,
      };
    }
    default:
      return { ok: false, message: `unknown command "${command}"`, usage: true };
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const env = process.env;
  const open = () =>
    openStore({
      databaseUrl: env.DATABASE_URL || undefined,
      databaseSchema: env.DATABASE_SCHEMA || undefined,
      dataDir: env.DATA_DIR ?? './data',
    });
  if (command === 'import') {
    const args = parseImportArgs(rest);
    const policeManage = env.POLICE_MANAGE ?? '1';
    if (typeof args === 'string' || (policeManage !== '1' && policeManage !== '0')) {
      const why = typeof args === 'string' ? args : `POLICE_MANAGE: 1 or 0, not ${policeManage}`;
      console.error(`${why}\n\n${USAGE}`);
      return 2;
    }
    // The file is read and checked before the database is opened: its problems need no server.
    const outcome = await runImport(
      async () => {
        const opened = await open();
        return opened.ok ? opened.store : opened.message;
      },
      args,
      (line) => console.log(line),
      { policeManage: policeManage === '1', now: Date.now },
    );
    if (!outcome.ok) console.error(outcome.message);
    return outcome.ok ? 0 : 1;
  }
  const flags = parseFlags(rest);
  if (typeof flags === 'string') {
    console.error(`${flags}\n\n${USAGE}`);
    return 2;
  }
  const opened = await open();
  if (!opened.ok) {
    console.error(opened.message);
    return 1;
  }
  try {
    const outcome = await run(opened.store, command, flags);
    if (outcome.ok) {
      console.log(outcome.message);
      return 0;
    }
    console.error(outcome.usage ? `${outcome.message}\n\n${USAGE}` : outcome.message);
    return outcome.usage ? 2 : 1;
  } finally {
    await opened.store.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
