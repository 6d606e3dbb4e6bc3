// Worker threads do not inherit the tsx loader the bridge runs under: register it here, then
// load the TypeScript worker. Only used when bundling the worker (util/worker-bundle.ts) fails.
import { register } from 'tsx/esm/api';

register();
await import('./fetch-thread.ts');
