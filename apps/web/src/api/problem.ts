/** One field's message from an RFC 9457 problem's `errors`. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/**
 * Every failed call, whatever went wrong: an HTTP problem from the gateway (status, detail,
 * per-field errors) or no answer at all (status 0). The UI shows `detail` and the field errors.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  /** The message for one form field (`path` as the gateway writes it, e.g. `displayName`). */
  fieldMessage(path: string): string | undefined {
    return this.errors.find((e) => e.path === path || e.path.endsWith(`.${path}`))?.message;
  }

  static offline(): ApiError {
    return new ApiError(0, 'No connection', 'The server did not answer. Check your connection and try again.');
  }
}

/** A readable sentence for any error thrown at the UI. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429 && error.retryAfterSeconds) return `${error.detail} Try again in ${error.retryAfterSeconds} s.`;
    return error.detail || error.title;
  }
  return 'Something went wrong. Please try again.';
}

interface ProblemBody {
  title?: unknown;
  detail?: unknown;
  errors?: unknown;
}

/** Reads a response: JSON on success, an ApiError from problem+json (or anything else) otherwise. */
export async function readResponse<T>(response: Response): Promise<T> {
  if (response.ok) {
    if (response.status === 204) return undefined as T;
    // 202 Accepted (a mail on its way) may come with no body at all.
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const retryAfter = Number(response.headers.get('retry-after')) || undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const body = (await response.json().catch(() => ({}))) as ProblemBody;
    const errors = Array.isArray(body.errors)
      ? (body.errors as unknown[]).filter((e): e is FieldError => typeof e === 'object' && e !== null && 'path' in e && 'message' in e)
      : [];
    return Promise.reject(
      new ApiError(
        response.status,
        typeof body.title === 'string' ? body.title : response.statusText,
        typeof body.detail === 'string' ? body.detail : 'The request failed.',
        errors,
        retryAfter,
      ),
    );
  }
  return Promise.reject(
    new ApiError(response.status, response.statusText, `The server answered ${response.status}. Please try again.`, [], retryAfter),
  );
}
