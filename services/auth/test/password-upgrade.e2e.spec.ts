import { randomBytes, scryptSync } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamo, DynamoEnvSchema } from '@tasksensei/platform';
import { STRONG_PASSWORD, authorize, signUp, uniqueEmail } from '../../../test/support/auth.js';
import { expectEventually, testStack } from '../../../test/support/test-stack.js';

/** The scheme of accounts created before argon2id: scrypt N=2^15, r=8, p=1. */
function legacyScryptHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFKC'), salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', 2 ** 15, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

describe('password hashes (issue 11)', () => {
  it('signs in an account whose hash is of the old scheme and replaces it with argon2id', async () => {
    const { gatewayUrl, ports } = testStack();
    // dynalite takes any credentials; the SDK only needs some.
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    const dynamo = createDynamo(DynamoEnvSchema.parse({ DYNAMODB_ENDPOINT: `http://127.0.0.1:${ports.dynamodb}` }));
    const email = uniqueEmail('legacy');
    const { body } = await signUp(gatewayUrl, email);
    const key = { pk: `user#${body.userId!}` };
    const stored = async () =>
      (await dynamo.doc.send(new GetCommand({ TableName: dynamo.table('accounts'), Key: key, ConsistentRead: true }))).Item
        ?.passwordHash as string;
    expect(await stored()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    // As stored by the earlier release.
    await dynamo.doc.send(
      new UpdateCommand({
        TableName: dynamo.table('accounts'),
        Key: key,
        UpdateExpression: 'SET passwordHash = :h',
        ExpressionAttributeValues: { ':h': legacyScryptHash(STRONG_PASSWORD) },
      }),
    );
    expect(await stored()).toMatch(/^scrypt\$/);

    expect((await authorize(gatewayUrl, email, STRONG_PASSWORD)).code).toBeDefined();
    await expectEventually(async () => expect(await stored()).toMatch(/^\$argon2id\$/));
    // And the new hash is the same password.
    expect((await authorize(gatewayUrl, email, STRONG_PASSWORD)).code).toBeDefined();
    expect((await authorize(gatewayUrl, email, 'not the password at all')).code).toBeUndefined();
    dynamo.client.destroy();
  }, 60_000);
});
