import { sourcePatchSchema, type SourceSecretView } from '@ringside/shared';
import type { PbxSecrets } from '../pbx/types.js';
import type { SettingsRepo } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import { SOURCES, sourceDescriptor, type SecretName } from './catalog.js';
import { SettingsError } from '../settings/runtime-settings.js';

interface StoredSource {
  /** Switched on or off in the console; null: never switched, on when configured. */
  enabled: boolean | null;
  secrets: Partial<Record<SecretName, string>>;
}

/** Sources on without any configuration: Ringside's own webhook, whose token is the shared one. */
const ON_BY_DEFAULT: ReadonlySet<string> = new Set(['generic']);

const key = (id: string) => `source:${id}`;

/**
 * Per phone system: switched on or off, and the signature secrets entered in the console.
 * A source is on when it was switched on in the console, or, never switched, when it is
 * configured: by the environment (a per-source token, an IP allowlist, a signature secret,
 * `RINGSIDE_SOURCES`, a stream address; `envConfigured`) or by a secret entered here. Only the
 * generic webhook is on without any of that. A path nobody set up answers 403, so a leaked shared
 * token does not open six entry points at once.
 * Secrets from the environment win and cannot be changed or removed here. Stored secrets sit
 * in the settings table in clear: HMAC verification needs the key itself.
 */
export class SourceConfig {
  private constructor(
    private readonly repo: SettingsRepo,
    private readonly envSecrets: Readonly<PbxSecrets>,
    private readonly state: Map<string, StoredSource>,
    private readonly envConfigured: ReadonlySet<string>,
  ) {}

  static async load(repo: SettingsRepo, envSecrets: PbxSecrets, log: Logger, envConfigured: ReadonlySet<string> = new Set()): Promise<SourceConfig> {
    const state = new Map<string, StoredSource>();
    for (const s of SOURCES) {
      const raw = await repo.get(key(s.id));
      state.set(s.id, raw ? readStored(raw, s.id, log) : { enabled: null, secrets: {} });
    }
    return new SourceConfig(repo, envSecrets, state, envConfigured);
  }

  isEnabled(id: string): boolean {
    const stored = this.state.get(id);
    if (typeof stored?.enabled === 'boolean') return stored.enabled;
    return ON_BY_DEFAULT.has(id) || this.envConfigured.has(id) || Object.keys(this.secretsFor(id)).length > 0;
  }

  /** Why a source is off, for the 403: switched off, or never set up. */
  offReason(id: string): string {
    return this.state.get(id)?.enabled === false
      ? 'is switched off in the admin console'
      : `is not set up: switch it on in the admin console (Phone systems) or name it in RINGSIDE_SOURCES`;
  }

  /** What the adapter of `id` verifies against: the environment's secrets, then the console's. */
  secretsFor(id: string): PbxSecrets {
    const stored = this.state.get(id)?.secrets ?? {};
    const out: PbxSecrets = {};
    for (const { name } of sourceDescriptor(id)?.secrets ?? []) {
      const value = this.envSecrets[name] ?? stored[name];
      if (value) out[name] = value;
    }
    return out;
  }

  secretState(id: string): SourceSecretView[] {
    const stored = this.state.get(id)?.secrets ?? {};
    return (sourceDescriptor(id)?.secrets ?? []).map(({ name, format }) => ({
      name,
      format,
      set: Boolean(this.envSecrets[name] ?? stored[name]),
      lockedByEnv: Boolean(this.envSecrets[name]),
    }));
  }

  /** Check the whole patch before writing, so a refused secret changes nothing. */
  async update(id: string, input: unknown): Promise<void> {
    const descriptor = sourceDescriptor(id);
    if (!descriptor) throw new SettingsError('id', `unknown phone system "${id}"`);
    const parsed = sourcePatchSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SettingsError(issue?.path.map(String).join('.') || '(body)', issue?.message ?? 'invalid');
    }
    const current = this.state.get(id) ?? { enabled: null, secrets: {} };
    const next: StoredSource = { enabled: parsed.data.enabled ?? current.enabled, secrets: { ...current.secrets } };
    for (const [name, value] of Object.entries(parsed.data.secrets ?? {})) {
      const field = `secrets.${name}`;
      const spec = descriptor.secrets.find((s) => s.name === name);
      if (!spec) throw new SettingsError(field, `${descriptor.name} has no secret "${name}"`);
      if (this.envSecrets[spec.name]) throw new SettingsError(field, `${name} is set by an environment variable`, 409);
      const problem = value === null ? null : secretProblem(spec.name, value);
      if (problem) throw new SettingsError(field, problem);
      if (value === null) delete next.secrets[spec.name];
      else next.secrets[spec.name] = value;
    }
    await this.repo.set(key(id), JSON.stringify(next));
    this.state.set(id, next);
  }
}

/** Refuse what the adapter could never verify with, rather than fail every later webhook. */
function secretProblem(name: SecretName, value: string): string | null {
  switch (name) {
    case 'sipgatePublicKey':
      return /^-----BEGIN (RSA )?PUBLIC KEY-----[\s\S]+-----END (RSA )?PUBLIC KEY-----\s*$/.test(value) ? null : 'paste the PEM public key, -----BEGIN PUBLIC KEY----- included';
    case 'basicAuth':
      return /^[^:\s]+:\S+$/.test(value) ? null : 'use user:password';
    case 'genericSigningSecret':
      return /^whsec_[A-Za-z0-9+/]{16,}={0,2}$/.test(value) ? null : 'use a secret of the form whsec_<base64>';
    default:
      return value.length >= 8 ? null : 'at least 8 characters';
  }
}

function readStored(raw: string, id: string, log: Logger): StoredSource {
  try {
    const v = JSON.parse(raw) as Partial<StoredSource>;
    const enabled = typeof v.enabled === 'boolean' ? v.enabled : null;
    return { enabled, secrets: typeof v.secrets === 'object' && v.secrets ? v.secrets : {} };
  } catch {
    log.error('stored phone-system settings unreadable, using defaults', { source: id });
    return { enabled: null, secrets: {} };
  }
}
