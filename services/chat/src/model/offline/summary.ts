import { oneLine } from '../../context/prompt.js';

const MAX_LINES = 8;
const MAX_LINE = 160;

/**
 * The offline summary: the user's own statements and requests, latest last, each cut short.
 * Extractive on purpose: without a model, the user's words are the safest record of what matters.
 */
export function summarise(transcript: string, previous?: string): string {
  const lines = transcript
    .split('\n')
    .map((l) => /^user: (.*)$/i.exec(l.trim())?.[1])
    .filter((l): l is string => Boolean(l && l.length > 3 && !/^(hi|hello|hey|thanks|thank you|ok|okay)\b/i.test(l)))
    .map((l) => `- The user said: ${oneLine(l).slice(0, MAX_LINE)}`);
  const kept = [...(previous ? previous.split('\n').filter((l) => l.startsWith('- ')) : []), ...lines];
  return kept.slice(-MAX_LINES).join('\n');
}
