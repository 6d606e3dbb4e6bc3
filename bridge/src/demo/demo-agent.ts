import type { AgentDirectory } from '../agents/directory.js';
import { generateToken, hashToken } from '../util/tokens.js';

const DEMO_AGENT_ID = 'demo-agent';

/**
 * A demo agent with a fresh token on every demo start: tokens are stored only as hashes, so
 * the only way to print a usable one is to issue a new one.
 */
export async function issueDemoAgent(agents: AgentDirectory): Promise<string> {
  await agents.delete(DEMO_AGENT_ID);
  const token = generateToken();
  await agents.create({ id: DEMO_AGENT_ID, name: 'Demo', email: null, extensions: ['21'], identifiers: {}, tokenHash: hashToken(token) });
  return token;
}
