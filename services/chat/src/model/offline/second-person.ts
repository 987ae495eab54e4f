/** "my dog is called Rex" -> "your dog is called Rex": the user's words said back to them. */
export function secondPerson(text: string): string {
  const swapped = text
    .replace(/\bI am\b/g, 'you are')
    .replace(/\bI was\b/gi, 'you were')
    .replace(/\bI['\u2019]m\b/gi, "you're")
    .replace(/\bI['\u2019]ve\b/gi, "you've")
    .replace(/\bI['\u2019]d\b/gi, "you'd")
    .replace(/\bI['\u2019]ll\b/gi, "you'll")
    .replace(/\bwe['\u2019]re\b/gi, "you're")
    .replace(/\bmyself\b/gi, 'yourself')
    .replace(/\b(my|our)\b/gi, 'your')
    .replace(/\b(mine|ours)\b/gi, 'yours')
    .replace(/\bI\b/g, 'you')
    .replace(/\b(me|us)\b/gi, 'you')
    .replace(/\bwe\b/gi, 'you')
    .replace(/\byou am\b/gi, 'you are');
  return swapped.replace(/[.!\s]+$/, '');
}
