import { makePdf } from './documents.js';

/** A three-page contract whose page 2 alone holds the late-payment penalty. */
export const PENALTY = '4,200 EUR';
export function contractPdf(): Promise<Uint8Array> {
  return makePdf([
    'Service agreement between ACME Ltd and the Customer. This agreement starts on signature and runs for twelve months.',
    `Payment terms. Invoices are due within 30 days. The late payment penalty is ${PENALTY} for each month of delay. Disputes go to the courts of Dublin.`,
    'Termination. Either party may end this agreement with ninety days written notice.',
  ]);
}

export const WIFI = 'blue-falcon-88';
export const notesText = () =>
  new TextEncoder().encode(`Office notes\n\nThe guest wifi password is ${WIFI}.\nThe plants are watered on Mondays.\n`);
