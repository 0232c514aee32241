/**
 * Saving files the API sends. The API wants a bearer token, which a plain link cannot carry, so
 * files are fetched with the typed client and handed to the browser as a blob.
 */

/**
 * The file name of a `Content-Disposition` header: `filename*` (RFC 5987, UTF-8, umlauts)
 * when present, else `filename`, else the fallback. Path separators never survive.
 */
export function fileNameFrom(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  let name: string | null = null;
  if (extended?.[1]) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = null;
    }
  }
  if (!name) name = /filename\s*=\s*"([^"]*)"/i.exec(header)?.[1] ?? null;
  if (!name) name = /filename\s*=\s*([^;\s]+)/i.exec(header)?.[1] ?? null;
  const safe = name?.replace(/[/\\]/g, '_').trim();
  return safe || fallback;
}

/** Lets the browser save a blob under a name (the "download" of a link to an object URL). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after click() returns: revoke it a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
