import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Dynamo } from '@tasksensei/platform';

/** A sign-in through an upstream, between the redirect there and the callback: what only the server may know. */
export interface PendingFederation {
  /** The provider interaction it belongs to. */
  readonly uid: string;
  readonly upstream: string;
  readonly codeVerifier: string;
  readonly nonce: string;
}

export interface FederationState {
  readonly pending: PendingFederation;
  readonly expiresAt: Date;
}

/** Pending federations keyed by their `state` parameter; expiry is the use case's to judge. */
export interface FederationStateRepository {
  save(state: string, federation: FederationState): Promise<void>;
  find(state: string): Promise<FederationState | undefined>;
  /** Reads and deletes: a state is redeemed once. */
  take(state: string): Promise<FederationState | undefined>;
}

/** In the provider's `oidc` table beside its own state, with its TTL attribute (seconds). */
export class DynamoFederationStateRepository implements FederationStateRepository {
  private readonly table: string;

  constructor(private readonly deps: { readonly dynamo: Dynamo }) {
    this.table = deps.dynamo.table('oidc');
  }

  async save(state: string, { pending, expiresAt }: FederationState): Promise<void> {
    await this.deps.dynamo.doc.send(
      new PutCommand({ TableName: this.table, Item: { pk: key(state), pending, expiresAt: Math.floor(expiresAt.getTime() / 1000) } }),
    );
  }

  async find(state: string): Promise<FederationState | undefined> {
    const { Item } = await this.deps.dynamo.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: key(state) }, ConsistentRead: true }),
    );
    return Item ? { pending: Item.pending as PendingFederation, expiresAt: new Date((Item.expiresAt as number) * 1000) } : undefined;
  }

  async take(state: string): Promise<FederationState | undefined> {
    const found = await this.find(state);
    await this.deps.dynamo.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: key(state) } }));
    return found;
  }
}

const key = (state: string) => `Federation:${state}`;
