/** Injection tokens for the ports handlers need (interfaces have no runtime identity). */
export const TASKS = Symbol.for('chat.tasks');
/** The memory store (Chroma) for whole-account export. */
export const CHAT_MEMORY = Symbol.for('chat.memory');
