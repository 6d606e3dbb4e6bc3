import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncRecordIn, SyncSession } from '../store/store.js';
import { BatchWriter } from './batch-writer.js';
import { ReportBuilder } from './report.js';

/** A session that records the batches it is given and answers each record "created". */
function recordingSession(blocksEventLoop: boolean) {
  const batches: SyncRecordIn[][] = [];
  const session: SyncSession = {
    blocksEventLoop,
    write: async (records) => {
      batches.push([...records]);
      return records.map(() => ({ ok: true, result: 'created' }) as const);
    },
    finish: async () => ({ customers: 0, documents: 0, conversations: 0 }),
    abort: async () => undefined,
  };
  return { session, batches };
}

const big = (i: number): SyncRecordIn => ({ kind: 'customer', encoded: JSON.stringify({ customerNo: `K${i}`, notes: 'x'.repeat(700_000) }) });

describe('BatchWriter', () => {
  afterEach(() => vi.useRealTimers());

  it('is full once its encoded records reach 2 MB, however few they are', async () => {
    const { session, batches } = recordingSession(false);
    const report = new ReportBuilder('erp', false);
    const writer = new BatchWriter(session, report);
    for (let i = 1; i <= 3; i++) {
      expect(writer.full).toBe(false);
      writer.add({ record: big(i), line: i, kind: 'customers', lineKey: 'customer' });
    }
    expect(writer.full).toBe(true);
    await writer.flush();
    expect(writer.full).toBe(false);
    writer.add({ record: big(4), line: 4, kind: 'customers', lineKey: 'customer' });
    await writer.drain();
    expect(batches.map((b) => b.length)).toEqual([3, 1]);
    expect(report.end(null).customers.created).toBe(4);
  });

  it('writes a lone record after 20 ms without more arriving (a trickling stream)', async () => {
    vi.useFakeTimers();
    const { session, batches } = recordingSession(false);
    const writer = new BatchWriter(session, new ReportBuilder('erp', false));
    writer.add({ record: big(1), line: 1, kind: 'customers', lineKey: 'customer' });
    await vi.advanceTimersByTimeAsync(19);
    expect(batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toHaveLength(1);
    writer.cancel();
  });
});
