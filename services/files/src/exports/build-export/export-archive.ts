import { strToU8, zipSync, type Zippable } from 'fflate';

export interface ArchiveContents {
  readonly userId: string;
  readonly exportId: string;
  readonly createdAt: string;
  /** File name (without `.json`) -> what goes in it. */
  readonly sections: Readonly<Record<string, unknown>>;
}

const README = (contents: ArchiveContents, names: string[]) => `TaskSensei account export
=========================

Account ${contents.userId}, export ${contents.exportId}, made ${contents.createdAt}.

Everything TaskSensei holds for this account, as JSON (UTF-8):
${names.map((name) => `- ${name}.json`).join('\n')}

files.json lists your files with download links; the links expire (see "linksExpireAt"), after
which you can ask for a new export or download each file from the app.
`;

/** The export as one zip: a README and one JSON document per section, in a single folder. */
export function buildArchive(contents: ArchiveContents): Uint8Array {
  const names = Object.keys(contents.sections).sort();
  const folder = `tasksensei-export-${contents.createdAt.slice(0, 10)}`;
  const entries: Zippable = { [`${folder}/README.txt`]: strToU8(README(contents, names)) };
  for (const name of names) entries[`${folder}/${name}.json`] = strToU8(`${JSON.stringify(contents.sections[name], null, 2)}\n`);
  return zipSync(entries, { level: 6, mtime: new Date(contents.createdAt) });
}
