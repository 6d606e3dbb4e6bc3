import { loadConfigOrExit } from './config.js';
import { DEMO_CALLER } from './demo/demo-data.js';
import { startBridge, type RunningBridge } from './server.js';
import { describeStore } from './store/open-store.js';
import { createLogger } from './util/logger.js';

/** The only place with start-up side effects: config -> bridge -> listen -> banner. */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env, 'ringside');
  const log = createLogger(config.logLevel);
  const bridge = await startBridge(config, log);
  const base = config.publicUrl.includes(':0') ? `${config.security.tls ? 'https' : 'http'}://${config.host}:${bridge.port}` : config.publicUrl;
  printBanner(base, bridge, config.demo);
  log.info('bridge ready', { port: bridge.port, db: describeStore(config) });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    bridge.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('shutdown failed', { error: String(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function printBanner(base: string, bridge: RunningBridge, demo: boolean): void {
  const { generated, webhookToken } = bridge.secrets;
  const lines = [`Ringside bridge listening on ${base}`, `Admin console: ${base}/admin/  (sign in with the admin token)`];
  if (generated.admin) {
    lines.push(
      '',
      'New admin token (shown only this once; keep it, or set RINGSIDE_ADMIN_TOKEN):',
      `  ${generated.admin}`,
      '  The console shows the URLs to paste into your phone system and pairs your colleagues\' browsers.',
      `  curl -H "Authorization: Bearer ${generated.admin}" ${base}/api/agents`,
    );
  }
  if (generated.webhook || demo) {
    lines.push(
      '',
      'Phone-system webhook URLs (the token is part of them):',
      `  generic:  POST ${base}/pbx/generic  with  Authorization: Bearer ${webhookToken}`,
      `  Zammad-compatible CTI:  ${base}/api/v1/cti/${webhookToken}`,
      // Only the generic webhook is on from the start (a source is on once configured or switched on).
      '  Every phone system but the generic webhook is off until you switch it on in the admin console',
      '  (Phone systems) or name it in RINGSIDE_SOURCES, e.g. RINGSIDE_SOURCES=zammad,sipgate.',
    );
  }
  if (demo && bridge.demoAgentToken) {
    lines.push(
      '',
      'Demo data loaded. In a second terminal, watch calls arrive as the demo agent (extension 21):',
      `  npm run listen -- ${bridge.demoAgentToken} ${base}`,
      '',
      'Then simulate a call from a direct-dial extension of Müller & Söhne:',
      `  curl -X POST ${base}/pbx/generic -H "Authorization: Bearer ${webhookToken}" -H "Content-Type: application/json" \\`,
      `    -d '{"event":"ringing","callId":"demo-'"$RANDOM"'","from":"${DEMO_CALLER}"}'`,
      `  and look the number up:  curl -H "Authorization: Bearer <admin token>" "${base}/api/lookup?number=${encodeURIComponent(DEMO_CALLER)}"`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`ringside: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
