import { FilesError, ServiceError } from '@tasksensei/contracts';
import { fromServiceError } from './service-failure.js';

describe('another service refusing a tool call', () => {
  it('names the reason, so a full quota and a file too large read differently to the model', () => {
    const quota = fromServiceError(
      ServiceError.fromBody(new FilesError('QUOTA_EXCEEDED', 'Uploading 2 MB would exceed your storage quota.').toBody()),
      'files',
    );
    const size = fromServiceError(ServiceError.fromBody(new FilesError('FILE_TOO_LARGE', 'This file is 2 GB.').toBody()), 'files');
    expect(quota).toEqual({ ok: false, error: 'quota_exceeded', message: 'Uploading 2 MB would exceed your storage quota.' });
    expect(size).toEqual({ ok: false, error: 'file_too_large', message: 'This file is 2 GB.' });
  });

  it('lists the fields a validation refusal names', () => {
    const result = fromServiceError(
      new ServiceError('VALIDATION_FAILED', 'The request is not valid', [{ path: 'timezone', message: 'is not a time zone' }]),
      'users',
    );
    expect(result).toEqual({ ok: false, error: 'validation_failed', message: 'The request is not valid: timezone is not a time zone' });
  });

  it('keeps internals and outages generic', () => {
    expect(fromServiceError(new ServiceError('INTERNAL', 'stack trace here'), 'billing')).toEqual({
      ok: false,
      error: 'failed',
      message: 'The billing service could not do it.',
    });
    expect(fromServiceError(new ServiceError('SERVICE_TIMEOUT', 'billing did not answer in time'), 'billing')).toEqual(
      expect.objectContaining({ ok: false, error: 'unavailable' }),
    );
  });

  it('lets anything that is not a service error through', () => {
    expect(() => fromServiceError(new TypeError('bug'), 'files')).toThrow(TypeError);
  });
});
