import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';

/** Public JWKs only: the schema refuses private members so a key can never leak this way. */
const PublicJwkSchema = z
  .object({ kty: z.string(), kid: z.string(), alg: z.string().optional(), use: z.string().optional() })
  .catchall(z.unknown())
  .refine((jwk) => !['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].some((member) => member in jwk), 'private key material');

export const JwksContract = defineRequest({
  subject: Subjects.auth.jwks,
  request: z.object({}).strict(),
  reply: z.object({ keys: z.array(PublicJwkSchema) }),
});
