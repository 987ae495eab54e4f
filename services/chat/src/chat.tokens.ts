/** Injection tokens for the ports handlers need (interfaces have no runtime identity). */
export const TASKS = Symbol.for('chat.tasks');
export const CONVERSATIONS = Symbol.for('chat.conversations');
export const MESSAGES = Symbol.for('chat.messages');
