import type { DocumentHit } from '../chunks/document-chunk.js';
import { citationsIn } from './citations.js';

const hit = (fileId: string, filename: string, page?: number): DocumentHit => ({
  id: `${fileId}:${page ?? 0}:0`,
  userId: 'u',
  fileId,
  filename,
  ...(page ? { page } : {}),
  text: 'x',
  score: 0.9,
});

describe('citations of a reply', () => {
  const passages = [hit('f1', 'contract.pdf', 2), hit('f1', 'contract.pdf', 2), hit('f2', 'notes.txt'), hit('f1', 'contract.pdf', 5)];

  it('names each cited file and page once, in the order first cited', () => {
    expect(citationsIn('The fee is 4,200 EUR [2]. See also [3, 1] and [4].', passages)).toEqual([
      { fileId: 'f1', filename: 'contract.pdf', page: 2 },
      { fileId: 'f2', filename: 'notes.txt' },
      { fileId: 'f1', filename: 'contract.pdf', page: 5 },
    ]);
  });

  it('ignores numbers that name no passage it was given, and replies that cite nothing', () => {
    expect(citationsIn('Per [9] and [0].', passages)).toEqual([]);
    expect(citationsIn('No sources here.', passages)).toEqual([]);
  });
});
