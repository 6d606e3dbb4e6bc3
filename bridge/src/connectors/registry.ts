import type { ConnectorConfig, ConnectorKind } from '@ringside/shared';
import { carddavConnector } from './carddav.js';
import type { Connector } from './connector.js';
import { ldapConnector } from './ldap.js';
import { sqlConnector } from './sql.js';

/** One connector per kind; the config's `kind` picks it. */
const CONNECTORS: Record<ConnectorKind, Connector<never>> = {
  carddav: carddavConnector,
  ldap: ldapConnector,
  sql: sqlConnector,
};

export function connectorFor(kind: ConnectorKind): Connector<ConnectorConfig> {
  return CONNECTORS[kind] as unknown as Connector<ConnectorConfig>;
}
