import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config.js';
import { exportCustomersCsv, keysetPages } from '../import/export.js';
import { fmt } from '../import/progress.js';
import { openStore } from '../store/open-store.js';

const USAGE = `usage: npm run export -- [customers.csv]

Writes every customer of RINGSIDE_DATABASE_URL, else RINGSIDE_DB (default ./data/ringside.sqlite),
as CSV (semicolon, UTF-8 with BOM for Excel, one row per contact) to the file, or to standard output.`;

function stop(message: string): never {
  process.stderr.write(`ringside export: ${message}\n`);
  process.exit(2);
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h', default: false } } });
  } catch (e) {
    return stop(`${(e as Error).message}\n${USAGE}`);
  }
  if (parsed.values.help) return void process.stdout.write(`${USAGE}\n`);
  if (parsed.positionals.length > 1) stop(USAGE);
  const config = loadConfigOrExit(process.env, 'ringside export');
  // Opening the store would create an empty database where the user mistyped the path.
  if (!config.database && config.dbFile !== ':memory:' && !existsSync(config.dbFile)) stop(`no database at ${config.dbFile} (set RINGSIDE_DB)`);

  const target = parsed.positionals[0];
  const out: Writable = target ? createWriteStream(target) : process.stdout;
  const store = await openStore(config);
  let customers = 0;
  try {
    const list = async function* () {
      for await (const no of keysetPages((after, limit) => store.customers.listNumbers(after, limit))) {
        customers++;
        yield no;
      }
    };
    for await (const chunk of exportCustomersCsv(list, store)) await write(out, chunk);
    if (target) {
      out.end();
      await once(out, 'finish');
    }
  } catch (e) {
    stop(`export failed: ${(e as Error).message}`);
  } finally {
    await store.close();
  }
  process.stderr.write(`${fmt(customers)} customers exported${target ? ` to ${target}` : ''}.\n`);
}

await main();
