import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TokenSet } from '@tasksensei/contracts';
import { epochSeconds, type Clock, type Dynamo } from '@tasksensei/platform';

export type RefreshGraceEntry = { state: 'pending' } | { state: 'done'; tokens: TokenSet };

/**
 * What a refresh token was rotated into, kept for a few seconds so a second tab refreshing with
 * the same token gets the same new tokens instead of tripping reuse detection. Stored encrypted
 * with a key derived from the old refresh token: only its holder can read the entry.
 */
export class RefreshGraceRepository {
  private readonly table: string;

  constructor(private readonly deps: { readonly dynamo: Dynamo; readonly graceSeconds: number; readonly clock: Clock }) {
    this.table = deps.dynamo.table('refresh-grace');
  }

  /** True when this caller won the right to rotate `refreshToken` (nobody else is doing it). */
  async claim(refreshToken: string): Promise<boolean> {
    try {
      await this.deps.dynamo.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: id(refreshToken), state: 'pending', expiresAt: this.expiry() },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': epochSeconds(this.deps.clock) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async complete(refreshToken: string, tokens: TokenSet): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key(refreshToken), iv);
    const sealed = Buffer.concat([cipher.update(JSON.stringify(tokens)), cipher.final(), cipher.getAuthTag()]);
    await this.deps.dynamo.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: id(refreshToken), state: 'done', sealed: Buffer.concat([iv, sealed]).toString('base64'), expiresAt: this.expiry() },
      }),
    );
  }

  async release(refreshToken: string): Promise<void> {
    await this.deps.dynamo.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: id(refreshToken) } }));
  }

  async find(refreshToken: string): Promise<RefreshGraceEntry | undefined> {
    const { Item } = await this.deps.dynamo.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: id(refreshToken) }, ConsistentRead: true }),
    );
    if (!Item || (Item.expiresAt as number) * 1000 < this.deps.clock.now().getTime()) return undefined;
    if (Item.state !== 'done') return { state: 'pending' };
    const raw = Buffer.from(Item.sealed as string, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key(refreshToken), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const plain = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
    return { state: 'done', tokens: JSON.parse(plain.toString('utf8')) as TokenSet };
  }

  private expiry() {
    return epochSeconds(this.deps.clock) + Math.max(1, this.deps.graceSeconds);
  }
}

const id = (token: string) => createHash('sha256').update(`id:${token}`).digest('base64url');
const key = (token: string) => createHash('sha256').update(`key:${token}`).digest();
