import { BridgeProcess } from './bridge-process.js';
import { startFakeCallMonitor, startFakeFritzbox, type FakeCallMonitor, type FakeFritzbox } from './fake-dial-servers.js';
import { waitFor } from './wait.js';

export { waitFor };

export const BOX_USER = 'ringside';
export const BOX_PASSWORD = 'box-pass-1';

export interface DialBench {
  box: FakeFritzbox;
  monitor: FakeCallMonitor;
  bridge: BridgeProcess;
  close(): Promise<void>;
}

/**
 * A real bridge that dials through a fake Fritz!Box (TR-064) and hears the calls from a fake
 * Fritz!Box call monitor, connected before this returns. `env` adds to or overrides the dial
 * settings (leave the password out to set it in the console).
 */
export async function startDialBench(env: Record<string, string> = {}): Promise<DialBench> {
  const box = await startFakeFritzbox({ username: BOX_USER, password: BOX_PASSWORD });
  const monitor = await startFakeCallMonitor();
  const bridge = await BridgeProcess.start({
    env: { RINGSIDE_FRITZBOX: `127.0.0.1:${monitor.port}`, RINGSIDE_DIAL_FRITZBOX_URL: box.url, RINGSIDE_DIAL_FRITZBOX_USERNAME: BOX_USER, ...env },
  });
  await waitFor('call monitor connection', () => monitor.connected() > 0);
  return {
    box,
    monitor,
    bridge,
    close: async () => {
      await bridge.dispose();
      await box.close();
      await monitor.close();
    },
  };
}
