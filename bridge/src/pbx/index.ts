import { genericAdapter } from './generic.js';
import { placetelAdapter } from './placetel.js';
import { sipgateAdapter } from './sipgate.js';
import { twilioAdapter } from './twilio.js';
import type { PbxHttpAdapter } from './types.js';
import { zammadAdapter } from './zammad.js';

/**
 * Every phone system that reaches the bridge over HTTP. Adding one is a module, a fixture
 * folder `fixtures/<id>/` and a line here; fixtures.test.ts fails until the fixtures exist.
 */
export const httpAdapters: readonly PbxHttpAdapter[] = [genericAdapter, zammadAdapter, sipgateAdapter, placetelAdapter, twilioAdapter];

const byId = new Map(httpAdapters.map((adapter) => [adapter.id, adapter]));

export function httpAdapter(id: string): PbxHttpAdapter | undefined {
  return byId.get(id);
}
