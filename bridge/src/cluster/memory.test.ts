import { MemoryCoordination } from './memory.js';
import { describeCoordinationContract } from './coordination.contract.js';

// One process is one instance: both handles are the same object.
describeCoordinationContract('memory', async () => {
  const one = new MemoryCoordination();
  return { a: one, b: one, close: () => one.close() };
});
