import { DIAL_SOURCES, dialConfigPatchSchema, type DialFieldView, type DialSource, type DialSourceView } from '@ringside/shared';
import type { SettingsRepo } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import { SettingsError } from '../settings/runtime-settings.js';
import type { DialerRegistry } from './registry.js';
import type { DialField, DialSettings } from './types.js';

const key = (source: string) => `dial:${source}`;

/** `apiUrl` -> `API_URL`: the variable is `RINGSIDE_DIAL_SIPGATE_API_URL`. */
export function dialEnvVar(source: string, field: string): string {
  return `RINGSIDE_DIAL_${source.toUpperCase()}_${field.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/**
 * Read `RINGSIDE_DIAL_<SOURCE>_<FIELD>` once at start-up. An unknown source or field, or a value
 * the dialer could never use, stops the bridge with the variable's name: a typo must not leave
 * dialing silently unconfigured.
 */
export function dialSettingsFromEnv(env: Record<string, string | undefined>, dialers: DialerRegistry): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  const known = new Map<string, { source: string; field: DialField }>();
  for (const [source, dialer] of dialers) for (const field of dialer.fields) known.set(dialEnvVar(source, field.name), { source, field });
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('RINGSIDE_DIAL_') || raw === undefined || raw.trim() === '') continue;
    const spec = known.get(name);
    if (!spec) throw new Error(`${name}: no such dial setting (known: ${[...known.keys()].join(', ')})`);
    const value = spec.field.multiline ? raw.replace(/\\n/g, '\n') : raw.trim();
    const problem = spec.field.check?.(value);
    if (problem) throw new Error(`${name}: ${problem}`);
    (out[spec.source] ??= {})[spec.field.name] = value;
  }
  return out;
}

/**
 * Dial settings per source: environment first, then what the console stored, then defaults.
 * Stored in the settings table in clear, like the signature secrets (the phone system needs the
 * password itself), and never sent back to the console.
 */
export class DialConfig {
  private constructor(
    private readonly repo: SettingsRepo,
    private readonly dialers: DialerRegistry,
    private readonly env: Readonly<Record<string, Record<string, string>>>,
    private readonly stored: Map<string, Record<string, string>>,
    /** Extra readiness per source (Asterisk: a manager connection is configured). */
    private readonly available: (source: DialSource) => boolean,
  ) {}

  static async load(
    repo: SettingsRepo,
    dialers: DialerRegistry,
    env: Record<string, Record<string, string>>,
    log: Logger,
    available: (source: DialSource) => boolean = () => true,
  ): Promise<DialConfig> {
    const stored = new Map<string, Record<string, string>>();
    for (const source of dialers.keys()) {
      const raw = await repo.get(key(source));
      if (!raw) continue;
      try {
        const v = JSON.parse(raw) as unknown;
        if (typeof v === 'object' && v !== null) stored.set(source, v as Record<string, string>);
      } catch {
        log.error('stored dial settings unreadable, ignored', { source });
      }
    }
    return new DialConfig(repo, dialers, env, stored, available);
  }

  private value(source: string, field: DialField): { value: string | null; fromEnv: boolean } {
    const env = this.env[source]?.[field.name];
    if (env !== undefined) return { value: env, fromEnv: true };
    return { value: this.stored.get(source)?.[field.name] ?? field.default ?? null, fromEnv: false };
  }

  /** The settings to dial with, or null when a required one is missing. */
  settingsFor(source: DialSource): DialSettings | null {
    const dialer = this.dialers.get(source);
    if (!dialer || !this.available(source)) return null;
    const out: Record<string, string> = {};
    for (const field of dialer.fields) {
      const { value } = this.value(source, field);
      if (value === null || value === '') {
        if (field.required) return null;
        continue;
      }
      out[field.name] = value;
    }
    return out;
  }

  /** Sources an agent with devices could dial through, in registry order. */
  readySources(): DialSource[] {
    return DIAL_SOURCES.filter((s) => this.settingsFor(s) !== null);
  }

  view(source: DialSource): DialSourceView {
    const dialer = this.dialers.get(source)!;
    const fields: DialFieldView[] = dialer.fields.map((f) => {
      const { value, fromEnv } = this.value(source, f);
      const isDefault = !fromEnv && this.stored.get(source)?.[f.name] === undefined;
      return {
        name: f.name,
        secret: f.secret,
        required: f.required,
        multiline: f.multiline ?? false,
        value: f.secret ? null : value,
        default: f.default ?? null,
        set: value !== null && value !== '' && !(isDefault && f.secret),
        lockedByEnv: fromEnv,
        envVar: dialEnvVar(source, f.name),
      };
    });
    return { source, ready: this.settingsFor(source) !== null, deviceHint: dialer.deviceHint, numberStyle: dialer.numberStyle, fields };
  }

  /** Check the whole patch before writing, so a refused value changes nothing. */
  async update(source: DialSource, input: unknown): Promise<void> {
    const dialer = this.dialers.get(source);
    if (!dialer) throw new SettingsError('source', `no dialer for "${source}"`);
    const parsed = dialConfigPatchSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SettingsError(issue?.path.map(String).join('.') || '(body)', issue?.message ?? 'invalid');
    }
    const next = { ...(this.stored.get(source) ?? {}) };
    for (const [name, raw] of Object.entries(parsed.data.values)) {
      const fieldName = `values.${name}`;
      const field = dialer.fields.find((f) => f.name === name);
      if (!field) throw new SettingsError(fieldName, `${source} has no setting "${name}"`);
      if (this.env[source]?.[name] !== undefined) throw new SettingsError(fieldName, `${name} is set by ${dialEnvVar(source, name)}`, 409);
      const value = raw === null ? null : field.multiline ? raw.replace(/\r\n/g, '\n') : raw.trim();
      if (value === null || value === '') {
        delete next[name];
        continue;
      }
      if (!field.multiline && /[\r\n]/.test(value)) throw new SettingsError(fieldName, 'no line breaks');
      const problem = field.check?.(value);
      if (problem) throw new SettingsError(fieldName, problem);
      next[name] = value;
    }
    await this.repo.set(key(source), JSON.stringify(next));
    this.stored.set(source, next);
  }
}
