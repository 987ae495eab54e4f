import {
  ChatError,
  ErrorCode,
  FilesError,
  Reasons,
  ReasonsByService,
  ServiceError,
  genericReason,
  type Reason,
} from '@tasksensei/contracts';
import { documentProblemTypes } from '../openapi/problem-types.js';
import { answerFor, PROBLEM_KINDS, problemForStatus, problemKind, statusForCode } from './problem.js';

const allReasons = Object.keys(Reasons) as Reason[];

describe('service error codes to HTTP', () => {
  it.each([
    [ErrorCode.ValidationFailed, 400],
    [ErrorCode.Unauthenticated, 401],
    [ErrorCode.Forbidden, 403],
    [ErrorCode.NotFound, 404],
    [ErrorCode.Conflict, 409],
    [ErrorCode.PayloadTooLarge, 413],
    [ErrorCode.UnsupportedMediaType, 415],
    [ErrorCode.RateLimited, 429],
    [ErrorCode.Unavailable, 503],
    [ErrorCode.Timeout, 504],
    [ErrorCode.Internal, 500],
  ])('%s is %i', (code, status) => {
    expect(statusForCode(code)).toBe(status);
  });

  it('gives a plain status a typed problem', () => {
    expect(problemForStatus(413, 'too big')).toEqual({
      type: 'https://tasksensei.dev/problems/payload-too-large',
      title: 'Payload too large',
      status: 413,
      detail: 'too big',
    });
  });
});

describe('service error reasons to problems', () => {
  it('maps every reason of every service to its own type, a title and the status of its code', () => {
    expect(PROBLEM_KINDS).toHaveLength(allReasons.length);
    for (const reason of allReasons) {
      const kind = problemKind(reason);
      expect(kind.title).toMatch(/\S/);
      expect(kind.status).toBe(statusForCode(Reasons[reason]));
      expect(kind.type).toMatch(/^https:\/\/tasksensei\.dev\/problems\/[a-z]+(-[a-z]+)*$/);
    }
    expect(new Set(PROBLEM_KINDS.map((kind) => kind.type)).size).toBe(allReasons.length);
  });

  it('keeps the type URIs the generic codes always had', () => {
    const typeOf = (code: ErrorCode) => problemKind(genericReason(code)).type.replace('https://tasksensei.dev/problems/', '');
    expect(Object.values(ErrorCode).map(typeOf)).toEqual([
      'validation-failed',
      'unauthenticated',
      'forbidden',
      'not-found',
      'conflict',
      'payload-too-large',
      'unsupported-media-type',
      'rate-limited',
      'service-unavailable',
      'service-timeout',
      'internal',
    ]);
  });

  it('tells a full quota from a file too large, though both are 413', () => {
    const quota = answerFor(new FilesError('QUOTA_EXCEEDED', 'Uploading 2 MB would exceed your storage quota of 1 MB.')).problem;
    const size = answerFor(new FilesError('FILE_TOO_LARGE', 'This file is 2 GB; your plan allows files up to 1 GB.')).problem;
    expect(quota).toEqual({
      type: 'https://tasksensei.dev/problems/quota-exceeded',
      title: 'Storage quota exceeded',
      status: 413,
      detail: 'Uploading 2 MB would exceed your storage quota of 1 MB.',
      reason: 'QUOTA_EXCEEDED',
    });
    expect(size).toEqual(
      expect.objectContaining({ type: 'https://tasksensei.dev/problems/file-too-large', status: 413, reason: 'FILE_TOO_LARGE' }),
    );
  });

  it('keeps the reason across the bus, and falls back to the code for a reason it does not know', () => {
    const sent = new ChatError('MESSAGE_LIMIT_REACHED', 'You have sent 10 messages today.', undefined, 3600).toBody();
    expect(answerFor(ServiceError.fromBody(sent))).toEqual({
      problem: expect.objectContaining({
        status: 429,
        reason: 'MESSAGE_LIMIT_REACHED',
        type: 'https://tasksensei.dev/problems/message-limit-reached',
      }),
      headers: { 'Retry-After': '3600' },
    });
    const fromNewerService = ServiceError.fromBody({ code: ErrorCode.Conflict, reason: 'SOMETHING_NEW', message: 'x' });
    expect(answerFor(fromNewerService).problem).toEqual(expect.objectContaining({ status: 409, reason: 'CONFLICT' }));
    const fromOlderService = ServiceError.fromBody({ code: ErrorCode.NotFound, message: 'x' });
    expect(answerFor(fromOlderService).problem.reason).toBe('NOT_FOUND');
  });

  it('never tells the internals of a 500, and names the fields of a 400', () => {
    expect(answerFor(new ServiceError('INTERNAL', 'reply on files.v1.x does not match its contract')).problem.detail).toBe(
      'An unexpected error occurred.',
    );
    const invalid = answerFor(new ServiceError('VALIDATION_FAILED', 'The request is not valid', [{ path: 'size', message: 'Required' }]));
    expect(invalid).toEqual({
      problem: expect.objectContaining({ status: 400, errors: [{ path: 'size', message: 'Required' }] }),
      headers: {},
    });
  });
});

describe('reasons', () => {
  it('are named by one service each', () => {
    const owners = new Map<string, string[]>();
    for (const [service, table] of Object.entries(ReasonsByService)) {
      for (const reason of Object.keys(table)) owners.set(reason, [...(owners.get(reason) ?? []), service]);
    }
    expect([...owners].filter(([, services]) => services.length > 1)).toEqual([]);
  });

  it('are all in the OpenAPI document with their status and title', () => {
    const document = documentProblemTypes({
      openapi: '3.0.0',
      info: { title: 't', version: '1', description: 'API' },
      paths: {},
    }) as unknown as {
      info: { description: string };
      components: { schemas: { ProblemReason: { enum: string[] } } };
      'x-problem-types': { reason: string; type: string; status: number; title: string }[];
    };
    expect(document.components.schemas.ProblemReason.enum.sort()).toEqual([...allReasons].sort());
    expect(document['x-problem-types']).toContainEqual({
      reason: 'QUOTA_EXCEEDED',
      type: 'https://tasksensei.dev/problems/quota-exceeded',
      status: 413,
      title: 'Storage quota exceeded',
    });
    for (const kind of PROBLEM_KINDS)
      expect(document.info.description).toContain(`| \`${kind.type}\` | \`${kind.reason}\` | ${kind.status} | ${kind.title} |`);
  });
});
