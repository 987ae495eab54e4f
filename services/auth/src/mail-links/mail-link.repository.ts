import { createHash, randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, type Dynamo } from '@tasksensei/platform';

export type MailLinkKind = 'verify-email' | 'reset-password';

export interface MailLink {
  readonly kind: MailLinkKind;
  readonly userId: string;
  /** The address the link was sent to (for an email change: the new address). */
  readonly email: string;
  readonly expiresAt: number;
}

/**
 * Single-use tokens of the mail links. Only a hash of each token is stored; using one deletes
 * it with a condition, so of two concurrent uses exactly one succeeds.
 */
export class MailLinkRepository {
  private readonly table: string;

  constructor(private readonly deps: { readonly dynamo: Dynamo }) {
    this.table = deps.dynamo.table('mail-links');
  }

  async issue(link: Omit<MailLink, 'expiresAt'>, ttlSeconds: number, now: Date): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = Math.floor(now.getTime() / 1000) + ttlSeconds;
    await this.deps.dynamo.doc.send(new PutCommand({ TableName: this.table, Item: { pk: hashOf(token), ...link, expiresAt } }));
    return token;
  }

  /** The link without using it up (to check a request before spending its token). */
  async peek(token: string, kind: MailLinkKind, now: Date): Promise<MailLink | undefined> {
    const { Item } = await this.deps.dynamo.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: hashOf(token) }, ConsistentRead: true }),
    );
    const link = Item as MailLink | undefined;
    return link && link.kind === kind && link.expiresAt > Math.floor(now.getTime() / 1000) ? link : undefined;
  }

  /** The link, consumed; undefined when unknown, used, expired or of another kind. */
  async consume(token: string, kind: MailLinkKind, now: Date): Promise<MailLink | undefined> {
    try {
      const { Attributes } = await this.deps.dynamo.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: hashOf(token) },
          ConditionExpression: 'attribute_exists(pk) AND #kind = :kind AND expiresAt > :now',
          ExpressionAttributeNames: { '#kind': 'kind' },
          ExpressionAttributeValues: { ':kind': kind, ':now': Math.floor(now.getTime() / 1000) },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes as MailLink | undefined;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');
