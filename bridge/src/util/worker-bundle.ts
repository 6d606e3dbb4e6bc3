import { bundle } from './bundle.mjs';

/**
 * A worker thread's TypeScript entry as one ES module, for `new Worker(url)`. A worker does not
 * inherit the tsx loader the bridge runs under in development (and in production there is none);
 * registering it in the worker starts another loader thread and costs about 37 MB of memory per
 * worker (measured), which a million-row sync with two workers cannot afford within its 300 MB.
 * So the entry and our own sources are bundled (bundle.mjs, the same build bin/start.mjs makes of
 * the bridge) into a `data:` URL once per process; packages stay where they are, imported by
 * absolute file URL, so the bundle needs no file of its own. Falls back to `fallback` (the
 * tsx-registering entry) if bundling fails.
 */
export function workerModule(entry: URL, fallback: URL): Promise<URL> {
  let built = bundles.get(entry.href);
  if (!built) {
    built = bundle(entry)
      .then((code) => new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`))
      .catch(() => fallback);
    bundles.set(entry.href, built);
  }
  return built;
}

const bundles = new Map<string, Promise<URL>>();
