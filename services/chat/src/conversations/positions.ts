/**
 * Sort keys of a turn: the user message's time and id, then 0 (the user message), 1-nnnn (tool
 * messages in call order) and 2 (the reply). A reply written after its tools still sorts after
 * them, and turns sort by when they were sent.
 */
export const turnPrefix = (createdAt: string, userMessageId: string) => `${createdAt}#${userMessageId}`;
export const userPosition = (prefix: string) => `${prefix}#0`;
export const toolPosition = (prefix: string, index: number) => `${prefix}#1-${String(index).padStart(4, '0')}`;
export const replyPosition = (prefix: string) => `${prefix}#2`;

/** The user message of the turn a reply (first or regenerated) belongs to: `<time>#<id>#0`. */
export function userPositionOf(replyPosition: string): string {
  const [createdAt, userMessageId] = replyPosition.split('#');
  return userPosition(`${createdAt}#${userMessageId}`);
}

/**
 * The turn of a regenerated reply: inside the original turn, after the reply it replaces (and
 * after earlier regenerations, by time), so its tools and reply keep their own positions.
 */
export function regeneratedTurn(previousReplyPosition: string, at: string, replyId: string): string {
  const [createdAt, userMessageId] = previousReplyPosition.split('#');
  return `${createdAt}#${userMessageId}#2~${at}#${replyId}`;
}
