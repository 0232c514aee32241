/** Reading generated PDFs back in tests: the text of each page, as a PDF viewer extracts it. */
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** The text of each page of a PDF. */
export async function pdfPages(body: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({
    data: new Uint8Array(body),
    standardFontDataUrl: `${pdfjsRoot}/standard_fonts/`,
  }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const content = await (await pdf.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await pdf.destroy();
  return pages;
}
