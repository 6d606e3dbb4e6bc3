export * from './customer.js';
export * from './lookup.js';
export * from './call.js';
export * from './protocol.js';
export * from './validate.js';
export * from './agent-api.js';
export * from './admin-api.js';
export * from './dial.js';
