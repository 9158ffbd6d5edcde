/** SHA-256 (hex) of a text, to identify uploaded data without keeping a second copy around. */
export async function contentHash(text: string): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
