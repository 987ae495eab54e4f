import { answerFromMemory, type Remembered } from './memory-answer.js';

const said = (...texts: string[]): Remembered[] => texts.map((text) => ({ text, role: 'user' }));

describe('the offline answer from what the user said before', () => {
  it('prefers a statement that holds a name for a "who" question', () => {
    const memories = said('our electrician always comes on time', 'our electrician is Marta Lind');
    expect(answerFromMemory('who is our electrician?', memories)).toBe('From what you told me earlier: your electrician is Marta Lind.');
  });

  it('prefers a statement that holds a time for a "when" question', () => {
    const memories = said('the gym is busy', 'the gym opens at 7am on weekdays');
    expect(answerFromMemory('when does the gym open?', memories)).toContain('7am');
  });

  it('prefers a statement that holds a number for a "how much" question', () => {
    const memories = said('the rent for the garage is too high', 'the rent for the garage is 250 euros');
    expect(answerFromMemory('how much is the garage rent?', memories)).toContain('250 euros');
  });

  it('does not take a request made to the assistant for a fact', () => {
    const memories = said('add a task to call the vet', 'our vet is Dr. Ilves');
    expect(answerFromMemory('who is our vet?', memories)).toContain('Dr. Ilves');
  });

  it('meets a paraphrase through the word vectors', () => {
    const memories = said('I had a long day', 'my husband works as a nurse');
    expect(answerFromMemory("what is my spouse's job?", memories)).toContain('nurse');
  });

  it('answers nothing when nothing fits', () => {
    expect(answerFromMemory('what is my car?', said('the weather is lovely today'))).toBeUndefined();
  });
});
