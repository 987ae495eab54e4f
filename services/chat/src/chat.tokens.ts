/** Injection tokens for the ports handlers need (interfaces have no runtime identity). */
export const TASKS = Symbol.for('chat.tasks');
