import { OfflineEmbeddings } from './offline-embeddings.js';

const cosine = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);

describe('the offline embedding', () => {
  const embeddings = new OfflineEmbeddings(512);

  it('is deterministic, unit length and of the configured size', async () => {
    const [a, b] = await embeddings.embedDocuments(['My dog is called Rex', 'My dog is called Rex']);
    expect(a).toHaveLength(512 + 100);
    expect(a).toEqual(b);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 10);
    expect(Math.hypot(...(await embeddings.embedQuery('')))).toBeCloseTo(1, 10);
  });

  it('puts a question near the fact it asks about, not near other facts of the same shape', async () => {
    const question = await embeddings.embedQuery("what's my dog's name?");
    const [dog, cat, car] = await embeddings.embedDocuments(['my dog is called Rex', "my cat's name is Mochi", 'my car is a blue Volvo']);
    expect(cosine(question, dog!)).toBeGreaterThan(cosine(question, cat!));
    expect(cosine(question, dog!)).toBeGreaterThan(cosine(question, car!));
  });

  it('survives a typo or another spelling', async () => {
    const [favourite, unrelated] = await embeddings.embedDocuments([
      'my favourite restaurant is Chez Paul',
      'the invoice is due on Friday',
    ]);
    const query = await embeddings.embedQuery('favorite resturant');
    expect(cosine(query, favourite!)).toBeGreaterThan(cosine(query, unrelated!) + 0.1);
  });

  it('puts a paraphrase nearer the fact it asks about than facts it shares no word with', async () => {
    const question = await embeddings.embedQuery('what instrument is my boy studying?');
    const [piano, lunch, weather] = await embeddings.embedDocuments([
      'my son is learning to play the piano',
      'we are planning a team lunch next week',
      'the weather is lovely today',
    ]);
    expect(cosine(question, piano!)).toBeGreaterThan(cosine(question, lunch!));
    expect(cosine(question, piano!)).toBeGreaterThan(cosine(question, weather!));
    expect(embeddings.semanticSimilarity('who is our accountant?', 'Nadia does our bookkeeping')).toBeGreaterThan(
      embeddings.semanticSimilarity('who is our accountant?', 'the weather is lovely today'),
    );
  });

  it('names its vector space by version, size and word vectors', () => {
    expect(new OfflineEmbeddings(256).id).toBe('offline-v3-256-wv100');
  });
});
