import { sourcePatchSchema, type SourceSecretView } from '@ringside/shared';
import type { PbxSecrets } from '../pbx/types.js';
import type { SettingsRepo } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import { SOURCES, sourceDescriptor, type SecretName } from './catalog.js';
import { SettingsError } from '../settings/runtime-settings.js';

interface StoredSource {
  enabled: boolean;
  secrets: Partial<Record<SecretName, string>>;
}

const key = (id: string) => `source:${id}`;

/**
 * Per phone system: switched on or off, and the signature secrets entered in the console.
 * Secrets from the environment win and cannot be changed or removed here. Stored secrets sit
 * in the settings table in clear: HMAC verification needs the key itself.
 */
export class SourceConfig {
  private constructor(
    private readonly repo: SettingsRepo,
    private readonly envSecrets: Readonly<PbxSecrets>,
    private readonly state: Map<string, StoredSource>,
  ) {}

  static async load(repo: SettingsRepo, envSecrets: PbxSecrets, log: Logger): Promise<SourceConfig> {
    const state = new Map<string, StoredSource>();
    for (const s of SOURCES) {
      const raw = await repo.get(key(s.id));
      state.set(s.id, raw ? readStored(raw, s.id, log) : { enabled: true, secrets: {} });
    }
    return new SourceConfig(repo, envSecrets, state);
  }

  isEnabled(id: string): boolean {
    return this.state.get(id)?.enabled ?? true;
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
    const current = this.state.get(id) ?? { enabled: true, secrets: {} };
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
    return { enabled: v.enabled !== false, secrets: typeof v.secrets === 'object' && v.secrets ? v.secrets : {} };
  } catch {
    log.error('stored phone-system settings unreadable, using defaults', { source: id });
    return { enabled: true, secrets: {} };
  }
}
