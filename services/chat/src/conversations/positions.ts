/**
 * Sort keys of a turn: the user message's time and id, then 0 (the user message), 1-nnnn (tool
 * messages in call order) and 2 (the reply). A reply written after its tools still sorts after
 * them, and turns sort by when they were sent.
 */
export const turnPrefix = (createdAt: string, userMessageId: string) => `${createdAt}#${userMessageId}`;
export const userPosition = (prefix: string) => `${prefix}#0`;
export const toolPosition = (prefix: string, index: number) => `${prefix}#1-${String(index).padStart(4, '0')}`;
export const replyPosition = (prefix: string) => `${prefix}#2`;
