import { readFileSync } from 'node:fs';
import { connectorSchema, connectorsFileSchema, type ConnectorConfig, type SecretInput } from '@ringside/shared';
import type { SettingsRepo } from '../store/store.js';
import { SettingsError } from '../settings/runtime-settings.js';

/** One configured connector with its secret resolved. */
export interface ConnectorEntry {
  config: ConnectorConfig;
  /** The password in clear (from the file, its environment variable, or the console). */
  password: string | null;
  /** `{"env": "VAR"}` in the file: the console names the variable. */
  passwordEnv: string | null;
  fromFile: boolean;
}

export class ConnectorsFileError extends Error {}

type Env = Record<string, string | undefined>;

/**
 * `RINGSIDE_CONNECTORS=/etc/ringside/connectors.json`: read and checked once at start. Every
 * problem names the field (`connectors.1.password: environment variable LDAP_PW is not set`).
 */
export function loadConnectorsFile(path: string, env: Env): ConnectorEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : err instanceof Error ? err.message : String(err);
    throw new ConnectorsFileError(`RINGSIDE_CONNECTORS: ${path}: ${why}`);
  }
  const parsed = connectorsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConnectorsFileError(`RINGSIDE_CONNECTORS: ${path}: ${issue?.path.map(String).join('.') || '(file)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.connectors.map((config, i) => {
    const secret = (config as { password?: SecretInput }).password;
    const passwordEnv = typeof secret === 'object' ? secret.env : null;
    const password = passwordEnv ? env[passwordEnv] : typeof secret === 'string' ? secret : null;
    if (password === undefined || password === '') {
      throw new ConnectorsFileError(`RINGSIDE_CONNECTORS: ${path}: connectors.${i}.password: environment variable ${passwordEnv} is not set`);
    }
    return { config, password, passwordEnv, fromFile: true };
  });
}

const CONSOLE_KEY = 'connectors';

/**
 * The connectors: those of the operations file (read-only) and those entered in the console
 * (kept in the settings table, the password in clear like the phone systems' secrets, because
 * the connector has to send it). An id in both is the file's.
 */
export class ConnectorCatalog {
  private constructor(
    private readonly repo: SettingsRepo,
    private readonly file: ConnectorEntry[],
    private consoleEntries: ConnectorEntry[],
    readonly filePath: string | null,
  ) {}

  static async load(repo: SettingsRepo, file: { path: string; entries: ConnectorEntry[] } | null): Promise<ConnectorCatalog> {
    const raw = await repo.get(CONSOLE_KEY);
    const stored: ConnectorEntry[] = [];
    for (const item of raw ? (JSON.parse(raw) as unknown[]) : []) {
      // A stored entry the schema no longer takes is left out rather than stopping the bridge.
      const parsed = connectorSchema.safeParse(item);
      if (!parsed.success) continue;
      const password = (parsed.data as { password?: SecretInput }).password;
      stored.push({ config: parsed.data, password: typeof password === 'string' ? password : null, passwordEnv: null, fromFile: false });
    }
    return new ConnectorCatalog(repo, file?.entries ?? [], stored, file?.path ?? null);
  }

  list(): ConnectorEntry[] {
    const fileIds = new Set(this.file.map((e) => e.config.id));
    return [...this.file, ...this.consoleEntries.filter((e) => !fileIds.has(e.config.id))];
  }

  get(id: string): ConnectorEntry | null {
    return this.list().find((e) => e.config.id === id) ?? null;
  }

  /**
   * Create (`id` null) or replace a console connector. A password left out keeps the stored
   * one, so the console never needs to see it; `null` removes it.
   */
  async save(id: string | null, input: unknown): Promise<ConnectorEntry> {
    const body = (typeof input === 'object' && input !== null ? { ...input } : {}) as Record<string, unknown>;
    const existing = id ? this.consoleEntries.find((e) => e.config.id === id) : null;
    if (id !== null) {
      if (this.file.some((e) => e.config.id === id)) throw new SettingsError('id', `"${id}" is set in the RINGSIDE_CONNECTORS file and cannot be changed here`, 409);
      if (!existing) throw new SettingsError('id', `no connector "${id}"`, 409);
      if (body.id !== undefined && body.id !== id) throw new SettingsError('id', 'the id of a connector cannot be changed');
      body.id = id;
      if (body.password === undefined && existing.password && existing.config.kind === body.kind) body.password = existing.password;
    }
    if (body.password === null || body.password === '') delete body.password;
    if (typeof body.password === 'object') throw new SettingsError('password', 'environment variables are for the RINGSIDE_CONNECTORS file; type the password here');
    // The console shows URLs back; a password inside one would be shown too.
    if (typeof body.url === 'string' && urlPassword(body.url)) throw new SettingsError('url', 'put the password in the password field, not in the address');
    const parsed = connectorSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SettingsError(issue?.path.map(String).join('.') || '(body)', issue?.message ?? 'invalid');
    }
    const config = parsed.data;
    if (id === null && this.get(config.id)) throw new SettingsError('id', `a connector "${config.id}" exists already`, 409);
    const entry: ConnectorEntry = { config, password: (body.password as string | undefined) ?? null, passwordEnv: null, fromFile: false };
    const next = existing ? this.consoleEntries.map((e) => (e === existing ? entry : e)) : [...this.consoleEntries, entry];
    await this.persist(next);
    return entry;
  }

  async remove(id: string): Promise<boolean> {
    if (this.file.some((e) => e.config.id === id)) throw new SettingsError('id', `"${id}" is set in the RINGSIDE_CONNECTORS file and cannot be removed here`, 409);
    const next = this.consoleEntries.filter((e) => e.config.id !== id);
    if (next.length === this.consoleEntries.length) return false;
    await this.persist(next);
    return true;
  }

  private async persist(entries: ConnectorEntry[]): Promise<void> {
    await this.repo.set(CONSOLE_KEY, JSON.stringify(entries.map((e) => e.config)));
    this.consoleEntries = entries;
  }
}

/** The password part of `scheme://user:password@host/...`, if the URL has one. */
export function urlPassword(url: string): string | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:([^/@\s]*)@/i.exec(url.trim());
  return m && m[1] ? m[1] : null;
}

/** The URL as the console may show it: a password in it replaced by `***`. */
export function redactUrl(url: string): string {
  const password = urlPassword(url);
  return password ? url.replace(`:${password}@`, ':***@') : url;
}
