import type { AdminSettings, SettingsPatch } from '@ringside/shared';
import { settingsPatchSchema } from '@ringside/shared';
import type { CountryCode } from 'libphonenumber-js';
import { getCountries } from 'libphonenumber-js/max';
import { SETTING_VARS, type Config, type EnvSetting } from '../config.js';
import { normalizeStored, type NumberingConfig } from '../phone/normalize.js';
import type { SettingsRepo } from '../store/store.js';
import type { Logger } from '../util/logger.js';

const KEY = 'admin_settings';

/** A setting refused by the console; `field` names it, as every other validation error does. */
export class SettingsError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly status: 400 | 409 = 400,
  ) {
    super(message);
  }
}

/**
 * The settings an administrator may change at run time (console) on top of the environment.
 * An environment variable wins and locks its setting: what ops put in a unit file or compose
 * file must not be silently overridden by a click. Everything that reads a setting asks here
 * on each use, so a change takes effect without a restart.
 */
export class RuntimeSettings {
  private values: AdminSettings;
  private readonly listeners: Array<(s: AdminSettings) => void> = [];

  /** Live view for the number normalizer: reads the current country and trunk prefix. */
  readonly numbering: NumberingConfig;

  private constructor(
    private readonly repo: SettingsRepo,
    private readonly config: Readonly<Config>,
    stored: Partial<AdminSettings>,
  ) {
    this.values = this.merge(stored);
    const self = this;
    this.numbering = {
      get country() {
        return self.values.country as CountryCode;
      },
      get trunkPrefix() {
        return self.values.trunkPrefix;
      },
    };
  }

  static async load(repo: SettingsRepo, config: Readonly<Config>, log: Logger): Promise<RuntimeSettings> {
    const raw = await repo.get(KEY);
    let stored: Partial<AdminSettings> = {};
    if (raw) {
      const parsed = settingsPatchSchema.safeParse(safeJson(raw));
      if (parsed.success) stored = parsed.data as Partial<AdminSettings>;
      // A damaged row must not keep the bridge from starting; the defaults apply and the next save repairs it.
      else log.error('stored settings unreadable, using defaults', { key: KEY });
    }
    return new RuntimeSettings(repo, config, stored);
  }

  current(): Readonly<AdminSettings> {
    return this.values;
  }

  lockedByEnv(): EnvSetting[] {
    return (Object.keys(SETTING_VARS) as EnvSetting[]).filter((k) => this.config.fromEnv[k]);
  }

  onChange(listener: (s: AdminSettings) => void): void {
    this.listeners.push(listener);
  }

  /** Validate the whole patch first, so a refused field leaves every setting as it was. */
  async update(input: unknown): Promise<AdminSettings> {
    const parsed = settingsPatchSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SettingsError(issue?.path.map(String).join('.') || '(body)', issue?.message ?? 'invalid');
    }
    const patch: SettingsPatch = parsed.data;
    for (const key of Object.keys(patch) as EnvSetting[]) {
      if (this.config.fromEnv[key]) throw new SettingsError(key, `${key} is set by ${SETTING_VARS[key]} and cannot be changed here`, 409);
    }
    if (patch.country !== undefined) {
      patch.country = patch.country.toUpperCase();
      if (!getCountries().includes(patch.country as CountryCode)) throw new SettingsError('country', `"${patch.country}" is not a country code`);
    }
    if (patch.publicUrl !== undefined) patch.publicUrl = patch.publicUrl.replace(/\/+$/, '');
    const next = { ...this.values, ...patch };
    // A new country can make a stored block-list entry unreadable too: check the list as it will be.
    if (patch.blocklist || patch.country !== undefined || patch.trunkPrefix !== undefined) {
      const numbering = { country: next.country as CountryCode, trunkPrefix: next.trunkPrefix };
      next.blocklist.forEach((n, i) => {
        if (!normalizeStored(n, numbering).e164) throw new SettingsError(`blocklist.${i}`, `"${n}" is not a phone number`);
      });
    }
    const stored = { ...this.storedPart(), ...patch };
    await this.repo.set(KEY, JSON.stringify(stored));
    this.values = this.merge(stored);
    for (const l of this.listeners) l(this.values);
    return this.values;
  }

  private storedPart(): Partial<AdminSettings> {
    const out: Partial<AdminSettings> = {};
    for (const key of Object.keys(SETTING_VARS) as EnvSetting[]) {
      if (!this.config.fromEnv[key]) (out as Record<string, unknown>)[key] = this.values[key];
    }
    return out;
  }

  private merge(stored: Partial<AdminSettings>): AdminSettings {
    const c = this.config;
    const env = c.fromEnv;
    const pick = <K extends EnvSetting>(key: K, fromConfig: AdminSettings[K]): AdminSettings[K] =>
      env[key] ? fromConfig : ((stored[key] as AdminSettings[K] | undefined) ?? fromConfig);
    return {
      country: pick('country', c.country),
      trunkPrefix: pick('trunkPrefix', c.trunkPrefix),
      publicUrl: pick('publicUrl', c.publicUrl),
      retentionDays: pick('retentionDays', c.retentionDays),
      blocklist: pick('blocklist', c.blocklist),
      extensionOrigins: pick('extensionOrigins', c.extensionOrigins ?? []),
    };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
