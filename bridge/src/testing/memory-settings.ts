import type { SettingsRepo } from '../store/store.js';
import type { LogFields, Logger } from '../util/logger.js';

/** A settings table in memory for unit tests, counting writes so a refused change can be shown to write nothing. */
export function memorySettings(initial: Record<string, string> = {}): SettingsRepo & { data: Map<string, string>; writes: number } {
  const data = new Map(Object.entries(initial));
  const repo = {
    data,
    writes: 0,
    get: async (key: string) => data.get(key) ?? null,
    set: async (key: string, value: string) => {
      repo.writes++;
      data.set(key, value);
    },
    delete: async (key: string) => {
      repo.writes++;
      data.delete(key);
    },
  };
  return repo;
}

export interface LoggedLine {
  level: string;
  msg: string;
  fields?: LogFields;
}

/** A logger that keeps what it was told, for tests that check what is (and is not) logged. */
export function recordingLogger(): Logger & { calls: LoggedLine[] } {
  const calls: LoggedLine[] = [];
  const at = (level: string) => (msg: string, fields?: LogFields) => void calls.push({ level, msg, fields });
  return { calls, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
