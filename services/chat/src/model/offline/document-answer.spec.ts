import { answerFromDocuments } from './document-answer.js';

const passages = [
  { ref: 1, label: 'handbook.pdf, page 1', text: 'Welcome to ACME. We value honesty. Holidays are 25 days a year.' },
  {
    ref: 2,
    label: 'contract.pdf, page 2',
    text: 'Payment terms. Invoices are due within 30 days. The late payment penalty is 4,200 EUR for each month of delay.',
  },
];

describe('the offline answer from passages of the user’s files', () => {
  it('quotes the sentence that answers, with its file, page and passage number', () => {
    expect(answerFromDocuments('What is the late payment penalty?', passages)).toBe(
      'From contract.pdf, page 2 [2]: "The late payment penalty is 4,200 EUR for each month of delay."',
    );
  });

  it('tolerates a typo in the question', () => {
    expect(answerFromDocuments('how many holliday days do we get?', passages)).toContain('Holidays are 25 days a year.');
  });

  it('says nothing when no passage speaks to the question', () => {
    expect(answerFromDocuments('Who won the football match?', passages)).toBeUndefined();
  });
});
