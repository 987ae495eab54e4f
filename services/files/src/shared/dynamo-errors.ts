/** A conditional write whose condition did not hold: an expected outcome, not a failure. */
export const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';
