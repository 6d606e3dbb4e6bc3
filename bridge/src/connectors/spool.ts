import { createReadStream, createWriteStream, rmSync, type ReadStream, type WriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Lines are gathered into chunks of about this size before they go to the file. */
const CHUNK_BYTES = 64 * 1024;
const PREFIX = 'ringside-spool-';
const FILE = 'lines.ndjson';

/** Spools of this process, removed on exit even when a run never got to its own cleanup. */
const live = new Set<string>();
let exitHookSet = false;
function removeOnExit(dir: string): void {
  live.add(dir);
  if (exitHookSet) return;
  exitHookSet = true;
  process.once('exit', () => {
    for (const d of live) rmSync(d, { recursive: true, force: true });
  });
}

/**
 * What a connector run fetched, as NDJSON sync lines in a file of its own (mode 0600 in a 0700
 * temp dir: customer data). A run writes nothing to the store until its source has answered
 * completely; the file, not memory, holds what came so far, so memory stays bounded by
 * CHUNK_BYTES whatever the source's size. The caller removes it with `remove()` in any case.
 */
export class Spool {
  private pending: string[] = [];
  private pendingBytes = 0;
  /** Lines written, counted from 1 like the write path counts them. */
  lines = 0;
  bytes = 0;

  private constructor(
    readonly dir: string,
    private readonly file: string,
    /** Null for a spool another thread wrote (`reserve`): this side only reads and removes it. */
    private readonly out: WriteStream | null,
  ) {}

  /** A spool's directory, removed when this process exits and known to removeStaleSpools by the process id in its name. */
  private static async makeDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-`));
    removeOnExit(dir);
    return dir;
  }

  /**
   * A new spool to write, in a directory of its own; or, on a worker thread, in `dir` of a spool
   * the main thread reserved (a worker's exit hook would not run when the bridge stops).
   */
  static async create(dir?: string): Promise<Spool> {
    dir ??= await Spool.makeDir();
    const file = join(dir, FILE);
    const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    // An error (disk full) surfaces at the next drain or at finish(); kept from crashing the process.
    out.on('error', () => undefined);
    await once(out, 'open');
    return new Spool(dir, file, out);
  }

  /**
   * A spool another thread writes (`create(spool.dir)` there) and this one reads back and
   * removes; `lines` and `bytes` are set once the writer has finished.
   */
  static async reserve(): Promise<Spool> {
    const dir = await Spool.makeDir();
    return new Spool(dir, join(dir, FILE), null);
  }

  /** Append one line (JSON without a line break); returns its line number. */
  async add(json: string): Promise<number> {
    this.pending.push(json, '\n');
    this.pendingBytes += json.length + 1;
    if (this.pendingBytes >= CHUNK_BYTES) await this.flush();
    return ++this.lines;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingBytes = 0;
    this.bytes += chunk.length;
    const out = this.writer();
    if (out.errored) throw out.errored;
    if (!out.write(chunk)) await once(out, 'drain');
  }

  /** Everything fetched is in the file. */
  async finish(): Promise<void> {
    await this.flush();
    const out = this.writer();
    out.end();
    await once(out, 'close');
    if (out.errored) throw out.errored;
  }

  private writer(): WriteStream {
    if (!this.out) throw new Error('this spool was written by another thread: it is read-only here');
    return this.out;
  }

  private readonly readers: ReadStream[] = [];

  /** The spooled lines, read back in chunks. */
  read(): AsyncIterable<Uint8Array> {
    const reader = createReadStream(this.file, { highWaterMark: CHUNK_BYTES });
    this.readers.push(reader);
    return reader;
  }

  async remove(): Promise<void> {
    // A reader the write path left half-way (it stopped on a store error) still holds the file.
    for (const r of this.readers) r.destroy();
    this.out?.destroy();
    await rm(this.dir, { recursive: true, force: true });
    live.delete(this.dir);
  }
}

/**
 * Spools left behind by processes that are gone (killed before they could clean up): removed
 * when a runner starts. A spool of a process still running (`npm run sync` next to the bridge)
 * stays.
 */
export async function removeStaleSpools(dir = tmpdir()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = Number(/^ringside-spool-(\d+)-/.exec(name)?.[1] ?? NaN);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
