import { ChromaClient } from 'chromadb';

export function createChroma(url: string): ChromaClient {
  const parsed = new URL(url);
  return new ChromaClient({
    host: parsed.hostname,
    port: Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80)),
    ssl: parsed.protocol === 'https:',
  });
}

export const chromaCheck = (chroma: ChromaClient) => () => chroma.heartbeat();

/**
 * The names of every collection of the database, read over Chroma's HTTP API: the client's
 * listCollections builds each collection with the embedding function stored for it, and ours
 * (or any other service's) is not one it knows, so it throws.
 */
export function chromaCollectionNames(url: string, tenant = 'default_tenant', database = 'default_database'): () => Promise<string[]> {
  const base = `${url.replace(/\/+$/, '')}/api/v2/tenants/${tenant}/databases/${database}/collections`;
  return async () => {
    const names: string[] = [];
    for (let offset = 0; ; offset += 100) {
      const response = await fetch(`${base}?limit=100&offset=${offset}`, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`Chroma answered ${response.status} listing collections`);
      const page = (await response.json()) as { name: string }[];
      names.push(...page.map((c) => c.name));
      if (page.length < 100) return names;
    }
  };
}
