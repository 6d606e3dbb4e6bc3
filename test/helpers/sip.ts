import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
export const KAMAILIO_CFG = join(ROOT, 'deploy/kamailio/ringside.cfg');
export const SIPP_DIR = join(ROOT, 'deploy/kamailio/sipp');

/** What `.ci/run` installs for this test, and what the failure message tells a developer. */
export const SIP_APT_PACKAGES = ['kamailio', 'kamailio-utils-modules', 'kamailio-extra-modules', 'sip-tester'];

/** Modules of deploy/kamailio/ringside.cfg that Debian ships outside the `kamailio` package. */
const MODULE_PACKAGES: [string, string][] = [
  ['tm.so', 'kamailio'],
  ['mqueue.so', 'kamailio'],
  ['rtimer.so', 'kamailio'],
  ['http_client.so', 'kamailio-utils-modules'],
  ['jansson.so', 'kamailio-extra-modules'],
];

/** Debian installs kamailio in /usr/sbin, which is not on every PATH. */
function kamailioBinary(): string | null {
  for (const candidate of ['kamailio', '/usr/sbin/kamailio', '/usr/local/sbin/kamailio']) {
    const probe = spawnSync(candidate, ['-v'], { encoding: 'utf8' });
    if (!probe.error && probe.status === 0) return candidate;
  }
  return null;
}

/**
 * Fails, naming the apt packages, unless kamailio with the modules ringside.cfg loads and sipp
 * are installed. Never skips: CI installs them, and a silently skipped SIP test proves nothing.
 */
export function requireSipTools(): { kamailio: string; sipp: string } {
  const missing = new Set<string>();
  const kamailio = kamailioBinary();
  if (!kamailio) {
    for (const [, pkg] of MODULE_PACKAGES) missing.add(pkg);
  } else {
    const info = spawnSync(kamailio, ['-I'], { encoding: 'utf8' });
    const dirs = /Default paths to modules:\s*(\S+)/.exec(`${info.stdout}${info.stderr}`)?.[1]?.split(':') ?? [];
    for (const [module, pkg] of MODULE_PACKAGES) {
      if (!dirs.some((dir) => existsSync(join(dir, module)))) missing.add(pkg);
    }
  }
  const sipp = spawnSync('sipp', ['-v'], { encoding: 'utf8' });
  if (sipp.error) missing.add('sip-tester');
  if (missing.size > 0) {
    throw new Error(
      `The Kamailio integration test needs Debian packages that are missing: ${[...missing].join(' ')}.\n` +
        `Install them with: apt-get install -y ${SIP_APT_PACKAGES.join(' ')}`,
    );
  }
  return { kamailio: kamailio!, sipp: 'sipp' };
}

/** A UDP port the OS just handed out on loopback. */
export async function freeUdpPort(): Promise<number> {
  return new Promise((res, rej) => {
    const sock = createSocket('udp4');
    sock.once('error', rej);
    sock.bind(0, '127.0.0.1', () => {
      const { port } = sock.address();
      sock.close(() => res(port));
    });
  });
}

/** True when some process has bound the UDP port (Linux: read, not probed, so it cannot race sipp's bind). */
function udpPortBound(port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/udp', 'utf8')
    .split('\n')
    .some((line) => line.trim().split(/\s+/)[1]?.endsWith(hex));
}

/** A child process whose output is kept (the last 200 kB) for failure messages. */
class Proc {
  output = '';
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const keep = (d: Buffer) => {
      this.output = (this.output + d.toString()).slice(-200_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((res) => {
      child.once('exit', (code) => res(code));
      child.once('error', (err) => {
        this.output += `\n${name}: ${err.message}`;
        res(null);
      });
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  tail(chars = 4000): string {
    return `--- ${this.name} (last output) ---\n${this.output.slice(-chars)}`;
  }

  /** SIGTERM, then SIGKILL if it has not gone within 5 s. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const gone = await Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
    if (!gone && this.running) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

/** Sends a SIP OPTIONS to host:port and resolves with the status line of the answer, or null. */
async function sipPing(port: number, timeoutMs: number): Promise<string | null> {
  const sock = createSocket('udp4');
  try {
    return await new Promise<string | null>((res) => {
      const timer = setTimeout(() => res(null), timeoutMs);
      sock.on('message', (msg) => {
        clearTimeout(timer);
        res(msg.toString().split('\r\n')[0] ?? null);
      });
      sock.on('error', () => {
        clearTimeout(timer);
        res(null);
      });
      sock.bind(0, '127.0.0.1', () => {
        const local = sock.address().port;
        const tag = Math.random().toString(36).slice(2);
        const msg = [
          `OPTIONS sip:127.0.0.1:${port} SIP/2.0`,
          `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bK-${tag}`,
          `From: <sip:probe@127.0.0.1:${local}>;tag=${tag}`,
          `To: <sip:127.0.0.1:${port}>`,
          `Call-ID: probe-${tag}@127.0.0.1`,
          'CSeq: 1 OPTIONS',
          'Max-Forwards: 70',
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n');
        sock.send(msg, port, '127.0.0.1');
      });
    });
  } finally {
    sock.close();
  }
}

export interface KamailioOptions {
  bridgeUrl: string;
  token: string;
  /** UDP port of the phone (sipp UAS) that calls are relayed to. */
  pbxPort: number;
}

/** deploy/kamailio/ringside.cfg in a foreground Kamailio on a free loopback UDP port. */
export class Kamailio {
  private constructor(
    readonly port: number,
    private readonly proc: Proc,
    private readonly dir: string,
  ) {}

  static async start(bin: string, opts: KamailioOptions): Promise<Kamailio> {
    const port = await freeUdpPort();
    // Runtime files (nothing else writes there with this config) stay out of /run/kamailio.
    const dir = mkdtempSync(join(tmpdir(), 'ringside-kamailio-'));
    const child = spawn(
      bin,
      [
        '-DD', // no daemon: stays our child, so the test can stop it
        '-E', // log to stderr
        '-f', KAMAILIO_CFG,
        '-Y', dir,
        '-m', '32',
        '-M', '8',
        '-A', `RINGSIDE_LISTEN=udp:127.0.0.1:${port}`,
        '-A', `RINGSIDE_PBX="sip:127.0.0.1:${opts.pbxPort}"`,
        '-A', `RINGSIDE_BRIDGE="${opts.bridgeUrl}"`,
        '-A', `RINGSIDE_TOKEN="${opts.token}"`,
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const kamailio = new Kamailio(port, new Proc('kamailio', child), dir);
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (!kamailio.proc.running) throw new Error(`kamailio exited before it answered OPTIONS\n${kamailio.tail()}`);
      const status = await sipPing(port, 300);
      if (status?.startsWith('SIP/2.0 200')) return kamailio;
      if (Date.now() > deadline) {
        await kamailio.stop();
        throw new Error(`kamailio did not answer OPTIONS on udp:127.0.0.1:${port} (last: ${status})\n${kamailio.tail()}`);
      }
    }
  }

  get output(): string {
    return this.proc.output;
  }

  tail(chars?: number): string {
    return this.proc.tail(chars);
  }

  async stop(): Promise<void> {
    await this.proc.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function sippArgs(dir: string, name: string, localPort: number, mediaPort: number): string[] {
  return [
    '-i', '127.0.0.1',
    '-p', String(localPort),
    '-mp', String(mediaPort),
    '-nostdin',
    '-trace_err',
    '-error_file', join(dir, `${name}-errors.log`),
  ];
}

/** deploy/kamailio/sipp/uas.xml: the phone behind Kamailio, taking any number of calls. */
export class SippUas {
  private constructor(
    readonly port: number,
    private readonly proc: Proc,
    private readonly dir: string,
  ) {}

  static async start(): Promise<SippUas> {
    const dir = mkdtempSync(join(tmpdir(), 'ringside-sipp-'));
    const port = await freeUdpPort();
    const child = spawn('sipp', ['-sf', join(SIPP_DIR, 'uas.xml'), ...sippArgs(dir, 'uas', port, await freeUdpPort())], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const uas = new SippUas(port, new Proc('sipp uas', child), dir);
    const deadline = Date.now() + 10_000;
    while (!udpPortBound(port)) {
      if (!uas.proc.running || Date.now() > deadline) {
        await uas.stop();
        throw new Error(`sipp uas did not bind udp:127.0.0.1:${port}\n${uas.tail()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return uas;
  }

  tail(chars?: number): string {
    return this.proc.tail(chars);
  }

  async stop(): Promise<void> {
    await this.proc.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface UacCall {
  /** deploy/kamailio/sipp/<scenario>.xml */
  scenario: 'uac-answer' | 'uac-cancel';
  kamailioPort: number;
  /** Dialled extension (R-URI user). */
  extension: string;
  caller: string;
  callId: string;
  /** Talk time (answered) or ring time before CANCEL, in ms. */
  durationMs: number;
}

/** Places one call through Kamailio with sipp; resolves with sipp's exit code (0: the call went as scripted). */
export async function placeCall(call: UacCall): Promise<{ code: number | null; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-sipp-'));
  try {
    const args = [
      `127.0.0.1:${call.kamailioPort}`,
      '-sf', join(SIPP_DIR, `${call.scenario}.xml`),
      '-s', call.extension,
      '-key', 'caller', call.caller,
      '-cid_str', call.callId,
      '-d', String(call.durationMs),
      '-m', '1',
      // sipp's own deadline, so a lost message fails the call instead of hanging the test.
      '-timeout', '20',
      '-timeout_error',
      ...sippArgs(dir, 'uac', await freeUdpPort(), await freeUdpPort()),
    ];
    const proc = new Proc(`sipp ${call.scenario}`, spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }));
    const code = await proc.exited;
    const errors = join(dir, 'uac-errors.log');
    let output = proc.output.slice(-4000);
    if (existsSync(errors)) output += `\n--- sipp error log ---\n${readFileSync(errors, 'utf8').slice(-4000)}`;
    return { code, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
