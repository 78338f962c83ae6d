import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { BoundedMap } from './teams.sender.js';

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** Service URLs are few (one per Teams region and cloud); the cap only guards against a flood of made-up ones. */
const MAX_CLIENTS = 256;

/** The claims a connector's app id and credentials are derived from (botbuilder reads the app id from these). */
function identityKey(identity: ClaimsIdentity): string {
  const value = (type: string): string => identity.claims.find((c) => c.type === type)?.value ?? '';
  return `${value('aud')}|${value('appid')}|${value('azp')}|${value('ver')}`;
}

/** The promise kept under `key`, or `make`'s, kept unless it rejects (a failed creation is retried next time). */
function cached<V>(map: BoundedMap<Promise<V>>, key: string, make: () => Promise<V>): Promise<V> {
  const known = map.get(key);
  if (known) return known;
  const made = make();
  made.catch(() => { if (map.get(key) === made) map.delete(key); });
  map.set(key, made);
  return made;
}

/**
 * botbuilder's configuration-driven authentication, with the outbound clients kept between turns. CloudAdapter asks
 * for a new ConnectorClient (and a UserTokenClient) on every activity, each building its credentials and an HTTP
 * pipeline: about a tenth of the CPU of a Teams turn in the profile. The clients hold no per-turn state (the
 * credentials cache and refresh their own tokens), which is why the older BotFrameworkAdapter kept one per service
 * URL; this does the same, keyed by the app identity of the claims, the service URL and the audience.
 */
export class CachingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new BoundedMap<Promise<ConnectorClient>>(MAX_CLIENTS);
  private readonly tokenClients = new BoundedMap<Promise<UserTokenClient>>(MAX_CLIENTS);

  /**
   * `refuse` says why the bot may not call a serviceUrl (undefined: it may): every outbound client (replies in a turn,
   * proactive messages, the sales channel) is made here, so nothing is ever sent to a refused one.
   */
  constructor(
    settings: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    private readonly refuse: (serviceUrl: string) => string | undefined = () => undefined,
  ) {
    super(settings);
  }

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>) {
    const result = await super.authenticateRequest(...args);
    return result.connectorFactory === undefined ? result
      : { ...result, connectorFactory: this.caching(result.connectorFactory, result.claimsIdentity) };
  }

  override createConnectorFactory(identity: ClaimsIdentity): ConnectorFactory {
    return this.caching(super.createConnectorFactory(identity), identity);
  }

  override createUserTokenClient(identity: ClaimsIdentity): Promise<UserTokenClient> {
    return cached(this.tokenClients, identityKey(identity), () => super.createUserTokenClient(identity));
  }

  /** Clients kept, for the footprint and tests. */
  get cachedClients(): number { return this.connectors.size + this.tokenClients.size; }

  private caching(inner: ConnectorFactory, identity: ClaimsIdentity): ConnectorFactory {
    const who = identityKey(identity);
    return {
      create: (serviceUrl: string, audience?: string) => {
        const refused = this.refuse(serviceUrl);
        if (refused !== undefined) return Promise.reject(new Error(`teams: no replies to ${serviceUrl}: ${refused}`));
        return cached(this.connectors, `${who}|${serviceUrl}|${audience ?? ''}`, () => inner.create(serviceUrl, audience));
      },
    };
  }
}
