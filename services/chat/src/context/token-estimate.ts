/**
 * Tokens a text costs, estimated: about four characters per token for English, plus a little per
 * message for the role markup. Close enough to keep a budget without shipping a tokenizer.
 */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4) + 4;
